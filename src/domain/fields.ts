import { z } from 'zod/v4';
import { parseIdentity } from './identity';
import { normaliseStateParty } from './state-party';

/**
 * The schemas every form field is made of. Each error message is an i18n key, so every
 * adapter shows it in the user's language; limits travel with the field.
 */
const required = 'errors.field.required';
const tooLong = 'errors.field.too_long';
const choose = 'errors.field.choose';

const malformed = 'errors.field.malformed';
/** A UTF-16 half with no partner: no keyboard types it, and it cannot be stored as written. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

export const text = (max: number) => z.string().trim().min(1, { error: required }).max(max, { error: tooLong }).refine(wellFormed, { error: malformed });
export const optionalText = (max: number) => z.string().trim().max(max, { error: tooLong }).refine(wellFormed, { error: malformed });
export const choice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: choose });

export const isCalendarDay = (day: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);

/** A calendar day, not in the future, or empty when unknown (the clock is passed in, never read here). */
export const optionalPastDay = (today: () => Date) =>
  z
    .string()
    .trim()
    .refine((day) => day === '' || isCalendarDay(day), { error: 'errors.field.date', abort: true })
    .refine((day) => day === '' || day <= today().toISOString().slice(0, 10), { error: 'errors.field.date_future' });

export const stateParty = z
  .string()
  .trim()
  .min(1, { error: required })
  .transform((value, ctx) => {
    const code = normaliseStateParty(value);
    if (code === undefined) {
      ctx.issues.push({ code: 'custom', message: 'errors.field.state_party', input: value });
      return z.NEVER;
    }
    return code;
  });

/** A calendar day, past or future, e.g. the end of a rapporteur's term. */
export const day = z
  .string()
  .trim()
  .min(1, { error: required })
  .refine(isCalendarDay, { error: 'errors.field.date' });

export const optionalDay = z
  .string()
  .trim()
  .refine((value) => value === '' || isCalendarDay(value), { error: 'errors.field.date' });

/** A calendar day, or nothing: an answer left out or empty reads as undefined. */
export const optionalCalendarDay = optionalDay.optional().transform((value) => (value ? value : undefined));

const HOUR = 60 * 60 * 1000;
/**
 * The calendar day somewhere: a day is typed in the person's own time zone, which the clock does
 * not know, so "today" runs from the day in the latest zone (UTC−12, `dayAt(now, -12)`) to the
 * day in the earliest (UTC+14, `dayAt(now, 14)`).
 */
export const dayAt = (now: Date, offsetHours: number) => new Date(now.getTime() + offsetHours * HOUR).toISOString().slice(0, 10);

/** A State party's ISO code, or empty. */
export const optionalStateParty = z.union([z.literal(''), stateParty], { error: 'errors.field.state_party' });

/** A person, as the platform identity an adapter's user picker gives (`slack:T…:U…`). */
export const identity = z
  .string()
  .trim()
  .refine((key) => !/\s/.test(key) && parseIdentity(key) !== undefined, { error: 'errors.field.person' });
