import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import { assertStaff } from '../domain/access/actor.ts';
import { issueMagicLink, redeemMagicLink, signInWithPassword, signOut, type SignedIn } from '../domain/auth/auth.service.ts';
import { findPerson } from '../domain/people/people.repository.ts';
import { createLinkRequests } from '../domain/auth/link-request.service.ts';
import { deliverySettingsFrom } from '../domain/notifications/delivery-settings.ts';
import type { AppEnv } from './env.ts';
import { actorOf, requestAddress, SESSION_COOKIE } from './middleware.ts';
import { createRouter, jsonBody, jsonResponse, problems } from './openapi.ts';

const SignInBody = z.object({
  email: z.email({ message: 'expected an e-mail address' }).max(320),
  password: z.string().min(1, 'required').max(1024),
});
const SessionView = z
  .object({
    personId: z.uuid(),
    name: z.string(),
    email: z.string(),
    staffRole: z.enum(['admin', 'coordinator']).nullable(),
    csrfToken: z.string().describe('Send it back in X-CSRF-Token on every write'),
    expiresAt: z.iso.datetime(),
  })
  .openapi('SignInSession');
const MagicLinkBody = z.object({ personId: z.uuid({ message: 'expected a UUID' }) });
const RedeemBody = z.object({ token: z.string().min(16, 'not a sign-in token').max(128) });

export function authRoutes(deps: Deps) {
  const router = createRouter();
  const sessionPolicy = () => ({ now: deps.clock.now(), ttlHours: deps.config.AUTH_SESSION_TTL_HOURS });

  async function answerSignedIn(c: Context<AppEnv>, signedIn: SignedIn) {
    setCookie(c, SESSION_COOKIE, signedIn.token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: deps.config.isProduction,
      path: '/',
      expires: signedIn.expiresAt,
    });
    return describeSession(signedIn.personId, null, signedIn.csrfToken, signedIn.expiresAt);
  }

  async function describeSession(personId: string, staffRole: 'admin' | 'coordinator' | null, csrfToken: string, expiresAt: Date) {
    const person = await findPerson(deps.db, personId);
    if (!person) throw new AppError('unauthenticated', 'Sign in first');
    const role =
      staffRole ?? (await deps.db.selectFrom('accounts').select('role').where('person_id', '=', personId).where('disabled_at', 'is', null).executeTakeFirst())?.role ?? null;
    return { personId, name: person.name_latin, email: person.email, staffRole: role, csrfToken, expiresAt: expiresAt.toISOString() };
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/sign-in',
      tags: ['Sign-in'],
      summary: 'Sign in a coordinator or admin with e-mail and password',
      request: { body: jsonBody(SignInBody) },
      responses: { 200: jsonResponse('Signed in; the session cookie is set', SessionView), 400: problems[400], 401: problems[401], 429: problems[429] },
    }),
    async (c) => {
      const { email, password } = c.req.valid('json');
      const address = requestAddress(c, deps.config.TRUST_PROXY);
      await deps.signInLimiter.assertAllowed(email, address);
      const signedIn = await signInWithPassword(deps.db, { email, password }, sessionPolicy());
      if (!signedIn) {
        await deps.signInLimiter.recordFailure(email, address);
        throw new AppError('unauthenticated', 'Wrong e-mail or password');
      }
      await deps.signInLimiter.recordSuccess(email);
      return c.json(await answerSignedIn(c, signedIn), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/magic-links/redeem',
      tags: ['Sign-in'],
      summary: 'Exchange a single-use sign-in link for a session',
      request: { body: jsonBody(RedeemBody) },
      responses: { 200: jsonResponse('Signed in; the session cookie is set', SessionView), 400: problems[400], 401: problems[401] },
    }),
    async (c) => {
      const { token } = c.req.valid('json');
      const signedIn = await redeemMagicLink(deps.db, token, sessionPolicy());
      return c.json(await answerSignedIn(c, signedIn), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/session',
      tags: ['Sign-in'],
      summary: 'Who is signed in, and the CSRF token for writes',
      responses: { 200: jsonResponse('The current sign-in', SessionView), 401: problems[401] },
    }),
    async (c) => {
      const actor = actorOf(c);
      return c.json(await describeSession(actor.personId, actor.staffRole, actor.csrfToken, actor.expiresAt), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/sign-out',
      tags: ['Sign-in'],
      summary: 'End this sign-in for good',
      responses: { 204: { description: 'Signed out' }, 401: problems[401], 403: problems[403] },
    }),
    async (c) => {
      const actor = actorOf(c);
      await signOut(deps.db, actor, deps.clock.now());
      deps.live.disconnectAuthSession(actor.authSessionId);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/magic-links',
      tags: ['Sign-in'],
      summary: 'Create a single-use sign-in link for a person (coordinators)',
      request: { body: jsonBody(MagicLinkBody) },
      responses: {
        201: jsonResponse('The link; it is shown once', z.object({ url: z.url(), expiresAt: z.iso.datetime() })),
        400: problems[400],
        401: problems[401],
        403: problems[403],
        404: problems[404],
      },
    }),
    async (c) => {
      assertStaff(actorOf(c));
      const { personId } = c.req.valid('json');
      if (!(await findPerson(deps.db, personId))) throw notFound('Person');
      const link = await issueMagicLink(deps.db, personId, { now: deps.clock.now(), ttlMinutes: deps.config.MAGIC_LINK_TTL_MINUTES });
      const url = new URL('/sign-in', deps.config.PUBLIC_BASE_URL);
      url.hash = `token=${link.token}`;
      return c.json({ url: url.toString(), expiresAt: link.expiresAt.toISOString() }, 201);
    },
  );

  const requestLink = createLinkRequests({ db: deps.db, redis: deps.redis, queues: deps.queues, prefix: deps.config.REDIS_PREFIX });
  router.openapi(
    createRoute({
      method: 'post',
      path: '/magic-links/request',
      tags: ['Sign-in'],
      summary: 'Ask for a new sign-in link by e-mail (the answer is the same whether or not the address is known)',
      request: { body: jsonBody(z.object({ email: z.email({ message: 'expected an e-mail address' }).max(320) }).strict()) },
      responses: { 202: jsonResponse('Accepted', z.object({ message: z.string() })), 400: problems[400], 429: problems[429] },
    }),
    async (c) => {
      const address = requestAddress(c, deps.config.TRUST_PROXY);
      await requestLink(c.req.valid('json').email, address, { now: deps.clock.now(), domain: deliverySettingsFrom(deps.config).domain });
      return c.json({ message: 'If this address takes part in a programme, a new sign-in link is on its way.' }, 202);
    },
  );

  return router;
}
