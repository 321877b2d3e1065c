import { describe, expect, it } from 'vitest';
import { deriveInstants, viewInZone } from '../server/time/instants.ts';
import { checkTimeZone } from '../server/time/zones.ts';
import { formatInstant } from '../server/time/format.ts';
import { loadCities } from './harness/cities.ts';
import { AppError } from '../server/errors.ts';

const seoul = (local: string) => deriveInstants(local, 'Asia/Seoul', 90).startsAt;
const localIn = (instant: Date, zone: string) => viewInZone(instant, zone).localDateTime;

describe('every city of past cohorts', () => {
  it('has a zone the runtime knows, stored under its canonical name', () => {
    for (const { city, zone } of loadCities()) {
      const check = checkTimeZone(zone);
      expect(check, city).toMatchObject({ ok: true, zone });
    }
  });
});

describe('a Seoul morning across the cohort’s cities', () => {
  it('is the previous day in Mexico City (UTC-6 all year since Mexico dropped DST in 2022)', () => {
    expect(localIn(seoul('2026-07-14T09:00'), 'America/Mexico_City')).toBe('2026-07-13T18:00');
    expect(localIn(seoul('2026-01-13T09:00'), 'America/Mexico_City')).toBe('2026-01-12T18:00');
  });

  it('in Cairo: 02:00 in July 2022, 03:00 in July 2023 after Egypt brought DST back', () => {
    expect(localIn(seoul('2022-07-12T09:00'), 'Africa/Cairo')).toBe('2022-07-12T02:00');
    expect(localIn(seoul('2023-07-11T09:00'), 'Africa/Cairo')).toBe('2023-07-11T03:00');
    expect(localIn(seoul('2026-12-15T09:00'), 'Africa/Cairo')).toBe('2026-12-15T02:00');
  });

  it('in Mashhad (+3:30, no DST since 2022) and Kathmandu (+5:45)', () => {
    expect(viewInZone(seoul('2026-07-14T09:00'), 'Asia/Tehran')).toMatchObject({ time: '03:30', offset: '+03:30' });
    expect(viewInZone(seoul('2026-07-14T09:00'), 'Asia/Kathmandu')).toMatchObject({ time: '05:45', offset: '+05:45' });
  });

  it('in Santiago and Auckland, whose clocks move opposite to Europe’s', () => {
    // Southern winter: Santiago UTC-4, Auckland UTC+12. Southern summer: UTC-3 and UTC+13.
    expect(localIn(seoul('2026-07-14T09:00'), 'America/Santiago')).toBe('2026-07-13T20:00');
    expect(localIn(seoul('2026-01-13T09:00'), 'America/Santiago')).toBe('2026-01-12T21:00');
    expect(localIn(seoul('2026-07-14T21:00'), 'Pacific/Auckland')).toBe('2026-07-15T00:00');
    expect(localIn(seoul('2026-01-13T21:00'), 'Pacific/Auckland')).toBe('2026-01-14T01:00');
  });
});

describe('sessions on the days clocks change', () => {
  it('a session on the Sunday Europe springs forward keeps its wall-clock time', () => {
    const { startsAt, endsAt } = deriveInstants('2026-03-29T10:00', 'Europe/Amsterdam', 90);
    expect(startsAt.toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(endsAt.toISOString()).toBe('2026-03-29T09:30:00.000Z');
    expect(localIn(startsAt, 'Asia/Seoul')).toBe('2026-03-29T17:00');
  });

  it('a session on the Sunday North America springs forward, seen from Seoul', () => {
    const { startsAt } = deriveInstants('2026-03-08T10:00', 'America/Toronto', 60);
    expect(startsAt.toISOString()).toBe('2026-03-08T14:00:00.000Z');
    expect(localIn(startsAt, 'Asia/Seoul')).toBe('2026-03-08T23:00');
  });

  it('a time inside the spring-forward gap is refused with the nearest valid time', () => {
    let error: unknown;
    try {
      deriveInstants('2026-03-08T02:30', 'America/Toronto', 60);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('rule_violated');
    expect((error as AppError).details).toEqual({ nearestValidTime: '2026-03-08T03:00' });
    expect((error as AppError).message).toContain('does not exist in America/Toronto');
  });

  it('a time in the fall-back hour takes the earlier instant and says so', () => {
    const derived = deriveInstants('2026-11-01T01:30', 'America/Toronto', 60);
    expect(derived.startsAt.toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(derived.ambiguity).toEqual({ chosen: '2026-11-01T01:30:00-04:00', alternative: '2026-11-01T01:30:00-05:00' });
    expect(deriveInstants('2026-10-25T02:30', 'Europe/Amsterdam', 60).ambiguity?.chosen).toBe('2026-10-25T02:30:00+02:00');
  });

  it('a 90-minute session across the fall-back change lasts 90 real minutes', () => {
    const { startsAt, endsAt } = deriveInstants('2026-11-01T01:00', 'America/Toronto', 90);
    expect(endsAt.getTime() - startsAt.getTime()).toBe(90 * 60_000);
  });
});

describe('zone names', () => {
  it('legacy names are accepted and canonicalised; offsets and abbreviations are refused', () => {
    expect(checkTimeZone('Europe/Kiev')).toEqual({ ok: true, zone: 'Europe/Kyiv', canonicalisedFrom: 'Europe/Kiev' });
    expect(checkTimeZone('Asia/Calcutta')).toEqual({ ok: true, zone: 'Asia/Kolkata', canonicalisedFrom: 'Asia/Calcutta' });
    expect(checkTimeZone('Asia/Saigon')).toMatchObject({ ok: true, zone: 'Asia/Ho_Chi_Minh' });
    // Zones tzdata merged with another country's keep their own name.
    expect(checkTimeZone('Africa/Addis_Ababa')).toEqual({ ok: true, zone: 'Africa/Addis_Ababa' });
    expect(checkTimeZone('Europe/Amsterdam')).toEqual({ ok: true, zone: 'Europe/Amsterdam' });
    for (const refused of ['UTC+3', 'GMT-5', '+09:00', 'EST', 'CET', 'Etc/GMT-3', 'Mars/Olympus_Mons', '']) {
      expect(checkTimeZone(refused).ok, refused).toBe(false);
    }
    expect(checkTimeZone('UTC')).toEqual({ ok: true, zone: 'UTC' });
  });
});

describe('formatting for a person', () => {
  it('renders the wall clock of their zone in their language', () => {
    const instant = seoul('2026-07-14T09:00');
    expect(formatInstant(instant, 'America/Mexico_City', 'es-MX')).toBe('lunes, 13 de julio de 2026, 18:00 GMT-6');
    expect(formatInstant(instant, 'Asia/Kathmandu', 'en')).toBe('Tuesday, July 14, 2026 at 05:45 GMT+5:45');
  });
});
