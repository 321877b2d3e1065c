import { z } from 'zod';
import type { Logger } from '../logger.ts';
import { AppError } from '../errors.ts';
import type { Ack } from './events.ts';

/** Runs a command and answers its acknowledgement with `{ data }` or `{ error: { code, message } }`. */
export async function acknowledge<T>(ack: Ack<T> | undefined, log: Logger, work: () => T | Promise<T>): Promise<void> {
  const answer = typeof ack === 'function' ? ack : () => undefined;
  try {
    answer({ data: await work() });
  } catch (error) {
    if (error instanceof z.ZodError) {
      answer({ error: { code: 'invalid_request', message: error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ') } });
    } else if (error instanceof AppError) {
      answer({ error: { code: error.code, message: error.message } });
    } else {
      log.error({ err: error }, 'socket command failed');
      answer({ error: { code: 'internal', message: 'Something went wrong on our side' } });
    }
  }
}
