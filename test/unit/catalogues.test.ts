import { en } from '../../src/i18n/en';
import { CATALOGUES, type Translation } from '../../src/i18n/catalogues';
import { hasKey, translate } from '../../src/i18n';

/**
 * Every language speaks every sentence the English catalogue has: the same keys, the same
 * variables, and the plural forms its grammar needs (CLDR), each chosen for the right count.
 * A text that counts something has plural forms on `{{count}}` in every language, English
 * included, so that Arabic (six forms) and Russian (four) can make the noun agree.
 */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const COUNTS = [0, 1, 2, 3, 11, 100];

function flatten(catalogue: Translation, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat.set(path, value);
    else for (const [inner, text] of flatten(value, path)) flat.set(inner, text);
  }
  return flat;
}

const english = flatten(en);
/** Keys with plural forms in English (`x_one`, `x_other`), by their base `x`. */
const pluralBases = new Set([...english.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
const baseOf = (key: string) => (PLURAL.test(key) && pluralBases.has(key.replace(PLURAL, '')) ? key.replace(PLURAL, '') : key);
const variables = (text: string) => [...text.matchAll(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g)].map((m) => m[1] as string).sort();
const unique = (items: string[]) => [...new Set(items)].sort();

const others = Object.entries(CATALOGUES).filter(([language]) => language !== 'en');

describe('the catalogues of the six languages', () => {
  it('include English and name each language by its ISO code', () => {
    expect(Object.keys(CATALOGUES)).toContain('en');
    for (const language of Object.keys(CATALOGUES)) expect(['ar', 'zh', 'en', 'fr', 'ru', 'es']).toContain(language);
  });

  describe.each(others.length > 0 ? others : [['en', en as Translation]])('%s', (language, catalogue) => {
    const flat = flatten(catalogue);
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];

    it('has every English key and no other, and no empty text', () => {
      expect(unique([...flat.keys()].map(baseOf))).toEqual(unique([...english.keys()].map(baseOf)));
      expect([...flat.entries()].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
    });

    it('uses the variables of the English text, and no other', () => {
      const wrong: string[] = [];
      for (const [key, text] of flat) {
        const base = baseOf(key);
        const source = pluralBases.has(base) ? (english.get(`${base}_other`) as string) : english.get(key);
        if (source === undefined) continue;
        const expected = unique(variables(source));
        const got = unique(variables(text));
        // A singular or dual form may say the number in words ("one message", "two messages").
        const allowed = pluralBases.has(base) && !key.endsWith('_other') ? expected.filter((v) => v !== 'count') : expected;
        if (!(got.every((v) => expected.includes(v)) && allowed.every((v) => got.includes(v)))) wrong.push(`${key}: ${got.join(',')} (English: ${expected.join(',')})`);
      }
      expect(wrong).toEqual([]);
    });

    it('has each plural form its language needs (CLDR), and picks the right one for 0, 1, 2, 3, 11 and 100', () => {
      const rules = new Intl.PluralRules(language);
      for (const base of pluralBases) {
        expect(categories.filter((c) => !flat.has(`${base}_${c}`)).map((c) => `${base}_${c}`)).toEqual([]);
        for (const count of COUNTS) {
          const form = flat.get(`${base}_${rules.select(count)}`) as string;
          const vars = Object.fromEntries(variables(form).map((v) => [v, v === 'count' ? count : `<${v}>`]));
          expect(translate(language, base, { ...vars, count })).toBe(form.replace(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g, (_, v: string) => String(vars[v] ?? count)));
        }
      }
    });
  });

  it('gives every text that counts something its plural forms, so that each language can agree the noun with {{count}}', () => {
    // A number that a noun agrees with is passed as `count`; a text holding one has `_one`/`_other` forms.
    expect([...english.entries()].filter(([key, text]) => variables(text).includes('count') && !PLURAL.test(key)).map(([key]) => key)).toEqual([]);
  });

  it('a key missing in a language falls back to English, never to the bare key', () => {
    for (const language of Object.keys(CATALOGUES)) {
      expect(translate(language, 'help.title')).not.toBe('help.title');
      expect(hasKey('help.title', language)).toBe(true);
    }
    expect(translate('xx', 'help.title')).toBe(english.get('help.title'));
  });
});
