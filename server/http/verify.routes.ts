import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { escapeHtml } from '../mail/templates.ts';
import { verifyCertificate } from '../domain/certificates/certificate-views.ts';
import { jwks, statusListJwt } from '../domain/certificates/publication.ts';
import type { AppEnv } from './env.ts';
import { createVerifyLimiter } from './certificates.routes.ts';

type Verification = Awaited<ReturnType<typeof verifyCertificate>>;

const here = path.dirname(fileURLToPath(import.meta.url));
const Texts = z.record(z.string(), z.record(z.string(), z.string()));
/** The page's words in the languages of the centre's partners; a key missing in one falls back to English. */
const texts = Texts.parse(JSON.parse(readFileSync(path.join(here, 'verify/texts.json'), 'utf8')));
const languages = Object.keys(texts);

/** `?lang=` wins, then the browser's Accept-Language (in its order), then English. */
function languageOf(query: string | undefined, acceptLanguage: string | undefined): string {
  const wanted = [query, ...(acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]!.trim())];
  for (const tag of wanted) {
    const base = tag?.toLowerCase().split('-')[0];
    if (base && languages.includes(base)) return base;
  }
  return 'en';
}

function translator(language: string) {
  return (key: string, values: Record<string, string> = {}) =>
    (texts[language]![key] ?? texts['en']![key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function page(language: string, title: string, body: string, status: 'valid' | 'warning' | 'invalid') {
  const colour = { valid: '#0b6b2e', warning: '#8a5a00', invalid: '#a1121b' }[status];
  const others = languages.map((l) => (l === language ? `<strong>${l}</strong>` : `<a href="?lang=${l}" hreflang="${l}" lang="${l}">${l}</a>`)).join(' · ');
  return `<!doctype html>
<html lang="${language}" dir="${language === 'ar' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
h1{color:${colour};font-size:1.6rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:600}
.native{font-size:1.3rem}nav,footer{font-size:.9rem;color:#444}a{color:#0b4f9c}</style></head>
<body><nav aria-label="Language">${others}</nav><main>${body}</main></body></html>`;
}

/** The verification page a QR code opens: the answer in one sentence, then the facts, nothing more about the person. */
function renderVerification(result: Verification, language: string) {
  const t = translator(language);
  const dateFormat = (zone: string) => new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: zone });
  const day = (value: string) => dateFormat('UTC').format(new Date(`${value}T00:00:00Z`));
  if (result.status === 'unknown') {
    return page(language, t('notFoundTitle'), `<h1>${escapeHtml(t('notFound', { number: result.number }))}</h1><p>${escapeHtml(t('notFoundBody'))}</p>`, 'invalid');
  }
  const issued = (instant: string) => dateFormat(result.cohort.hostTimeZone).format(new Date(instant));
  const json = `/api/certificates/${encodeURIComponent(result.number)}`;
  const facts = `<dl>
<dt>${escapeHtml(t('name'))}</dt><dd>${result.name.native ? `<span class="native" dir="auto">${escapeHtml(result.name.native)}</span><br>` : ''}<span dir="ltr">${escapeHtml(result.name.latin)}</span></dd>
<dt>${escapeHtml(t('programme'))}</dt><dd>${escapeHtml(result.programme)}</dd>
<dt>${escapeHtml(t('cohort'))}</dt><dd>${escapeHtml(result.cohort.title)}, ${day(result.cohort.firstDay)} – ${day(result.cohort.lastDay)}</dd>
<dt>${escapeHtml(t('hours'))}</dt><dd>${escapeHtml(t('hoursValue', { hours: new Intl.NumberFormat(language).format(result.hoursAttended) }))}</dd>
<dt>${escapeHtml(t('issuedBy'))}</dt><dd>${escapeHtml(result.issuer)}, ${issued(result.issuedAt)}</dd>
<dt>${escapeHtml(t('number'))}</dt><dd dir="ltr">${escapeHtml(result.number)}</dd>
</dl>
<footer><p>${t('machine', { json: `<a href="${json}">JSON</a>`, jwks: '<a href="/.well-known/jwks.json">/.well-known/jwks.json</a>' })}</p></footer>`;
  if (result.status === 'replaced') {
    const next = escapeHtml(result.replacedBy ?? '');
    return page(language, t('replacedTitle'), `<h1>${escapeHtml(t('replaced'))}</h1><p>${t('replacedBody', { link: `<a href="/verify/${next}?lang=${language}" dir="ltr">${next}</a>` })}</p>${facts}`, 'warning');
  }
  if (result.status === 'revoked') {
    return page(language, t('revokedTitle'), `<h1>${escapeHtml(t('revoked'))}</h1><p>${escapeHtml(t('revokedBody', { date: issued(result.revoked!.at), reason: result.revoked!.reason ?? '' }))}</p>${facts}`, 'invalid');
  }
  return page(language, t('validTitle'), `<h1>${escapeHtml(t('valid'))}</h1><p>${escapeHtml(t('validBody'))}</p>${facts}`, 'valid');
}

/** Public pages and documents: the verification page, the signing key, the revocation list. */
export function verifyRoutes(deps: Deps) {
  const router = new Hono<AppEnv>();
  const limitVerification = createVerifyLimiter(deps);

  router.get('/verify/:number', async (c) => {
    const language = languageOf(c.req.query('lang'), c.req.header('accept-language'));
    try {
      await limitVerification(c);
      const result = await verifyCertificate(deps.db, c.req.param('number'), deps.config);
      c.header('Cache-Control', 'no-store');
      c.header('Vary', 'Accept-Language');
      return c.html(renderVerification(result, language), result.status === 'unknown' ? 404 : 200);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const status = error.code === 'rate_limited' ? 429 : 400;
      if (error.code === 'rate_limited') c.header('Retry-After', String(error.details['retryAfterSeconds'] ?? 60));
      const t = translator(language);
      return c.html(page(language, t('cannotTitle'), `<h1>${escapeHtml(t('cannot'))}</h1><p>${escapeHtml(error.message)}</p>`, 'invalid'), status);
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
