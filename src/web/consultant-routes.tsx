/**
 * The psychiatrist's pages: the service's "Triage queue" in the order the use case gives it (risk,
 * priority, time left), "My cases", the calendar of joint consultations and their availability.
 * Queue and cases refresh themselves (assets.ts).
 */
import { Hono, type Context } from 'hono';
import { DomainError } from '../domain/errors.js';
import { inOne } from '../services/situation.js';
import { Banner, Csrf } from './components.js';
import type { WebEnv } from './env.js';
import { textOf } from './forms.js';
import { RequestList } from './gp-routes.js';
import { render } from './render.js';
import { when } from './words.js';

const QUEUE_SIZE = 50;
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The service a page is about: the one asked for, if the person works in it, else their first. */
export async function serviceChoice(c: Context<WebEnv>) {
  const ids = c.get('actor').serviceIds;
  if (!ids.length) throw new DomainError('not_found', 'You do not work in a consulting service.');
  const asked = c.req.query('service');
  const id = asked && ids.includes(asked) ? asked : ids[0]!;
  const all = await c.get('services').directory.services();
  const mine = all.filter((s) => ids.includes(s.id));
  const switcher =
    mine.length > 1 ? (
      <nav aria-label="Services">
        {mine.map((s) => (
          <a class={`button${s.id === id ? '' : ' secondary'}`} href={`${c.req.path}?service=${s.id}`} aria-current={s.id === id ? 'page' : undefined}>
            {s.name}
          </a>
        ))}
      </nav>
    ) : null;
  return { id, name: mine.find((s) => s.id === id)?.name ?? '', switcher, timeZone: mine.find((s) => s.id === id)?.timeZone ?? 'UTC' };
}

export function consultantRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/queue', async (c) => {
    const service = await serviceChoice(c);
    const page = await c.get('services').triage.queue(c.get('actor'), service.id, { cursor: null, limit: QUEUE_SIZE });
    return render(
      c,
      'Triage queue',
      <>
        {service.switcher}
        <p>{service.name}: requests waiting for a first response, at-risk first, then by priority and time left.</p>
        <RequestList id="triage-queue" items={page.items.map(inOne)} empty="Nothing is waiting for triage." />
      </>,
      { scripts: ['/assets/refresh.js'] },
    );
  });

  routes.get('/cases', async (c) => {
    const page = await c.get('services').triage.myCases(c.get('actor'), { cursor: null, limit: QUEUE_SIZE });
    return render(c, 'My cases', <RequestList id="my-cases" items={page.items.map(inOne)} empty="No open cases are assigned to you." />, { scripts: ['/assets/refresh.js'] });
  });

  routes.get('/calendar', async (c) => {
    const { services, actor } = c.var;
    const from = new Date(Date.now() - 86_400_000);
    const page = await services.requests.list(actor, { participantId: actor.id, appointment: { ge: from } }, { after: null, limit: 100 });
    const booked = page.items.filter((r) => r.appointment && r.appointment.status !== 'cancelled').sort((a, b) => a.appointment!.start.localeCompare(b.appointment!.start));
    return render(
      c,
      'Calendar',
      <>
        <p>Joint consultations from yesterday on.</p>
        {booked.length === 0 && <p>No joint consultations are booked.</p>}
        <ul class="requests">
          {booked.map((r) => (
            <li>
              <strong>{when(r.appointment!.start)}</strong> · <a href={`/requests/${r.id}`}>{r.reference}</a> · {r.requesterName ?? 'GP'} · {r.appointment!.videoLink ? 'video' : r.appointment!.location}
            </li>
          ))}
        </ul>
      </>,
    );
  });

  routes.get('/availability', async (c) => availabilityPage(c));
  routes.post('/availability', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const weekly = [];
    const errors: Record<string, string> = {};
    for (let day = 1; day <= 7; day++) {
      const start = textOf(form, `start-${day}`);
      const end = textOf(form, `end-${day}`);
      if (!start && !end) continue;
      if (!HH_MM.test(start) || !HH_MM.test(end) || start >= end) errors[`start-${day}`] = `${WEEKDAYS[day - 1]}: a start and an end such as 09:00 and 12:30, the start first.`;
      else weekly.push({ weekday: day, start, end });
    }
    if (Object.keys(errors).length) return availabilityPage(c, errors, 400);
    const current = await c.get('services').scheduling.availability(c.get('actor'));
    await c.get('services').scheduling.setAvailability(c.get('actor'), { weekly, unavailable: current.unavailable });
    return availabilityPage(c, {}, 200, true);
  });
  return routes;
}

async function availabilityPage(c: Context<WebEnv>, errors: Record<string, string> = {}, status = 200, saved = false) {
  const current = await c.get('services').scheduling.availability(c.get('actor'));
  const windowOf = (day: number) => current.weekly.find((w) => w.weekday === day);
  return render(
    c,
    'Availability',
    <>
      {saved && <Banner title="Saved">{<p>Your weekly availability is saved.</p>}</Banner>}
      <p>When you can take joint consultations each week (local time of your service). Leave a day empty when you are not available.</p>
      <form method="post" action="/availability">
        <Csrf token={c.get('session').csrf} />
        {WEEKDAYS.map((name, i) => {
          const day = i + 1;
          const error = errors[`start-${day}`];
          return (
            <fieldset>
              <legend>{name}</legend>
              {error && <p class="error" id={`err-${day}`}>{error}</p>}
              <label for={`f-start-${day}`}>From</label>
              <input id={`f-start-${day}`} type="time" name={`start-${day}`} value={windowOf(day)?.start ?? ''} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `err-${day}` : undefined} />
              <label for={`f-end-${day}`}>Until</label>
              <input id={`f-end-${day}`} type="time" name={`end-${day}`} value={windowOf(day)?.end ?? ''} />
            </fieldset>
          );
        })}
        <button type="submit">Save availability</button>
      </form>
    </>,
    { status },
  );
}
