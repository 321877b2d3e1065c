import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');

// Translators edit the JSON files; this schema makes a missing or misspelt key fail at start-up.
const Catalogue = z.object({
  common: z.object({
    greeting: z.string(),
    yourTime: z.string(),
    hostTime: z.string(),
    utc: z.string(),
    join: z.string(),
    signIn: z.string(),
    calendarFeed: z.string(),
    footer: z.string(),
  }),
  invitation: z.object({ subject: z.string(), intro: z.string() }),
  update: z.object({ subject: z.string(), intro: z.string(), was: z.string(), now: z.string() }),
  added: z.object({ subject: z.string(), intro: z.string() }),
  cancellation: z.object({ subject: z.string(), intro: z.string() }),
  reminder: z.object({ subject: z.string(), intro: z.string() }),
  signInLink: z.object({ subject: z.string(), intro: z.string() }),
  certificateIssued: z.object({ subject: z.string(), intro: z.string(), download: z.string(), verify: z.string() }),
  atRisk: z.object({ subject: z.string(), intro: z.string(), needs: z.string(), required: z.string(), help: z.string() }),
});
export type Catalogue = z.infer<typeof Catalogue>;

export const mailLanguages = ['en', 'es', 'fr'] as const;
const catalogues = new Map(
  mailLanguages.map((language) => [language, Catalogue.parse(JSON.parse(readFileSync(path.join(folder, `${language}.json`), 'utf8')))]),
);

/** The catalogue for a person's locale (`es-MX` → `es`), English when we have no translation yet. */
export function catalogueFor(locale: string): { language: string; texts: Catalogue } {
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? 'en';
  const texts = catalogues.get(language as (typeof mailLanguages)[number]);
  return texts ? { language, texts } : { language: 'en', texts: catalogues.get('en')! };
}

/** Replaces `{name}` placeholders; a placeholder without a value is left visible rather than hidden. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
