/**
 * `npm run mail:preview`: the mail waiting in the outbox, as it would be sent (subject, recipient,
 * plain text, the invite's METHOD/UID/SEQUENCE) — for development without SMTP_URL. Stop `npm start`
 * first on the embedded database (one process holds it). `--limit N` (default 20).
 */
import { mailSettings } from './node-dispatch.js';
import { loadNodeSetup, openDatabase } from './node-setup.js';
import { renderMail } from '../notify/email/render.js';
import { createStore } from '../store/index.js';

const setup = loadNodeSetup();
const limitArg = process.argv.indexOf('--limit');
const limit = limitArg > 0 ? Number(process.argv[limitArg + 1]) : 20;
const database = await openDatabase(setup);
await database.migrate();
const rows = await createStore(database.db).notifications.pending('email', Number.isInteger(limit) && limit > 0 ? limit : 20);
if (rows.length === 0) console.log('No mail waiting in the outbox.');
for (const row of rows) {
  const mail = renderMail([row], mailSettings(setup.raw));
  console.log(`--- ${mail.messageId}${row.digest ? ` (daily digest, due ${row.nextAttemptAt.toISOString()})` : ''}`);
  console.log(`From: ${mail.from}\nTo: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}`);
  if (mail.calendar) console.log(mail.calendar.content.split(/\r?\n/).filter((l) => /^(METHOD|UID|SEQUENCE|DTSTART|DTEND|STATUS)/.test(l)).join('\n'));
  console.log('');
}
await database.close();
