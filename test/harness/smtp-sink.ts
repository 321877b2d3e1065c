import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** The text/calendar part, when the message carries one. */
  calendar: string | undefined;
  calendarMethod: string | undefined;
  parsed: ParsedMail;
}

/** A real SMTP server in the test process: whatever nodemailer sends arrives here, parsed back. */
export async function startSmtpSink(options: { failFor?: (recipient: string) => boolean; parse?: boolean } = {}) {
  const received: ReceivedMail[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const notify = () => {
    for (const waiter of [...waiters]) {
      if (received.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.failFor?.(address.address)) callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      if (options.parse === false) {
        // Benchmarks: count and identify messages without spending the CPU on parsing them.
        let head = '';
        stream.on('data', (chunk: Buffer) => {
          if (head.length < 8192) head += chunk.toString('latin1');
        });
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          received.push({ to, subject: '', text: '', html: '', messageId: /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? '', calendar: undefined, calendarMethod: undefined, parsed: undefined as never });
          notify();
          callback();
        });
        return;
      }
      simpleParser(stream)
        .then((parsed) => {
          const calendarPart = parsed.attachments.find((a) => a.contentType === 'text/calendar');
          const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
          received.push({
            to,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? '',
            calendar: calendarPart?.content.toString('utf8'),
            calendarMethod: (calendarPart as { method?: string } | undefined)?.method ?? /METHOD:(\w+)/.exec(calendarPart?.content.toString('utf8') ?? '')?.[1],
            parsed,
          });
          notify();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A sender killed mid-message (the crash tests do that) resets its connection: expected, not a failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** Resolves once `count` messages in total have arrived (or rejects after `timeoutMs`). */
    waitFor(count: number, timeoutMs = 20_000): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} messages, got ${received.length}`)), timeoutMs);
        waiters.push({ count, resolve: () => { clearTimeout(timer); resolve(); } });
      });
    },
    to: (address: string) => received.filter((m) => m.to.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
