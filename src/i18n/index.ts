import i18next, { type i18n } from 'i18next';
import { CATALOGUES } from './catalogues';

/**
 * The i18n layer: i18next over the catalogues. Other languages join `resources`; a key
 * missing in one falls back to English, never to the bare key.
 */
const DEFAULT_LOCALE = 'en';
/** The six official languages of the United Nations, which a person may choose. */
export const UN_LANGUAGES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;

/** The languages Amparo speaks: those with a catalogue. */
const SUPPORTED_LOCALES: readonly string[] = Object.keys(CATALOGUES);

const instance: i18n = i18next.createInstance();
void instance.init({
  initAsync: false,
  resources: Object.fromEntries(Object.entries(CATALOGUES).map(([language, translation]) => [language, { translation }])),
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function languageOf(locale: string): string {
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? DEFAULT_LOCALE;
  return SUPPORTED_LOCALES.includes(language) ? language : DEFAULT_LOCALE;
}

export function hasKey(key: string, locale = DEFAULT_LOCALE): boolean {
  return instance.exists(key, { lng: languageOf(locale) });
}

export function translate(locale: string, key: string, vars: Record<string, string | number> = {}): string {
  return instance.t(key, { lng: languageOf(locale), ...vars });
}

/** Languages written right to left, whether or not a catalogue exists for them yet. */
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur']);

export function isRightToLeft(locale: string): boolean {
  return RIGHT_TO_LEFT.has(locale.toLowerCase().split(/[-_]/)[0] ?? '');
}

/**
 * A value placed inside right-to-left text (a reference, a number, a Latin name), isolated
 * (U+2068 … U+2069) so that it keeps its own order instead of being reordered by its neighbours.
 */
export function isolate(value: string | number): string {
  return `\u2068${value}\u2069`;
}

/** The operators' language (AMPARO_LOCALE) for the command line and start-up, before any configuration is read. */
export function operatorLocale(env: NodeJS.ProcessEnv = process.env): string {
  return env.AMPARO_LOCALE?.trim() || DEFAULT_LOCALE;
}

/**
 * The locale `Intl` should write dates, lists and numbers in: the person's own (en-GB, fr-CH…)
 * where the runtime has it, else their language's.
 */
export function intlLocale(locale: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale])[0] ?? languageOf(locale);
  } catch {
    return languageOf(locale);
  }
}
