import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUES, type Translation } from '../../src/i18n/catalogues';

/**
 * The catalogues use the glossary's word for each core term (docs/glossary.md): in every
 * language, the texts the glossary names say the term, and no text says a word it refuses.
 */
const GLOSSARY = readFileSync(join(__dirname, '..', '..', 'docs', 'glossary.md'), 'utf8');
const LANGUAGES = ['en', 'fr', 'es', 'ru', 'zh', 'ar'] as const;
const CORE_TERMS = ['case', 'allegation', 'rapporteur on reprisals', 'chair', 'State party', 'register', 'progress report', 'referral', 'do no harm', 'consent', 'security focal point'];

interface Entry {
  term: string;
  keys: string[];
  /** By language: the word, what the test looks for, and what no text may say. */
  cells: Record<string, { word: string; sought: string; refused: string[] }>;
}

/** A cell reads `**word**`, then optionally `` (`sought`) ``, then optionally `` not `x`, `y` ``. */
function cell(text: string): { word: string; sought: string; refused: string[] } {
  const [said = '', refusal = ''] = text.split(/;\s*not\s+/);
  const word = /\*\*(.+?)\*\*/.exec(said)?.[1] ?? '';
  const sought = /`([^`]+)`/.exec(said)?.[1] ?? word;
  const refused = [...refusal.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
  return { word, sought, refused };
}

function coreTerms(): Entry[] {
  const section = GLOSSARY.split(/^## /m).find((s) => s.startsWith('Core terms')) ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('|')).slice(2);
  return rows.map((row) => {
    const columns = row.split('|').slice(1, -1).map((c) => c.trim());
    const [term = '', keys = '', ...rest] = columns;
    return {
      term,
      keys: [...keys.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string),
      cells: Object.fromEntries(LANGUAGES.map((language, i) => [language, cell(rest[i] ?? '')])),
    };
  });
}

function text(catalogue: Translation, key: string): string | undefined {
  let at: string | Translation | undefined = catalogue;
  for (const part of key.split('.')) at = typeof at === 'object' ? at[part] : undefined;
  return typeof at === 'string' ? at : undefined;
}

function texts(catalogue: Translation, prefix = ''): Array<[string, string]> {
  return Object.entries(catalogue).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : texts(value, `${prefix}${key}.`)));
}

const entries = coreTerms();

describe('the catalogues use the glossary’s terms (docs/glossary.md)', () => {
  it('the glossary gives each core term in the six languages, with the texts that name it', () => {
    expect(entries.map((e) => e.term)).toEqual(CORE_TERMS);
    for (const entry of entries) {
      expect({ term: entry.term, keys: entry.keys.length > 0 }).toEqual({ term: entry.term, keys: true });
      for (const language of LANGUAGES) expect({ term: entry.term, language, word: entry.cells[language]?.word !== '' }).toEqual({ term: entry.term, language, word: true });
    }
  });

  describe.each(LANGUAGES)('%s', (language) => {
    const catalogue = CATALOGUES[language] as Translation;
    const all = texts(catalogue);

    it('names each core term with the glossary’s word where the glossary says', () => {
      const missing: string[] = [];
      for (const entry of entries) {
        const { sought } = entry.cells[language] as Entry['cells'][string];
        for (const key of entry.keys) {
          const said = text(catalogue, key);
          if (said === undefined) missing.push(`${entry.term}: ${key} is not in the catalogue`);
          else if (!said.toLocaleLowerCase(language).includes(sought.toLocaleLowerCase(language))) missing.push(`${entry.term}: ${key} does not say “${sought}”: ${said}`);
        }
      }
      expect(missing).toEqual([]);
    });

    it('says none of the words the glossary refuses', () => {
      const refused = entries.flatMap((entry) => (entry.cells[language]?.refused ?? []).map((word) => ({ term: entry.term, word })));
      const found = refused.flatMap(({ term, word }) => all.filter(([, said]) => said.toLocaleLowerCase(language).includes(word.toLocaleLowerCase(language))).map(([key]) => `${term}: ${key} says “${word}”`));
      expect(found).toEqual([]);
    });
  });
});
