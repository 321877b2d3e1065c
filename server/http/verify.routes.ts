import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { escapeHtml } from '../mail/templates.ts';
import { jwks, statusListJwt, verifyCertificate } from '../domain/certificates/certificates.service.ts';
import type { AppEnv } from './env.ts';
import { createVerifyLimiter } from './certificates.routes.ts';

type Verification = Awaited<ReturnType<typeof verifyCertificate>>;

const formatDay = (day: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
/** An instant as the issuing centre's calendar date (Seoul's 2 December, not UTC's 1 December). */
const formatIssued = (instant: string, zone: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: zone }).format(new Date(instant));

function page(title: string, body: string, status: 'valid' | 'warning' | 'invalid') {
  const colour = { valid: '#0b6b2e', warning: '#8a5a00', invalid: '#a1121b' }[status];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
h1{color:${colour};font-size:1.6rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:600}
.native{font-size:1.3rem}</style></head>
<body><main>${body}</main></body></html>`;
}

/** The verification page a QR code opens: the answer in one sentence, then the facts, nothing more about the person. */
function renderVerification(result: Verification) {
  if (result.status === 'unknown') {
    return page('Certificate not found', `<h1>No certificate ${escapeHtml(result.number)}</h1><p>The centre has not issued a certificate with this number. Check the number printed under the QR code.</p>`, 'invalid');
  }
  const facts = `<dl>
<dt>Name</dt><dd>${result.name.native ? `<span class="native" dir="auto">${escapeHtml(result.name.native)}</span><br>` : ''}${escapeHtml(result.name.latin)}</dd>
<dt>Programme</dt><dd>${escapeHtml(result.programme)}</dd>
<dt>Cohort</dt><dd>${escapeHtml(result.cohort.title)}, ${formatDay(result.cohort.firstDay)} – ${formatDay(result.cohort.lastDay)}</dd>
<dt>Live sessions attended</dt><dd>${result.hoursAttended} hours</dd>
<dt>Issued by</dt><dd>${escapeHtml(result.issuer)}, ${formatIssued(result.issuedAt, result.cohort.hostTimeZone)}</dd>
<dt>Number</dt><dd>${escapeHtml(result.number)}</dd>
</dl>`;
  if (result.status === 'replaced') {
    const next = escapeHtml(result.replacedBy ?? '');
    return page('Certificate replaced', `<h1>Replaced by a corrected certificate</h1><p>This certificate was replaced by <a href="/verify/${next}">${next}</a>, which is the one to check.</p>${facts}`, 'warning');
  }
  if (result.status === 'revoked') {
    return page('Certificate revoked', `<h1>Revoked</h1><p>This certificate was revoked on ${formatIssued(result.revoked!.at, result.cohort.hostTimeZone)}: ${escapeHtml(result.revoked!.reason ?? '')}.</p>${facts}`, 'invalid');
  }
  return page('Certificate valid', `<h1>Valid certificate</h1><p>The centre issued this certificate and has not revoked it.</p>${facts}`, 'valid');
}

/** Public pages and documents: the verification page, the signing key, the revocation list. */
export function verifyRoutes(deps: Deps) {
  const router = new Hono<AppEnv>();
  const limitVerification = createVerifyLimiter(deps);

  router.get('/verify/:number', async (c) => {
    try {
      await limitVerification(c);
      const result = await verifyCertificate(deps.db, c.req.param('number'), deps.config);
      c.header('Cache-Control', 'no-store');
      return c.html(renderVerification(result), result.status === 'unknown' ? 404 : 200);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const status = error.code === 'rate_limited' ? 429 : 400;
      if (error.code === 'rate_limited') c.header('Retry-After', String(error.details['retryAfterSeconds'] ?? 60));
      return c.html(page('Cannot verify', `<h1>Cannot verify this certificate</h1><p>${escapeHtml(error.message)}</p>`, 'invalid'), status);
    }
  });

  router.get('/.well-known/jwks.json', async (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.json(await jwks(deps.db, deps.config));
  });

  router.get('/credentials/status/revocation', async (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(await statusListJwt(deps.db, deps.config, deps.clock.now()), 200, { 'Content-Type': 'application/vc+jwt' });
  });

  return router;
}
