import { createRoute, z } from '@hono/zod-openapi';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { Context } from 'hono';
import type { Deps } from '../deps.ts';
import { AppError, consumeOrRefuse } from '../errors.ts';
import { enqueue } from '../jobs/registry.ts';
import { CompletionPolicyInput, CompletionView, MakeUpInput } from '../domain/completion/completion.schemas.ts';
import { cohortCompletion, policyFor, recordMakeUp, setCompletionPolicy } from '../domain/completion/completion.service.ts';
import {
  issueForEnrolment,
  reissueCertificate,
  revokeCertificate,
  runView,
  startIssuance,
} from '../domain/certificates/certificates.service.ts';
import { listCertificateViews, ownedCertificate, verifyCertificate } from '../domain/certificates/certificate-views.ts';
import { getCohortAccess } from '../domain/access/cohort-access.ts';
import { attendanceSettingsFrom } from '../domain/attendance/attendance.service.ts';
import { announceCertificates } from '../domain/certificates/announce.ts';
import { deliverySettingsFrom } from '../domain/notifications/delivery-settings.ts';
import { assertStaff } from '../domain/access/actor.ts';
import type { AppEnv } from './env.ts';
import { actorOf, requestAddress } from './middleware.ts';
import { createRouter, IdParam, jsonBody, jsonResponse, problems } from './openapi.ts';

const NumberParam = z.object({ number: z.string().max(40).openapi({ param: { name: 'number', in: 'path' }, example: 'LC-7Q2M-9XKA-4H1D' }) });
const CertificateView = z
  .object({
    number: z.string(),
    personId: z.uuid(),
    status: z.enum(['valid', 'revoked', 'replaced']),
    name: z.object({ latin: z.string(), native: z.string().nullable() }),
    programme: z.string(),
    cohort: z.object({ title: z.string(), firstDay: z.string(), lastDay: z.string(), hostTimeZone: z.string() }),
    hoursAttended: z.number(),
    issuedAt: z.iso.datetime(),
    revoked: z.object({ at: z.iso.datetime(), reason: z.string().nullable() }).nullable(),
    replacedBy: z.string().nullable(),
    pdfSha256: z.string(),
  })
  .openapi('Certificate');
const Verification = z
  .union([
    CertificateView.omit({ personId: true, pdfSha256: true }).extend({ issuer: z.string() }),
    z.object({ number: z.string(), status: z.literal('unknown') }),
  ])
  .openapi('CertificateVerification');
const Run = z
  .object({ id: z.uuid(), cohortId: z.uuid(), status: z.string(), total: z.number().int(), done: z.number().int(), failures: z.array(z.object({ personId: z.uuid(), reason: z.string() })), startedAt: z.iso.datetime(), finishedAt: z.iso.datetime().nullable() })
  .openapi('IssuanceRun');
const tags = ['Certificates'];

/** Verification is public: limited per address so certificate numbers cannot be enumerated. */
export function createVerifyLimiter(deps: Deps) {
  const limiter = new RateLimiterRedis({ storeClient: deps.redis, keyPrefix: `${deps.config.REDIS_PREFIX}:verify`, points: deps.config.VERIFY_LIMIT_PER_MINUTE, duration: 60 });
  return async (c: Context<AppEnv>) => {
    await consumeOrRefuse(limiter, requestAddress(c, deps.config.TRUST_PROXY), (seconds) => `Too many verifications from this address; try again in ${seconds} seconds`);
  };
}

