import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../server/clock.ts';
import { issueMagicLink } from '../server/domain/auth/auth.service.ts';
import { createTestContext, type TestContext } from './harness/context.ts';
import { countRows, createPerson, createStaff, signedInPerson, signedInStaff, STAFF_PASSWORD } from './harness/factories.ts';

let ctx: TestContext;
const clock = new ManualClock('2026-07-01T00:00:00Z');

beforeAll(async () => {
  ctx = await createTestContext({ clock, env: { SIGN_IN_LIMIT_PER_ACCOUNT: '3', SIGN_IN_LIMIT_PER_IP: '6', TRUST_PROXY: 'true' } });
});
afterAll(() => ctx.close());

describe('password sign-in', () => {
  it('a coordinator signs in, gets an HttpOnly SameSite=Lax cookie and a CSRF token, and sees who they are', async () => {
    const staff = await createStaff(ctx.deps.db);
    const browser = ctx.client();
    const signIn = await browser.post('/api/auth/sign-in', { email: staff.email, password: STAFF_PASSWORD });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/lc_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(signIn.body.csrfToken).toEqual(expect.any(String));
    const me = await browser.get('/api/auth/session');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ personId: staff.personId, staffRole: 'coordinator', email: staff.email });
  });

  it('a wrong password is refused with 401 and no cookie', async () => {
    const staff = await createStaff(ctx.deps.db);
    const response = await ctx.client().withHeaders({ 'x-forwarded-for': '10.0.0.1' }).post('/api/auth/sign-in', { email: staff.email, password: 'wrong' });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ code: 'unauthenticated', detail: 'Wrong e-mail or password' });
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('an unknown e-mail gets the same answer as a wrong password', async () => {
    const response = await ctx.client().withHeaders({ 'x-forwarded-for': '10.0.0.2' }).post('/api/auth/sign-in', { email: 'nobody@nowhere.test', password: 'x' });
    expect(response.status).toBe(401);
    expect(response.body.detail).toBe('Wrong e-mail or password');
  });

  it('a malformed body names each bad field', async () => {
    const response = await ctx.client().post('/api/auth/sign-in', { email: 'not-an-email' });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
  });

  it('after too many failures the account is locked out with 429 and Retry-After, even with the right password', async () => {
    const staff = await createStaff(ctx.deps.db);
    const browser = ctx.client().withHeaders({ 'x-forwarded-for': '10.0.1.1' });
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await browser.post('/api/auth/sign-in', { email: staff.email, password: 'guess' })).status).toBe(401);
    }
    const locked = await browser.post('/api/auth/sign-in', { email: staff.email, password: STAFF_PASSWORD });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.body.code).toBe('rate_limited');
  });

  it('one address trying many accounts is limited per address', async () => {
    const browser = ctx.client().withHeaders({ 'x-forwarded-for': '10.0.2.1' });
    for (let attempt = 0; attempt < 6; attempt++) {
      await browser.post('/api/auth/sign-in', { email: `victim${attempt}@city.test`, password: 'guess' });
    }
    const staff = await createStaff(ctx.deps.db);
    const refused = await browser.post('/api/auth/sign-in', { email: staff.email, password: STAFF_PASSWORD });
    expect(refused.status).toBe(429);
    const otherAddress = await ctx.client().withHeaders({ 'x-forwarded-for': '10.0.2.2' }).post('/api/auth/sign-in', { email: staff.email, password: STAFF_PASSWORD });
    expect(otherAddress.status).toBe(200);
  });

  it('sign-out really ends the session: the old cookie no longer works', async () => {
    const browser = await signedInStaff(ctx);
    const stolenCookie = browser.cookies.get('lc_session');
    expect((await browser.post('/api/auth/sign-out')).status).toBe(204);
    const replay = ctx.client();
    replay.cookies.set('lc_session', stolenCookie!);
    expect((await replay.get('/api/auth/session')).status).toBe(401);
  });
});

describe('CSRF protection', () => {
  it('a cookie-authenticated write without the CSRF token is refused and changes nothing', async () => {
    const browser = await signedInStaff(ctx);
    const before = await countRows(ctx.deps.db, 'programmes');
    const response = await browser.post('/api/programmes', { title: 'Water management', theme: 'water' }, { csrf: false });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('csrf_failed');
    expect(await countRows(ctx.deps.db, 'programmes')).toBe(before);
  });

  it('a write with another session’s CSRF token is refused', async () => {
    const browser = await signedInStaff(ctx);
    const other = await signedInStaff(ctx);
    const response = await browser.post('/api/programmes', { title: 'Water', theme: 'water' }, { headers: { 'x-csrf-token': other.csrfToken! } });
    expect(response.status).toBe(403);
  });

  it('a write from a foreign Origin is refused even with the token', async () => {
    const browser = await signedInStaff(ctx);
    const response = await browser.post('/api/programmes', { title: 'Water', theme: 'water' }, { headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect(response.body.detail).toContain('https://evil.example');
  });
});

describe('magic links', () => {
  it('a participant signs in once with a link; the same link cannot be used again', async () => {
    const person = await createPerson(ctx.deps.db);
    const { token } = await issueMagicLink(ctx.deps.db, person.id, { now: clock.now(), ttlMinutes: 30 });
    const first = await ctx.client().post('/api/auth/magic-links/redeem', { token });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ personId: person.id, staffRole: null });
    const second = await ctx.client().post('/api/auth/magic-links/redeem', { token });
    expect(second.status).toBe(401);
    expect(second.body).toMatchObject({ reason: 'used', detail: expect.stringContaining('already been used') });
  });

  it('an expired link is refused and says so', async () => {
    const person = await createPerson(ctx.deps.db);
    const { token } = await issueMagicLink(ctx.deps.db, person.id, { now: clock.now(), ttlMinutes: 30 });
    const later = new ManualClock(new Date(clock.now().getTime() + 31 * 60_000));
    const laterCtx = { ...ctx, deps: { ...ctx.deps, clock: later } };
    const { createApp } = await import('../server/app.ts');
    const app = createApp(laterCtx.deps);
    const response = await app.request('/api/auth/magic-links/redeem', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ reason: 'expired' });
  });

  it('tokens are stored hashed, never as the link carries them', async () => {
    const person = await createPerson(ctx.deps.db);
    const { token } = await issueMagicLink(ctx.deps.db, person.id, { now: clock.now(), ttlMinutes: 30 });
    const stored = await ctx.deps.db.selectFrom('sign_in_tokens').select('token_hash').where('person_id', '=', person.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
  });

  it('a coordinator creates a link for a person; a participant may not', async () => {
    const coordinator = await signedInStaff(ctx);
    const person = await createPerson(ctx.deps.db);
    const created = await coordinator.post('/api/auth/magic-links', { personId: person.id });
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(/^http:\/\/localhost:3000\/sign-in#token=/);
    const participant = await signedInPerson(ctx, person.id);
    const refused = await participant.post('/api/auth/magic-links', { personId: person.id });
    expect(refused.status).toBe(403);
    const unknown = await coordinator.post('/api/auth/magic-links', { personId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(404);
  });

  it('signed out, the session endpoint answers 401', async () => {
    expect((await ctx.client().get('/api/auth/session')).status).toBe(401);
  });
});
