import type { Config } from '../../config.ts';
import type { DeliverySettings } from './delivery.service.ts';

const INVITATION_LINK_TTL_MINUTES = 7 * 24 * 60;

/** What mail needs from the configuration, as plain data for the domain. */
export function deliverySettingsFrom(config: Pick<Config, 'PUBLIC_BASE_URL' | 'APP_SECRET' | 'MAIL_FROM' | 'CENTRE_NAME'>): DeliverySettings {
  const from = /^(.*)<([^>]+)>\s*$/.exec(config.MAIL_FROM);
  return {
    publicBaseUrl: config.PUBLIC_BASE_URL,
    appSecret: config.APP_SECRET,
    centreName: config.CENTRE_NAME,
    organizer: { name: from?.[1]?.trim() || config.CENTRE_NAME, email: (from?.[2] ?? config.MAIL_FROM).trim() },
    domain: new URL(config.PUBLIC_BASE_URL).hostname,
    invitationLinkTtlMinutes: INVITATION_LINK_TTL_MINUTES,
  };
}
