import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveRooms } from '../server/livekit/rooms.ts';
import { startLivekitDouble } from './harness/livekit-double.ts';

let livekit: Awaited<ReturnType<typeof startLivekitDouble>>;
beforeAll(async () => {
  livekit = await startLivekitDouble();
});
afterAll(() => livekit.close());

describe('LiveKit rooms through the RoomService wire protocol', () => {
  it('creating twice keeps one room; deleting a gone room is not an error', async () => {
    const rooms = createLiveRooms({ LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' });
    await rooms.ensureRoom('session-a', { emptyTimeoutSeconds: 600, maxParticipants: 60 });
    await rooms.ensureRoom('session-a', { emptyTimeoutSeconds: 600, maxParticipants: 60 });
    expect([...livekit.rooms.keys()]).toEqual(['session-a']);
    expect(livekit.rooms.get('session-a')).toMatchObject({ emptyTimeout: 600, maxParticipants: 60 });
    await rooms.deleteRoom('session-a');
    await rooms.deleteRoom('session-a');
    expect(livekit.rooms.size).toBe(0);
  });

  it('a wrong secret is refused by the server, as LiveKit refuses it', async () => {
    const rooms = createLiveRooms({ LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'not-the-secret' });
    await expect(rooms.ensureRoom('session-b', { emptyTimeoutSeconds: 60, maxParticipants: 10 })).rejects.toThrow();
    expect(livekit.rooms.has('session-b')).toBe(false);
  });
});
