import { RoomServiceClient } from 'livekit-server-sdk';
import { startLivekitDouble, type LivekitDouble } from './livekit-double.ts';

/**
 * The LiveKit server the tests talk to: the double by default, or a real server when TEST_LIVEKIT_URL
 * is set (with TEST_LIVEKIT_API_KEY / TEST_LIVEKIT_API_SECRET, default devkey / secret, as in
 * docker-compose.yml). `room()` asks the server itself over RoomService, so the same assertion holds
 * for both. Tests that drive fake participants or break webhooks need the double and say so.
 */
export interface LivekitUnderTest extends LivekitDouble {
  /** The room as the server reports it (ListRooms), or undefined. */
  room(name: string): Promise<{ emptyTimeout: number; maxParticipants: number } | undefined>;
  real: boolean;
}

export const realLivekitUrl = process.env['TEST_LIVEKIT_URL'];

export async function livekitUnderTest(options: { now: () => Date }): Promise<LivekitUnderTest> {
  const apiKey = realLivekitUrl ? (process.env['TEST_LIVEKIT_API_KEY'] ?? 'devkey') : 'devkey';
  const apiSecret = realLivekitUrl ? (process.env['TEST_LIVEKIT_API_SECRET'] ?? 'secret') : 'secret';
  const base = realLivekitUrl ? doubleOnly(realLivekitUrl) : await startLivekitDouble({ apiKey, apiSecret, now: options.now });
  const client = new RoomServiceClient(base.url, apiKey, apiSecret);
  return Object.assign(base, {
    real: Boolean(realLivekitUrl),
    async room(name: string) {
      const [room] = await client.listRooms([name]);
      return room ? { emptyTimeout: room.emptyTimeout, maxParticipants: room.maxParticipants } : undefined;
    },
  });
}

/** A real server's view: its URL; everything that only the double can do throws a clear message. */
function doubleOnly(url: string): LivekitDouble {
  const refuse = (what: string) => () => {
    throw new Error(`This test uses the LiveKit double's ${what}; run it without TEST_LIVEKIT_URL (see README, "Against a real LiveKit server")`);
  };
  return new Proxy({ url, close: async () => undefined } as LivekitDouble, {
    get(target, property) {
      // Not a promise, and no other magic: only the double's own members refuse.
      if (typeof property === 'symbol' || property === 'then' || property in target) return Reflect.get(target, property);
      return refuse(property)();
    },
  });
}
