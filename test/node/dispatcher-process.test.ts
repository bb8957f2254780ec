/**
 * `npm run dispatcher` as a real child process, in a database of its own next to
 * TEST_DATABASE_URL: it migrates, takes a notification queued in the outbox, sends it once through
 * a real SMTP server in the test (smtp-server), marks it sent, and stops cleanly on SIGTERM
 * (exit code 0, having said so), sending nothing twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewNotification } from '../../src/services/ports/notifications.js';
import { NotificationRepository } from '../../src/store/notifications.js';
import { openPostgres } from '../../src/store/open-postgres.js';
import { testSmtp, type TestSmtp } from '../harness/smtp.js';

const base = process.env.TEST_DATABASE_URL;

/** Resolves when `text` appears in what the child printed; fails with its output after `ms`. */
function printed(child: ChildProcess, output: () => string, text: string, ms = 100_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (output().includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    const timer = setTimeout(() => reject(new Error(`"${text}" not printed:\n${output()}`)), ms);
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!output().includes(text)) reject(new Error(`exited (${code ?? signal}) before "${text}":\n${output()}`));
    });
    check();
  });
}

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!base)('npm run dispatcher as a process', () => {
  const url = new URL(base ?? 'postgres://invalid/x');
  const name = `${url.pathname.slice(1)}_dispatcher`;
  url.pathname = `/${name}`;
  const admin = postgres(base ?? 'postgres://invalid', { max: 1, onnotice: () => {} });
  let smtp: TestSmtp;
  let child: ChildProcess;
  let output = '';
  let opened: ReturnType<typeof openPostgres>;

  beforeAll(async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
    smtp = await testSmtp();
    const { DATABASE_READ_URL: _replica, ...env } = process.env;
    child = spawn('npm', ['run', '--silent', 'dispatcher'], {
      env: { ...env, DATABASE_URL: url.toString(), SMTP_URL: smtp.url, MAIL_FROM: 'Liaison <liaison@example.org>', PUBLIC_URL: 'https://liaison.example.org', LIAISON_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own: whatever happens, afterAll ends npm, tsx and the dispatcher together.
      detached: true,
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    // It migrates the empty database first, then delivers.
    await printed(child, () => output, 'Dispatcher running');
    opened = openPostgres(url.toString(), { max: 2 });
  }, 120_000);

  afterAll(async () => {
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is gone: it stopped by itself
      }
    }
    await opened?.sql.end();
    await smtp?.stop();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  it('sends a queued notification through SMTP once, then stops cleanly on SIGTERM', async () => {
    expect(output).toContain(`Mail: delivering notifications over SMTP (${new URL(smtp.url).host})`);
    const organisationId = crypto.randomUUID();
    const requestId = crypto.randomUUID();
    await opened.sql`insert into organisations (id, name, kind, created_at) values (${organisationId}, 'Process Practice', 'practice', now())`;
    const now = new Date();
    const row: NewNotification<'email'> = {
      id: crypto.randomUUID(),
      channel: 'email',
      requestId,
      organisationId,
      recipientUserId: null,
      recipient: 'gp@process.example',
      payload: {
        topic: 'visit-booked',
        requestId,
        reference: 'LSN-000777',
        priority: 'urgent',
        timeZone: 'Europe/Berlin',
        invite: { uid: `${requestId}-0@liaison`, sequence: 0, method: 'REQUEST', start: '2030-06-03T08:00:00.000Z', end: '2030-06-03T08:45:00.000Z', videoLink: 'https://video.example/room/9' },
      },
      digest: false,
      dueAt: now,
      createdAt: now,
    };
    await new NotificationRepository(opened.db).enqueue([row]);

    await until(
      () => smtp.mails.length,
      (n) => n > 0,
      60_000,
    );
    expect(smtp.mails, output).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail!.messageId).toBe(`<notification-${row.id}@liaison.example.org>`);
    expect(mail!.subject).toContain('LSN-000777');
    expect(JSON.stringify(mail!.to)).toContain('gp@process.example');
    expect(mail!.text).toContain(`https://liaison.example.org/requests/${requestId}`);
    const ics = mail!.attachments.find((a) => /calendar/.test(a.contentType))?.content.toString('utf8') ?? '';
    expect(ics).toMatch(/^METHOD:REQUEST\r?$/m);
    expect(ics).toMatch(/^BEGIN:VTIMEZONE\r?\nTZID:Europe\/Berlin/m);
    const [sent] = await until(
      () => opened.sql<{ state: string; attempts: number }[]>`select state, attempts from notifications where id = ${row.id}`,
      (rows) => rows[0]?.state === 'sent',
      60_000,
    );
    expect(sent, output).toEqual({ state: 'sent', attempts: 1 });

    // SIGTERM to npm, as a process manager sends it: npm hands it on (the script execs tsx, which
    // hands it to the dispatcher), the batch in hand finishes, and every process exits 0.
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited, output).toBe(0);
    // npm exits when its child does; helpers of the child (esbuild's service under tsx) follow a moment later.
    const groupAlive = () => {
      try {
        process.kill(-child.pid!, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(await until(groupAlive, (alive) => !alive, 10_000), 'no process of the group is left').toBe(false);
    expect(output).toContain('SIGTERM: stopping after the batch in hand');
    expect(smtp.mails).toHaveLength(1);
  });
});
