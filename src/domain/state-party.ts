import { OTHER_NAMES, STATE_PARTY_CODES, UN_LANGUAGE_CODES, UN_NAMES, type UnLanguage } from './state-party-names';

/**
 * States parties are stored as ISO 3166-1 alpha-2 codes, so that every language can name them
 * and country rapporteurs are matched exactly. A person finds one by its name in any of the six
 * UN languages, as the UN writes it or as people say it ("Russia", "Türkiye", "Turkey"), or by
 * its code; case, accents and punctuation do not matter. It is shown as the UN names it, in the
 * viewer's language.
 */
export { STATE_PARTY_CODES } from './state-party-names';

const STATES = new Set(STATE_PARTY_CODES);

function unLanguage(locale: string): UnLanguage | undefined {
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  return (UN_LANGUAGE_CODES as readonly string[]).includes(language) ? (language as UnLanguage) : undefined;
}

const runtimeNames = new Map<string, Intl.DisplayNames>();
function runtimeName(code: string, locale: string): string | undefined {
  try {
    let names = runtimeNames.get(locale);
    if (!names) runtimeNames.set(locale, (names = new Intl.DisplayNames([locale, 'en'], { type: 'region', fallback: 'none' })));
    return names.of(code);
  } catch {
    return undefined;
  }
}

/**
 * The State's name in the viewer's language, as the UN writes it. A code recorded before the
 * list was narrowed (a territory) is still named, by the runtime, and failing that shown as is.
 */
export function statePartyName(code: string, locale: string): string {
  const language = unLanguage(locale);
  const un = language && UN_NAMES[code]?.[language];
  if (un) return un;
  return runtimeName(code, language ?? locale) ?? code;
}

/**
 * A name as compared: letters and digits only, without accents or vowel marks, lower case,
 * words separated by one space ("Côte d’Ivoire" and "cote d'ivoire" read alike).
 */
function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .toLowerCase()
    .trim();
}

/** Every name a State is known by, folded: the UN's and the runtime's in each language, and others. */
const namesOf = new Map<string, string[]>();
/** Each folded name and the one State it names. */
const codeByName = new Map<string, string>();
for (const code of STATE_PARTY_CODES) {
  const names = new Set<string>();
  for (const language of UN_LANGUAGE_CODES) {
    names.add(foldName(statePartyName(code, language)));
    names.add(foldName(runtimeName(code, language) ?? code));
  }
  for (const other of OTHER_NAMES[code] ?? []) names.add(foldName(other));
  namesOf.set(code, [...names]);
  for (const name of names) if (!codeByName.has(name)) codeByName.set(name, code);
}

/** Accepts a code ("NO", "no") or a name in any of the six languages ("Norway", "Noruega", "挪威"); undefined when neither. */
export function normaliseStateParty(input: string): string | undefined {
  const trimmed = input.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed) && STATES.has(trimmed.toUpperCase())) return trimmed.toUpperCase();
  return codeByName.get(foldName(trimmed));
}

const ordered = new Map<string, string[]>();
/** Every State, in the order of its name in the viewer's language. */
function statePartiesInOrder(locale: string): string[] {
  const language = unLanguage(locale) ?? 'en';
  let codes = ordered.get(language);
  if (!codes) {
    const collator = new Intl.Collator(language);
    ordered.set(language, (codes = [...STATE_PARTY_CODES].sort((a, b) => collator.compare(statePartyName(a, language), statePartyName(b, language)))));
  }
  return codes;
}

/** How well a name matches what was typed: lower is better, undefined is no match. */
function rank(name: string, typed: string): number | undefined {
  if (name.startsWith(typed)) return 0;
  if (name.includes(` ${typed}`)) return 1;
  if (name.includes(typed)) return 2;
  return undefined;
}

/**
 * The States matching what someone typed, best first: the code itself, then names in their
 * language that begin with it, contain a word that does, or contain it; then names in the other
 * languages and other names. Nothing typed lists every State.
 */
export function searchStateParties(typed: string, locale: string, limit = STATE_PARTY_CODES.length): string[] {
  const wanted = foldName(typed);
  // Names as the person reads them: a language Amparo does not speak reads English.
  const language = unLanguage(locale) ?? 'en';
  const inOrder = statePartiesInOrder(language);
  if (wanted === '') return inOrder.slice(0, limit);
  const scored: Array<{ code: string; score: number }> = [];
  for (const code of inOrder) {
    if (code.toLowerCase() === wanted) {
      scored.push({ code, score: 0 });
      continue;
    }
    const own = rank(foldName(statePartyName(code, language)), wanted);
    if (own !== undefined) {
      scored.push({ code, score: 1 + own });
      continue;
    }
    const other = Math.min(...(namesOf.get(code) ?? []).map((name) => rank(name, wanted) ?? Infinity));
    if (other !== Infinity) scored.push({ code, score: 4 + other });
  }
  // A stable sort keeps the language's order among States that match equally well.
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map((s) => s.code);
}