export function certificatesRoutes(deps: Deps) {
  const router = createRouter();
  const settings = attendanceSettingsFrom(deps.config);
  const limitVerification = createVerifyLimiter(deps);
  const announce = async (certificates: { number: string; personId: string }[]) => {
    const rows = await deps.db.selectFrom('certificates').select(['number', 'person_id', 'cohort_id']).where('number', 'in', certificates.map((c) => c.number)).execute();
    await announceCertificates(deps, rows, { now: deps.clock.now(), domain: deliverySettingsFrom(deps.config).domain });
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/cohorts/{id}/completion-policy',
      tags,
      summary: 'The completion policy in force: the cohort’s own, else the programme’s default, else 80 % of live minutes',
      request: { params: IdParam },
      responses: { 200: jsonResponse('Policy', CompletionPolicyInput), 400: problems[400], 401: problems[401], 404: problems[404] },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await getCohortAccess(deps.db, actorOf(c), id);
      return c.json(await policyFor(deps.db, id), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/cohorts/{id}/completion-policy',
      tags,
      summary: 'Set the cohort’s completion policy (minimum share of live minutes and/or sessions, required sessions, make-ups)',
      request: { params: IdParam, body: jsonBody(CompletionPolicyInput) },
      responses: { 200: jsonResponse('Policy', CompletionPolicyInput), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
    }),
    async (c) => c.json(await setCompletionPolicy(deps.db, actorOf(c), c.req.valid('param').id, c.req.valid('json'), deps.clock.now()), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/cohorts/{id}/completion',
      tags,
      summary: 'Each participant’s status: on track, at risk (with what they still need), completed, not completed (participants: their own)',
      request: { params: IdParam },
      responses: { 200: jsonResponse('Completion', z.object({ items: z.array(CompletionView) })), 400: problems[400], 401: problems[401], 404: problems[404] },
    }),
    async (c) => {
      const items = await cohortCompletion(deps.db, actorOf(c), c.req.valid('param').id, settings, deps.clock.now());
      return c.json({ items: items.map(({ result: _result, ...view }) => view) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/sessions/{id}/make-ups',
      tags,
      summary: 'Record that a person made up a session that fell outside their hours (coordinators)',
      request: { params: IdParam, body: jsonBody(MakeUpInput) },
      responses: {
        201: jsonResponse('Recorded', z.object({ id: z.uuid(), sessionId: z.uuid(), personId: z.uuid(), reason: z.string(), at: z.iso.datetime() })),
        400: problems[400],
        401: problems[401],
        403: problems[403],
        404: problems[404],
        409: problems[409],
        422: problems[422],
      },
    }),
    async (c) => c.json(await recordMakeUp(deps.db, actorOf(c), c.req.valid('param').id, c.req.valid('json'), deps.clock.now()), 201),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/cohorts/{id}/certificates/issue',
      tags,
      summary: 'Issue certificates to every completed participant, as a worker job; progress in `done` of `total`, pushed live as certificates:progress',
      request: { params: IdParam },
      responses: { 202: jsonResponse('Started', Run), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
    }),
    async (c) => {
      const run = await startIssuance(deps.db, actorOf(c), c.req.valid('param').id, settings, deps.clock.now());
      await enqueue(deps.queues, 'issue-certificates', { runId: run.id }, { jobId: `issuance_${run.id}` });
      return c.json(runView(run), 202);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/cohorts/{id}/certificates',
      tags,
      summary: 'The cohort’s certificates and its latest issuance run (coordinators)',
      request: { params: IdParam },
      responses: { 200: jsonResponse('Certificates', z.object({ items: z.array(CertificateView), latestRun: Run.nullable() })), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertStaff(actor);
      const { id } = c.req.valid('param');
      await getCohortAccess(deps.db, actor, id);
      const items = await listCertificateViews(deps.db, id);
      const run = await deps.db.selectFrom('issuance_runs').selectAll().where('cohort_id', '=', id).orderBy('started_at', 'desc').limit(1).executeTakeFirst();
      return c.json({ items, latestRun: run ? runView(run) : null }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/issuance-runs/{id}',
      tags,
      summary: 'One issuance run: done of total, failures with their reasons',
      request: { params: IdParam },
      responses: { 200: jsonResponse('Run', Run), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
    }),
    async (c) => {
      assertStaff(actorOf(c));
      const run = await deps.db.selectFrom('issuance_runs').selectAll().where('id', '=', c.req.valid('param').id).executeTakeFirst();
      if (!run) throw new AppError('not_found', 'Issuance run not found');
      return c.json(runView(run), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/enrolments/{id}/certificate',
      tags,
      summary: 'Issue one participant’s certificate now; refused, with what is missing, unless they completed',
      request: { params: IdParam },
      responses: { 201: jsonResponse('Issued (or the one already issued)', CertificateView.extend({ created: z.boolean() })), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 422: problems[422] },
    }),
    async (c) => {
      const issued = await issueForEnrolment(deps.db, actorOf(c), c.req.valid('param').id, deps.config, settings, deps.clock.now());
      if (issued.created) await announce([issued]);
      return c.json(issued, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/certificates/{number}',
      tags,
      summary: 'Verify a certificate (public, no sign-in, rate-limited): valid, revoked (when and why), replaced (by which) or unknown',
      request: { params: NumberParam },
      responses: { 200: jsonResponse('Verification', Verification), 400: problems[400], 429: problems[429] },
    }),
    async (c) => {
      await limitVerification(c);
      c.header('Cache-Control', 'no-store');
      return c.json(await verifyCertificate(deps.db, c.req.valid('param').number, deps.config), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/certificates/{number}/pdf',
      tags,
      summary: 'The certificate as a PDF (its holder and coordinators)',
      request: { params: NumberParam },
      responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.string() } } }, 400: problems[400], 401: problems[401], 404: problems[404] },
    }),
    async (c) => {
      const row = await ownedCertificate(deps.db, actorOf(c), c.req.valid('param').number);
      return c.body(new Uint8Array(row.pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="certificate-${row.number}.pdf"` });
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/certificates/{number}/credential',
      tags,
      summary: 'The signed Open Badges 3.0 credential (VC-JWT, EdDSA); verify offline with the key at /.well-known/jwks.json',
      request: { params: NumberParam },
      responses: { 200: { description: 'The credential', content: { 'application/vc+jwt': { schema: z.string() } } }, 400: problems[400], 401: problems[401], 404: problems[404] },
    }),
    async (c) => {
      const row = await ownedCertificate(deps.db, actorOf(c), c.req.valid('param').number);
      return c.body(row.credential_jwt, 200, { 'Content-Type': 'application/vc+jwt', 'Content-Disposition': `attachment; filename="certificate-${row.number}.jwt"` });
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/certificates/{number}/revoke',
      tags,
      summary: 'Revoke a certificate with a reason; it then verifies as revoked, online and in the status list',
      request: { params: NumberParam, body: jsonBody(z.object({ reason: z.string().trim().min(3, 'say why, in a few words').max(500) }).strict()) },
      responses: { 200: jsonResponse('Revoked', CertificateView), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
    }),
    async (c) => c.json(await revokeCertificate(deps.db, actorOf(c), c.req.valid('param').number, c.req.valid('json').reason, deps.clock.now()), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/certificates/{number}/reissue',
      tags,
      summary: 'Correct a certificate (e.g. a misspelled name): a new one is issued and the old number verifies as replaced by it',
      request: {
        params: NumberParam,
        body: jsonBody(
          z
            .object({ nameLatin: z.string().trim().min(1).max(200).optional(), nameNative: z.string().trim().min(1).max(200).nullable().optional() })
            .strict()
            .refine((v) => v.nameLatin !== undefined || v.nameNative !== undefined, { message: 'send nameLatin or nameNative' }),
        ),
      },
      responses: { 201: jsonResponse('Corrected', z.object({ replaced: CertificateView, current: CertificateView })), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
    }),
    async (c) => {
      const corrected = await reissueCertificate(deps.db, actorOf(c), c.req.valid('param').number, c.req.valid('json'), deps.config, deps.clock.now());
      await announce([corrected.current]);
      return c.json(corrected, 201);
    },
  );

  return router;
}
