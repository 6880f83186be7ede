import { CATALOGUES, type Translation } from '../../src/i18n/catalogues';

/**
 * The Arabic, Russian and Chinese catalogues hold no English: a Latin word in them is what a
 * person types or reads as a code (Amparo's commands and their options, G-ids, committee and
 * ISO codes, references, variable names, addresses), the name of a product, or a value of a
 * setting, each listed below with why. Placeholders are translated (`<الاسم>`, `<имя>`, `<姓名>`),
 * and so are examples of tags and searches. Chinese sets Latin words, codes and numbers
 * without spaces, and a typed command apart with one space on each side.
 */
const CHECKED = ['ar', 'ru', 'zh'] as const;

function flatten(catalogue: Translation, prefix = ''): Array<[string, string]> {
  return Object.entries(catalogue).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'string' ? [[path, value] as [string, string]] : flatten(value, path);
  });
}

/** Letters and punctuation of the three scripts: where a stretch of Latin text ends. */
const OTHER_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\u0400-\u04FF\u3000-\u303F\u3400-\u9FFF\uFF00-\uFFEF]+/;

/** Words of Amparo's commands, allowed inside a command (`/amparo …`, `amparo …`, `npm run …`). */
const COMMAND_WORDS = new Set([
  'amparo', 'report', 'cases', 'case', 'roles', 'add', 'end', 'help', 'language', 'practice', 'search', 'report-progress', 'report-ga', 'report-sg', 'contact', 'add-info', 'lead', 'handover', 'referrals',
  'progress', 'db', 'indexes', 'list', 'export', 'retention', 'npm', 'run', 'auto', 'ar', 'zh', 'en', 'fr', 'ru', 'es',
]);

/** Commands named in running text, outside a command line. */
const COMMAND_PHRASES = new Set(['roles list']);

/** Names and values that stay as they are in every language, and why. */
const NAMES: Record<string, string> = {
  Slack: 'a platform', Teams: 'a platform', Microsoft: 'a company', MongoDB: 'a database', Markdown: 'a file format', Word: 'a word processor (its documents are what secretariats file)',
  Socket: 'Slack’s “Socket Mode”', Mode: 'Slack’s “Socket Mode”', Bot: 'Microsoft’s “Bot Framework”', Framework: 'Microsoft’s “Bot Framework”',
  Request: 'Slack’s “Request URL” setting, named as its settings page names it', Signing: 'Slack’s “Signing Secret”', Secret: 'Slack’s “Signing Secret”',
  cron: 'the schedule syntax', base64: 'an encoding', https: 'a protocol', http: 'a protocol', localhost: 'a host name', zip: 'a file format',
  on: 'a value of a setting', off: 'a value of a setting', MultiTenant: 'a value of MICROSOFT_APP_TYPE', SingleTenant: 'a value of MICROSOFT_APP_TYPE',
  yes: 'typed in the console to submit a form', Enter: 'a key', Norway: 'a State party may be typed by its English name',
  retentionYears: 'a setting of the committees file',
  ar: 'a language code', zh: 'a language code', en: 'a language code', fr: 'a language code', ru: 'a language code', es: 'a language code',
};

/** The product's name stays in Latin letters in Russian and Chinese; Arabic writes «أمبارو». */
const NAME_OF_AMPARO: Record<string, boolean> = { ar: false, ru: true, zh: true };

