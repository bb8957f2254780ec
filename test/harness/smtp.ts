/**
 * A real SMTP server in the test process (smtp-server), every mail parsed with mailparser. It can
 * be stopped and started again on the same port (SMTP down, then up), and answer 4xx or 5xx.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type SmtpMode = 'accept' | 'temporary-failure' | 'permanent-failure';

export interface TestSmtp {
  url: string;
  mails: ParsedMail[];
  /** The raw source of each mail, in the order received. */
  raw: string[];
  mode: SmtpMode;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function testSmtp(): Promise<TestSmtp> {
  let server: SMTPServer | undefined;
  let port = 0;
  const smtp: TestSmtp = {
    url: '',
    mails: [],
    raw: [],
    mode: 'accept',
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onData(stream, _session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            if (smtp.mode !== 'accept') {
              const code = smtp.mode === 'temporary-failure' ? 451 : 550;
              callback(Object.assign(new Error(code === 451 ? 'Try again later' : 'Mailbox unavailable'), { responseCode: code }));
              return;
            }
            const source = Buffer.concat(chunks).toString('utf8');
            smtp.raw.push(source);
            void simpleParser(source).then((mail) => {
              smtp.mails.push(mail);
              callback();
            }, callback);
          });
        },
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', () => resolve()));
      port = (server.server.address() as { port: number }).port;
      smtp.url = `smtp://127.0.0.1:${port}`;
    },
    async stop() {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    },
  };
  await smtp.start();
  return smtp;
}

/** Every part of a mail as text: headers, subject, text, HTML and each attachment. */
export function everyPart(mail: ParsedMail, raw?: string): string {
  const headers = [...mail.headers.entries()].map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n');
  const attachments = mail.attachments.map((a) => a.content.toString('utf8')).join('\n');
  return [headers, mail.subject ?? '', mail.text ?? '', typeof mail.html === 'string' ? mail.html : '', attachments, raw ?? ''].join('\n');
}
