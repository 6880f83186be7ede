import { statePartyName } from '../src/domain/state-party';
import { languageOf, translate } from '../src/i18n';
import type { Text, Var } from './view';

/**
 * Turns a Text into words for one viewer: their language, their time zone. Every adapter
 * renders through this, so a date or a list reads the same on every platform.
 */
export interface Viewer {
  locale: string;
  timeZone: string;
}

export function localize(text: Text, viewer: Viewer): string {
  if ('raw' in text) return text.raw;
  const vars: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.vars ?? {})) vars[name] = localizeVar(value, viewer);
  return translate(viewer.locale, text.key, vars);
}

function localizeVar(value: Var, viewer: Viewer): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if ('date' in value) {
    const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', ...(value.withTime ? { timeStyle: 'short' } : {}) };
    try {
      return new Intl.DateTimeFormat(languageOf(viewer.locale), { ...options, timeZone: viewer.timeZone }).format(value.date);
    } catch {
      // A zone this runtime does not know: show the time in UTC, saying so.
      return `${new Intl.DateTimeFormat(languageOf(viewer.locale), { ...options, timeZone: 'UTC' }).format(value.date)}${value.withTime ? ' UTC' : ''}`;
    }
  }
  if ('list' in value) {
    return new Intl.ListFormat(languageOf(viewer.locale), { type: 'conjunction' }).format(value.list.map((item) => localize(item, viewer)));
  }
  if ('region' in value) return statePartyName(value.region, languageOf(viewer.locale));
  return localize(value, viewer);
}
