/*
 * Words as flows hand them to adapters: catalogue keys with their values, never a literal of ours.
 * Forms and views both read them.
 */

/**
 * A value put into a sentence. A `date` is an instant shown in the reader's time zone, or, with
 * `calendar`, a day without a time (a term's end, a session's start, the incident's date: stored
 * as that day's midnight UTC), which is the same day everywhere.
 */
export type Var = string | number | Text | { date: Date; withTime?: boolean; calendar?: boolean } | { list: Text[] } | { region: string };
export type Vars = Record<string, Var>;

/** A catalogue key with its variables, or data typed by a user (never a literal of ours). */
export type Text = { key: string; vars?: Vars } | { raw: string };

export const t = (key: string, vars?: Vars): Text => (vars ? { key, vars } : { key });
export const raw = (value: string): Text => ({ raw: value });
/** A list joined the way the viewer's language joins lists. */
export const list = (items: Text[]): Text => t('common.value', { value: { list: items } });
/** A State party's name in the viewer's language, from its ISO code. */
export const stateName = (code: string): Text => t('common.value', { value: { region: code } });

/** What a person typed into a form, by field. */
export type RawValues = Record<string, string | string[]>;
/** Why each field was refused, by field. */
export type FieldErrors = Record<string, Text>;
