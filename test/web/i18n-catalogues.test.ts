import { describe, expect, it } from 'vitest';
import en from '../../web/src/i18n/en.json' with { type: 'json' };
import es from '../../web/src/i18n/es.json' with { type: 'json' };
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import ar from '../../web/src/i18n/ar.json' with { type: 'json' };

/** The `{name}` placeholders of a message, sorted: a translation must keep every one. */
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();

const catalogues: Record<string, Record<string, string>> = { es, fr, ar };
const pluralBases = new Set(Object.keys(en).filter((key) => key.endsWith('.other')).map((key) => key.slice(0, -'.other'.length)));
const categories = ['zero', 'one', 'two', 'few', 'many', 'other'];

describe('the web app’s translation files', () => {
  it.each(Object.keys(catalogues))('%s has every English message, with the same placeholders', (locale) => {
    const catalogue = catalogues[locale]!;
    expect(Object.keys(en).filter((key) => !(key in catalogue))).toEqual([]);
    const differing = Object.entries(en).filter(([key, text]) => !key.match(/\.(zero|one|two|few|many|other)$/) && placeholders(catalogue[key]!).join() !== placeholders(text).join());
    expect(differing.map(([key]) => key)).toEqual([]);
  });

  it.each(Object.keys(catalogues))('%s adds no message English lacks, except the plural forms its language has', (locale) => {
    const extra = Object.keys(catalogues[locale]!).filter((key) => !(key in en));
    const notPlural = extra.filter((key) => {
      const category = key.split('.').at(-1)!;
      return !(categories.includes(category) && pluralBases.has(key.slice(0, -category.length - 1)) && new Intl.PluralRules(locale).resolvedOptions().pluralCategories.includes(category as Intl.LDMLPluralRule));
    });
    expect(notPlural).toEqual([]);
  });
});
