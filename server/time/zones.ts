import ct from 'countries-and-timezones';
import { AppError } from '../errors.ts';

const runtimeZones = new Set(Intl.supportedValuesOf('timeZone'));

function isKnownToRuntime(zone: string): boolean {
  if (runtimeZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type ZoneCheck =
  | { ok: true; zone: string; canonicalisedFrom?: string }
  | { ok: false; reason: string };

/**
 * Accepts IANA "Area/Location" names (and UTC), maps legacy links such as Europe/Kiev or
 * Asia/Calcutta to their current names, and refuses abbreviations and fixed offsets (EST, UTC+3,
 * Etc/GMT-3): an offset is not a place and cannot follow a city's daylight-saving rules.
 */
export function checkTimeZone(input: string): ZoneCheck {
  const given = input.trim();
  if (/^(UTC|GMT)?\s*[+-]\d/i.test(given) || /^Etc\/GMT[+-]/i.test(given)) {
    return { ok: false, reason: `"${given}" is an offset, not a time zone: use a city's zone such as Africa/Cairo` };
  }
  if (!isKnownToRuntime(given)) {
    return { ok: false, reason: `"${given}" is not a known IANA time zone (expected a name such as Asia/Seoul)` };
  }
  const upper = given.toUpperCase();
  if (upper === 'UTC' || upper === 'ETC/UTC' || upper === 'ETC/UCT' || upper === 'UCT' || upper === 'ZULU' || upper === 'ETC/ZULU') {
    return upper === 'UTC' ? { ok: true, zone: 'UTC' } : { ok: true, zone: 'UTC', canonicalisedFrom: given };
  }
  if (!given.includes('/')) {
    return { ok: false, reason: `"${given}" is an abbreviation, not a place: use a city's zone such as America/New_York` };
  }
  const record = ct.getTimezone(given) ?? findCaseInsensitive(given);
  const canonical = (record && renamedTo(record)) ?? record?.name ?? normaliseCase(given);
  return canonical === given ? { ok: true, zone: canonical } : { ok: true, zone: canonical, canonicalisedFrom: given };
}

/** The canonical zone, or an AppError naming the field. */
export function canonicalTimeZone(input: string, field = 'timeZone'): string {
  const result = checkTimeZone(input);
  if (!result.ok) throw new AppError('invalid_request', result.reason, { fields: [{ field, message: result.reason }] });
  return result.zone;
}

/**
 * The current name of a renamed zone (Europe/Kiev → Europe/Kyiv, Asia/Calcutta → Asia/Kolkata). A link
 * to another country's zone (Africa/Addis_Ababa → Africa/Nairobi, Europe/Amsterdam → Europe/Brussels,
 * merged in tzdata because their clocks agree since 1970) is not a rename: an official of Addis Ababa
 * keeps Addis Ababa's zone.
 */
function renamedTo(record: { aliasOf?: string | null | undefined; countries: string[] }): string | undefined {
  if (!record.aliasOf) return undefined;
  const target = ct.getTimezone(record.aliasOf);
  // The target's own country comes first in its list; other countries there merely share its clock.
  const sameCountry = !target || record.countries.length === 0 || record.countries.includes(target.countries[0] ?? '');
  return sameCountry ? record.aliasOf : undefined;
}

function findCaseInsensitive(zone: string) {
  const lower = zone.toLowerCase();
  const name = Object.keys(ct.getAllTimezones({ deprecated: true })).find((z) => z.toLowerCase() === lower);
  return name ? ct.getTimezone(name) : null;
}

function normaliseCase(zone: string): string {
  return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
}

export function isKnownCountry(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && ct.getCountry(code) !== null;
}
