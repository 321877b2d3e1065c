import { WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import type { Config } from '../config.ts';

export type WebhookCheck =
  | { ok: true; event: WebhookEvent; json: unknown }
  | { ok: false; status: 401 | 400; reason: string };

/**
 * Checks a LiveKit webhook exactly as delivered: the `Authorization` header is the bare JWT signed with
 * our API secret, and its `sha256` claim is the hash of the raw body (never a re-serialised one).
 */
export function createWebhookVerifier(config: Pick<Config, 'LIVEKIT_API_KEY' | 'LIVEKIT_API_SECRET'>) {
  const receiver = new WebhookReceiver(config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET);
  return async (rawBody: string, authorization: string | undefined): Promise<WebhookCheck> => {
    try {
      const event = await receiver.receive(rawBody, authorization);
      if (!event.id) return { ok: false, status: 400, reason: 'the event has no id' };
      return { ok: true, event, json: JSON.parse(rawBody) };
    } catch (error) {
      // The receiver parses the body only after the signature and the body hash have been checked.
      if (error instanceof SyntaxError || /cannot decode/i.test(String((error as Error).message))) {
        return { ok: false, status: 400, reason: `the body is not a LiveKit WebhookEvent: ${(error as Error).message}` };
      }
      return { ok: false, status: 401, reason: (error as Error).message || 'invalid signature' };
    }
  };
}
