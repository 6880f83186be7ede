import type { z } from 'zod/v4';
import { t, type FieldErrors, type RawValues, type Text } from './text';

/**
 * A form is declared once, here in flows, and rendered by every adapter: a Slack modal, a
 * Teams dialog, questions in the terminal. Each field carries the schema that validates it
 * and catalogue keys for its label, hint and options.
 */
/**
 * `person` asks for someone in the workspace; adapters render their platform's user picker.
 * `search` picks one of many (a State party) by typing part of its name: the field's `search`
 * finds the options, in the viewer's language.
 */
type FieldKind = 'text' | 'textarea' | 'choice' | 'multichoice' | 'date' | 'number' | 'person' | 'search';

/**
 * Lists too long to show whole in a form (the States parties), searched as the person types:
 * Slack asks Amparo for the options matching each keystroke, Teams filters the list it was
 * given, the terminal accepts any name or code and suggests the nearest. Options are labelled
 * in the viewer's language; their values are what is stored (a State's ISO code). A name typed
 * in any of the six languages is accepted too, by the field's schema.
 */
export interface Search {
  /** Names the list: Slack's select carries it, so that its option requests find their list. */
  id: string;
  /** Shown in the empty picker. */
  placeholder: Text;
  /** How to answer by typing where no list is shown (the terminal): any name, or the code. */
  typing: Text;
  /** The options matching what was typed, best first; nothing typed gives every option, in the viewer's order. */
  find(typed: string, locale: string, limit?: number): Option[];
  /** The option an answer names (by its value, or a name in any language); undefined when it names nothing. */
  option(answer: string): Option | undefined;
}

export interface Option {
  value: string;
  label: Text;
}

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  label: Text;
  hint?: Text;
  options?: Option[];
  /** What a `search` field searches. */
  search?: Search;
  required: boolean;
  maxLength?: number;
  /** Sensitive answers are encrypted at rest and never echoed outside a private view. */
  sensitive: boolean;
  schema: z.ZodType;
}

export interface FormSpec {
  id: string;
  title: Text;
  submit: Text;
  intro?: Text;
  fields: FieldSpec[];
}

interface FieldOptions {
  required?: boolean;
  sensitive?: boolean;
  maxLength?: number;
  hint?: boolean;
}

function spec(name: string, kind: FieldKind, schema: z.ZodType, options: FieldOptions, extra: Partial<FieldSpec> = {}): FieldSpec {
  return {
    name,
    kind,
    label: t(`fields.${name}.label`),
    ...(options.hint ? { hint: t(`fields.${name}.hint`) } : {}),
    required: options.required ?? true,
    sensitive: options.sensitive ?? false,
    ...(options.maxLength ? { maxLength: options.maxLength } : {}),
    schema,
    ...extra,
  };
}

/**
 * A field worded by its own block of the catalogue rather than `fields.*`: its label
 * `<block>.<name>_label` and, with `hint`, its hint `<block>.<name>_hint`.
 */
export function wordedIn(block: string, field: FieldSpec, hint = false): FieldSpec {
  return { ...field, label: t(`${block}.${field.name}_label`), ...(hint ? { hint: t(`${block}.${field.name}_hint`) } : {}) };
}

/** Options are labelled `options.<set>.<value>` unless labels are given. */
function options(set: string, values: readonly string[]): Option[] {
  return values.map((value) => ({ value, label: t(`options.${set}.${value}`) }));
}

export const field = {
  text: (name: string, schema: z.ZodType, o: FieldOptions = {}) => spec(name, 'text', schema, o),
  textarea: (name: string, schema: z.ZodType, o: FieldOptions = {}) => spec(name, 'textarea', schema, o),
  date: (name: string, schema: z.ZodType, o: FieldOptions = {}) => spec(name, 'date', schema, o),
  number: (name: string, schema: z.ZodType, o: FieldOptions = {}) => spec(name, 'number', schema, o),
  person: (name: string, schema: z.ZodType, o: FieldOptions = {}) => spec(name, 'person', schema, o),
  choice: (name: string, schema: z.ZodType, set: string, values: readonly string[], o: FieldOptions = {}) =>
    spec(name, 'choice', schema, o, { options: options(set, values) }),
  /** One of a long list, found by typing (States parties): never listed whole in a form. */
  search: (name: string, schema: z.ZodType, search: Search, o: FieldOptions = {}) => spec(name, 'search', schema, o, { search }),
  /** A choice whose options are data (committees, people), labelled by the caller. */
  choiceOf: (name: string, schema: z.ZodType, choices: Option[], o: FieldOptions = {}) => spec(name, 'choice', schema, o, { options: choices }),
  multichoice: (name: string, schema: z.ZodType, set: string, values: readonly string[], o: FieldOptions = {}) =>
    spec(name, 'multichoice', schema, { ...o, required: o.required ?? false }, { options: options(set, values) }),
};

export type FieldResult = { ok: true; value: unknown } | { ok: false; error: Text };

/** Validates one answer; the error is a catalogue key with the field's limits as variables. */
export function validateField(f: FieldSpec, raw: string | string[] | undefined): FieldResult {
  const result = f.schema.safeParse(raw ?? (f.kind === 'multichoice' ? [] : ''));
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const key = issue && issue.message.startsWith('errors.') ? issue.message : 'errors.field.invalid';
  return { ok: false, error: t(key, { count: f.maxLength ?? 0 }) };
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Validates every field, so all problems are reported at once, then types the whole. */
export function parseForm<T>(form: FormSpec, values: RawValues, schema: z.ZodType<T>): FormResult<T> {
  const errors: FieldErrors = {};
  for (const f of form.fields) {
    const result = validateField(f, values[f.name]);
    if (!result.ok) errors[f.name] = result.error;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  // A platform may leave out an empty answer altogether; it is read as empty, as each field was.
  const complete: RawValues = { ...values };
  for (const f of form.fields) complete[f.name] ??= f.kind === 'multichoice' ? [] : '';
  const whole = schema.safeParse(complete);
  if (whole.success) return { ok: true, data: whole.data };
  for (const issue of whole.error.issues) {
    const name = String(issue.path[0] ?? form.fields[0]?.name ?? 'form');
    errors[name] = t(issue.message.startsWith('errors.') ? issue.message : 'errors.field.invalid');
  }
  return { ok: false, errors };
}

/** Names that would reach an object's prototype rather than a field. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A platform payload's own entries as a plain record, without prototype-shaped names;
 * anything that is not an object reads as empty. Adapters read payloads through this first.
 */
export function payloadRecord(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !PROTOTYPE_KEYS.has(key)));
}

/** Keeps only the answers a form knows, as strings, so nothing foreign travels further. */
export function pickValues(form: FormSpec, values: Record<string, unknown>): RawValues {
  const picked: RawValues = {};
  for (const f of form.fields) {
    const value = values[f.name];
    if (typeof value === 'string') picked[f.name] = value;
    else if (Array.isArray(value)) picked[f.name] = value.filter((v): v is string => typeof v === 'string');
  }
  return picked;
}
