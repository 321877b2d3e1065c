import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.ts';

export interface OutgoingMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** Deterministic per logical message, so a relay or mail client can collapse a resend. */
  messageId: string;
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; content: string; filename: string };
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export function createMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'SMTP_POOL_SIZE'>): Mailer {
  // A pool of reused SMTP connections: a cohort's invitations or a reminder wave go out without a new
  // TCP and SMTP handshake per message.
  const transport: Transporter = nodemailer.createTransport({ url: config.SMTP_URL, pool: true, maxConnections: config.SMTP_POOL_SIZE, maxMessages: Infinity }, { from: config.MAIL_FROM });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        ...(mail.icalEvent && {
          icalEvent: { method: mail.icalEvent.method.toLowerCase(), content: mail.icalEvent.content, filename: mail.icalEvent.filename },
        }),
      });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