const PUNCTUATION = /^[«»"'“”‘’()[\]{},.;:!?|<>#]+|[«»"'“”‘’()[\]{},.;:!?|<>#]+$/g;

/** A chunk read as a code, an address or an option, whatever the language. */
function technical(chunk: string): boolean {
  return (
    /^(\/|--)/.test(chunk) || // a command, an option, a path
    chunk.includes('://') || // an address
    chunk.includes('/') || // a path or a time zone (Europe/Zurich)
    /^[\w*.-]+\.[a-z]{2,4}$/.test(chunk) || // a file or host name
    /^[a-z]+:[A-Za-z0-9]+:[A-Za-z0-9]+$/.test(chunk) || // a platform identity (slack:T0123:U0456)
    /[-…]$/.test(chunk) || // a prefix (xoxb-…, p-…, T…)
    /^G\d+([a-z]|\([a-z]\))?([–-]G\d+)?$/.test(chunk) || // a G-id of the Guidelines (G5e, G5(f), G19–G31)
    /^[A-Z0-9][A-Z0-9_*.,-]*$/.test(chunk) || // a code: CAT, NO, CSV, AMPARO_DATA_KEY, CAT-2026-0001, YYYY-MM-DD
    /^[A-Z][A-Z0-9_]*=\S+$/.test(chunk) || // a variable set to a value (TEAMS_EMULATOR=on)
    /^[\d.,:*/+=-]+$/.test(chunk) // a number or a time
  );
}

/** The Latin words of one text that are none of the above. */
function englishIn(text: string, language: string): string[] {
  const found: string[] = [];
  // A variable stands for a value (a name, a number): read it as a digit, so that it keeps its chunk whole.
  const stretches = text.replace(/\{\{\s*\w+\s*\}\}/g, '0').split(OTHER_SCRIPT);
  for (const stretch of stretches) {
    const raw = stretch.split(/\s+/).filter((c) => /[A-Za-z]/.test(c));
    const chunks = raw.map((c) => c.replace(PUNCTUATION, ''));
    if (chunks.length === 0) continue;
    const isCommand = chunks.some((c) => c === '/amparo' || c === 'amparo' || c === 'npm') || (chunks[0] === 'case' && /^[A-Z]{2,6}-\d{4}-\d{4,}$/.test(chunks[1] ?? ''));
    if (COMMAND_PHRASES.has(chunks.join(' '))) continue;
    for (const [i, chunk] of chunks.entries()) {
      if (technical(chunk) || technical((raw[i] as string).replace(/[:;,.]+$/, ''))) continue;
      if (isCommand && COMMAND_WORDS.has(chunk)) continue;
      if (chunk in NAMES) continue;
      if (chunk === 'Amparo' && NAME_OF_AMPARO[language]) continue;
      found.push(chunk);
    }
  }
  return found;
}

const HAN = /[\u3400-\u9FFF]/;
/** A typed command in Chinese text: `/amparo …`, an option, a tag, an address, `case …`, `yes`. */
const COMMAND = /^(\/[a-z]|--[a-z]|#[A-Za-z]|case |yes$)|:\/\/|\/amparo/;
const CJK = /[\u3000-\u303F\u3400-\u9FFF\uFF00-\uFFEF“”‘’《》]/;

/**
 * Where Chinese text meets Latin text, the spaces it should have: none beside a Latin word, a
 * code, a number or a variable; one on each side of a typed command. A placeholder in brackets
 * (`<姓名>`, `[委员会]`) counts as one token; a heading's leading code (`G19 …`) and the spaced
 * dash that separates parts of a line are left as written.
 */
function chineseSpacing(text: string): string[] {
  const kept: string[] = [];
  const masked = text.replace(/<[^<>]*>|\[[^[\]]*\]/g, (whole) => `\u0000${kept.push(whole) - 1}\u0001`);
  const wrong: string[] = [];
  for (let i = 0; i < masked.length; ) {
    if (CJK.test(masked[i] as string)) {
      i++;
      continue;
    }
    let j = i;
    while (j < masked.length && !CJK.test(masked[j] as string)) j++;
    const run = masked.slice(i, j);
    const before = masked[i - 1] ?? '';
    const after = masked[j] ?? '';
    const core = run.trim();
    const shown = run.replace(/\u0000(\d+)\u0001/g, (_, n: string) => kept[Number(n)] as string);
    if (core === '') {
      if (HAN.test(before) && HAN.test(after)) wrong.push(`space between Han characters: “${before}${shown}${after}”`);
    } else if (!run.includes('—')) {
      const command = COMMAND.test(core);
      const lead = run.length - run.trimStart().length;
      const trail = run.length - run.trimEnd().length;
      const want = command ? 1 : 0;
      if (HAN.test(before) && (command || /^[A-Za-z0-9{<[(\u0000]/.test(core)) && lead !== want) wrong.push(`${want ? 'one space' : 'no space'} before “${shown.trim()}”`);
      if (HAN.test(after) && (command || /[A-Za-z0-9}>\])\u0001]$/.test(core)) && (command || before !== '') && trail !== want) wrong.push(`${want ? 'one space' : 'no space'} after “${shown.trim()}”`);
    }
    i = j;
  }
  return wrong;
}

describe('no English left in the Arabic, Russian and Chinese texts', () => {
  it.each(CHECKED)('%s: every Latin word is a command, a code, a name or a value, as listed', (language) => {
    const found = flatten(CATALOGUES[language] as Translation).flatMap(([key, text]) => englishIn(text, language).map((word) => `${key}: ${word}`));
    expect(found).toEqual([]);
  });

  it('zh: Latin words, codes and numbers sit without spaces; typed commands have one on each side', () => {
    const found = flatten(CATALOGUES.zh as Translation).flatMap(([key, text]) => chineseSpacing(text).map((problem) => `${key}: ${problem}`));
    expect(found).toEqual([]);
  });

  it('would catch English and bad spacing (the checks themselves work)', () => {
    expect(englishIn('/amparo practice search <words or #tags> — البحث', 'ar')).toEqual(['words', 'or', 'tags']);
    expect(englishIn('اكتبوا /amparo case CAT-2026-0001 أو /as <الاسم>، مثل Norway أو G5(f) أو AMPARO_DATA_KEY', 'ar')).toEqual([]);
    expect(englishIn('Amparo говорит', 'ru')).toEqual([]);
    expect(englishIn('يخاطبكم Amparo', 'ar')).toEqual(['Amparo']);
    expect(chineseSpacing('请使用/amparo case跟踪，Amparo 目前')).toEqual(['one space before “/amparo case”', 'one space after “/amparo case”', 'no space after “Amparo”']);
    expect(chineseSpacing('请使用 /amparo case {{reference}} 跟踪；Amparo目前使用 <姓名>')).toEqual(['no space before “<姓名>”']);
  });
});
