import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LinkSettings {
  publicBaseUrl: string;
  appSecret: string;
}

export const joinUrl = (settings: LinkSettings, sessionId: string) => new URL(`/sessions/${sessionId}`, settings.publicBaseUrl).toString();

/** The token goes in the fragment so that it never reaches a server log or a Referer header. */
export function signInUrl(settings: LinkSettings, token: string): string {
  const url = new URL('/sign-in', settings.publicBaseUrl);
  url.hash = `token=${token}`;
  return url.toString();
}

function feedToken(settings: LinkSettings, personId: string, version: number): string {
  return createHmac('sha256', settings.appSecret).update(`calendar-feed:${personId}:${version}`).digest('base64url').slice(0, 32);
}

/** A private calendar URL; bumping the person's feed version revokes every earlier one. */
export function calendarFeedUrl(settings: LinkSettings, personId: string, version: number): string {
  return new URL(`/api/calendar/${personId}/${feedToken(settings, personId, version)}.ics`, settings.publicBaseUrl).toString();
}

export function isValidFeedToken(settings: LinkSettings, personId: string, version: number, token: string): boolean {
  const expected = Buffer.from(feedToken(settings, personId, version));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
