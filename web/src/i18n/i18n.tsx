import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import en from './en.json';

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;
/** A message with plural forms: `<key>.other` in English (and `.one`); other languages add their own CLDR categories (Arabic: zero, two, few, many). */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}.other` ? Base : never }[MessageKey];
export const supportedLocales = ['en', 'es', 'fr', 'ar'] as const;
export type Locale = (typeof supportedLocales)[number];

const rightToLeft = new Set<Locale>(['ar']);
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Partial<Catalogue> }>> = {
  es: () => import('./es.json'),
  fr: () => import('./fr.json'),
  ar: () => import('./ar.json'),
};
const CHOICE_KEY = 'livecohort.locale';

/** The first supported language among the given tags ("es-MX" → "es"), or undefined. */
export function matchLocale(tags: readonly (string | null | undefined)[]): Locale | undefined {
  for (const tag of tags) {
    const base = tag?.toLowerCase().split(/[-_]/)[0];
    const found = supportedLocales.find((locale) => locale === base);
    if (found) return found;
  }
  return undefined;
}

function storedChoice(): Locale | undefined {
  try {
    return matchLocale([localStorage.getItem(CHOICE_KEY)]);
  } catch {
    return undefined;
  }
}

interface I18nValue {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  /** The form of `key` for `count` in the shown language, with `{count}` written in its digits. */
  plural: (key: PluralKey, count: number, values?: Record<string, string | number>) => string;
  /** A choice made on this device; it wins over the profile and the browser. */
  chooseLocale: (locale: Locale) => void;
  /** The profile's language, used unless a choice was made on this device. */
  adoptProfileLocale: (tag: string | undefined) => void;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

const I18nContext = createContext<I18nValue | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [choice, setChoice] = useState<Locale | undefined>(storedChoice);
  const [profile, setProfile] = useState<Locale | undefined>();
  const locale = choice ?? profile ?? matchLocale(navigator.languages) ?? 'en';
  const [catalogue, setCatalogue] = useState<{ locale: Locale; messages: Partial<Catalogue> }>({ locale: 'en', messages: en });

  useEffect(() => {
    let current = true;
    const load = locale === 'en' ? Promise.resolve({ default: en }) : loaders[locale]();
    void load.then((module) => {
      if (current) setCatalogue({ locale, messages: module.default });
    });
    return () => {
      current = false;
    };
  }, [locale]);

  const shown = catalogue.locale;
  const dir = rightToLeft.has(shown) ? 'rtl' : 'ltr';
  useEffect(() => {
    document.documentElement.lang = shown;
    document.documentElement.dir = dir;
  }, [shown, dir]);

  const t = useCallback(
    (key: MessageKey, values?: Record<string, string | number>) => {
      const template = catalogue.messages[key] ?? en[key];
      return values ? fill(template, values) : template;
    },
    [catalogue],
  );
  const plural = useCallback(
    (key: PluralKey, count: number, values: Record<string, string | number> = {}) => {
      const forms = catalogue.messages as Partial<Record<string, string>>;
      const category = new Intl.PluralRules(catalogue.locale).select(count);
      const template = forms[`${key}.${category}`] ?? forms[`${key}.other`] ?? en[`${key}.other` as MessageKey];
      return fill(template, { ...values, count: new Intl.NumberFormat(catalogue.locale).format(count) });
    },
    [catalogue],
  );
  const chooseLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(CHOICE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page only.
    }
    setChoice(next);
  }, []);
  const adoptProfileLocale = useCallback((tag: string | undefined) => setProfile(matchLocale([tag])), []);

  const value = useMemo(() => ({ locale: shown, dir, t, plural, chooseLocale, adoptProfileLocale }) as const, [shown, dir, t, plural, chooseLocale, adoptProfileLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
