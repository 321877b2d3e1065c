import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveRooms } from '../server/livekit/rooms.ts';
import { livekitUnderTest, type LivekitUnderTest } from './harness/livekit-under-test.ts';

let livekit: LivekitUnderTest;
const key = process.env['TEST_LIVEKIT_API_KEY'] ?? 'devkey';
const secret = process.env['TEST_LIVEKIT_API_SECRET'] ?? 'secret';
beforeAll(async () => {
  livekit = await livekitUnderTest({ now: () => new Date() });
});
afterAll(() => livekit.close());

describe('LiveKit rooms through the RoomService wire protocol', () => {
  it('creating twice keeps one room; deleting a gone room is not an error; a gone room has nobody in it', async () => {
    const rooms = createLiveRooms({ LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: key, LIVEKIT_API_SECRET: secret });
    const name = `session-${randomUUID()}`;
    await rooms.ensureRoom(name, { emptyTimeoutSeconds: 600, maxParticipants: 60 });
    await rooms.ensureRoom(name, { emptyTimeoutSeconds: 600, maxParticipants: 60 });
    expect(await livekit.room(name)).toMatchObject({ emptyTimeout: 600, maxParticipants: 60 });
    expect(await rooms.listParticipants(name)).toEqual([]);
    await rooms.deleteRoom(name);
    await rooms.deleteRoom(name);
    expect(await livekit.room(name)).toBeUndefined();
    expect(await rooms.listParticipants(name)).toEqual([]);
    expect(await rooms.removeParticipant(name, 'nobody')).toBe(false);
  });

  it('a wrong secret is refused by the server, as LiveKit refuses it', async () => {
    const rooms = createLiveRooms({ LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: key, LIVEKIT_API_SECRET: 'not-the-secret-at-all' });
    const name = `session-${randomUUID()}`;
    await expect(rooms.ensureRoom(name, { emptyTimeoutSeconds: 60, maxParticipants: 10 })).rejects.toThrow();
    expect(await livekit.room(name)).toBeUndefined();
  });
});
