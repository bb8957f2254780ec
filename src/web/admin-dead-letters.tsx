/**
 * The administrator's "Dead letters": notifications that gave up after their attempts, newest
 * first, each with "Replay" (the notifications use case sends it again, attempts from zero).
 * 50 a page ("Earlier", "Later entries"). Shown, as in the JSON API: the channel, what it was about (the request's reference), the
 * attempts and the last error — never the message itself nor the address.
 */
import { Hono, type Context } from 'hono';
import { DomainError } from '../domain/errors.js';
import type { Channel, Notification } from '../services/ports/notifications.js';
import { Banner, Csrf } from './components.js';
import type { WebEnv } from './env.js';
import { ID_PARAM } from './forms.js';
import { Pager, trailOf } from './pager.js';
import { UUID_PATTERN } from '../domain/ids.js';
import { render } from './render.js';
import { when } from './words.js';

export const DEAD_LETTERS_PAGE = 50;
/** A page's cursor in its address: the last one shown before it, `<created, ms>_<id>`. */
const CURSOR = new RegExp(`^\\d{1,15}_${UUID_PATTERN}$`);
const cursorOf = (token: string) => ({ at: new Date(Number(token.split('_')[0])), id: token.slice(token.indexOf('_') + 1) });
const CHANNEL_WORDS: Record<Channel, string> = { email: 'E-mail to a person', 'rest-hook': 'FHIR subscription', 'ehr-push': 'Push to the EHR' };

/** What a notification was about, in words: its topic and the request's reference (no patient data). */
function aboutOf(n: Notification): string {
  const topic = ('topic' in n.payload ? n.payload.topic : n.payload.kind).replaceAll('-', ' ');
  return 'reference' in n.payload ? `${topic} · ${n.payload.reference}` : topic;
}

async function deadLettersPage(c: Context<WebEnv>, banner?: unknown, status = 200) {
  const trail = trailOf((name) => c.req.query(name), CURSOR);
  const { items, next } = await c.get('services').notifications.list(c.get('actor'), 'dead', trail.after ? cursorOf(trail.after) : null, DEAD_LETTERS_PAGE);
  const csrf = c.get('session').csrf;
  return render(
    c,
    'Dead letters',
    <>
      {banner ?? (c.req.query('done') === 'replay' && <Banner title="Sent again">{<p>The notification is queued to go out again.</p>}</Banner>)}
      {items.length === 0 ? (
        <p>No notification has given up. Nothing to replay.</p>
      ) : (
        <ul class="cards">
          {items.map((n) => (
            <li>
              <strong>{CHANNEL_WORDS[n.channel]}</strong>: {aboutOf(n)}
              <div class="meta">
                <span>Created {when(n.createdAt)}</span>
                <span>{n.attempts} attempts</span>
                {n.lastError && <span>Last error: {n.lastError}</span>}
              </div>
              <form method="post" action={`/dead-letters/${n.id}/replay`}>
                <Csrf token={csrf} />
                <button type="submit" aria-label={`Replay ${aboutOf(n)} (${CHANNEL_WORDS[n.channel].toLowerCase()}, ${when(n.createdAt)})`}>
                  Replay
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <Pager path="/dead-letters" trail={trail} next={next && `${next.at.getTime()}_${next.id}`} label="Pages of dead letters" />
    </>,
    { status },
  );
}

export function deadLetterRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/dead-letters', (c) => deadLettersPage(c));
  routes.post(`/dead-letters/${ID_PARAM}/replay`, async (c) => {
    try {
      await c.get('services').notifications.replay(c.get('actor'), c.req.param('id'));
      return c.redirect('/dead-letters?done=replay', 303);
    } catch (error) {
      // Replayed by someone else meanwhile, or not ours: the list as it is now says which.
      if (!(error instanceof DomainError) || error.code !== 'not_found') throw error;
      return deadLettersPage(c, <Banner kind="notice" title="Not replayed">{<p>This notification is no longer a dead letter (perhaps someone replayed it). The list is as it is now.</p>}</Banner>, 404);
    }
  });
  return routes;
}
