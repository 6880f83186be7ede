import { statePartyName } from '../src/domain/state-party';
import { intlLocale, isolate, isRightToLeft, languageOf, translate } from '../src/i18n';
import type { Text, Var } from './view';

/**
 * Turns a Text into words for one viewer: their language, their time zone. Every adapter
 * renders through this, so a date or a list reads the same on every platform.
 */
export interface Viewer {
  locale: string;
  timeZone: string;
}

/**
 * In a right-to-left language each word put into a sentence (a reference such as
 * CAT-2026-0001, a Latin name, a date) is isolated, so that the sentence around it cannot
 * reorder its parts; counts stay numbers (plural forms are chosen by them).
 */
export function localize(text: Text, viewer: Viewer): string {
  if ('raw' in text) return text.raw;
  const rightToLeft = isRightToLeft(viewer.locale);
  const vars: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.vars ?? {})) {
    const local = localizeVar(value, viewer);
    vars[name] = rightToLeft && typeof local === 'string' ? isolate(local) : local;
  }
  return translate(viewer.locale, text.key, vars);
}

function localizeVar(value: Var, viewer: Viewer): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if ('date' in value) {
    const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', ...(value.withTime ? { timeStyle: 'short' } : {}) };
    try {
      return new Intl.DateTimeFormat(intlLocale(viewer.locale), { ...options, timeZone: value.calendar ? 'UTC' : viewer.timeZone }).format(value.date);
    } catch {
      // A zone this runtime does not know: show the time in UTC, saying so.
      return `${new Intl.DateTimeFormat(intlLocale(viewer.locale), { ...options, timeZone: 'UTC' }).format(value.date)}${value.withTime ? ' UTC' : ''}`;
    }
  }
  if ('list' in value) {
    return new Intl.ListFormat(intlLocale(viewer.locale), { type: 'conjunction' }).format(value.list.map((item) => localize(item, viewer)));
  }
  if ('region' in value) return statePartyName(value.region, languageOf(viewer.locale));
  return localize(value, viewer);
}
