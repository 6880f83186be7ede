import type { FormSpec } from './form';

/**
 * The platform-neutral replies flows return. Adapters render them (Block Kit, Adaptive
 * Cards, terminal text) and never invent content: every word is a catalogue key.
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

export interface Button {
  /** An action id from `actions.ts`: the same string on every platform. */
  action: string;
  /** What the action applies to, e.g. a case reference or `<reference>/<proposal id>`. */
  arg: string;
  label: Text;
  style?: 'primary' | 'danger';
}

export interface Field {
  label: Text;
  value: Text;
}

export interface Section {
  heading?: Text;
  lines?: Text[];
  fields?: Field[];
}

export type Tone = 'info' | 'success' | 'warning' | 'error' | 'urgent';

export interface MessageView {
  tone: Tone;
  title: Text;
  sections: Section[];
  buttons: Button[];
  /**
   * True when the view shows case details: adapters show it only where nobody else can read
   * it (a modal, a dialog, the person's own terminal), never as a chat message.
   */
  sensitive: boolean;
  /**
   * A receipt for something just recorded (a new report): chat adapters keep a copy in the
   * person's private chat. A retried submission's answer is not a receipt, so no copy twice.
   */
  receipt?: boolean;
}

export type RawValues = Record<string, string | string[]>;
export type FieldErrors = Record<string, Text>;

/** A Word document (.docx). */
export const WORD_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A file a reply hands over privately (a report): uploaded where the platform allows it. */
export interface DeliveredFile {
  name: string;
  mime: 'text/markdown' | 'image/png' | 'application/zip' | typeof WORD_MIME;
  content: Buffer;
}

/**
 * Files that go with a message. `again` is the action that makes them, so that a platform
 * that uploads only after the person agrees (Teams) can make them again then, with the
 * permission checked again, instead of keeping them in memory.
 */
export interface Delivery {
  files: DeliveredFile[];
  again: { action: string; arg: string };
}

export type Reply =
  | { kind: 'message'; view: MessageView; delivery?: Delivery }
  | {
      kind: 'form';
      form: FormSpec;
      /** Opaque to adapters: what the form is about, returned with the submission. */
      context: string;
      values: RawValues;
      errors: FieldErrors;
      /** An error about the form as a whole, e.g. "not saved, try again". */
      formError?: Text;
    };

export function message(tone: Tone, title: Text, sections: Section[] = [], buttons: Button[] = [], sensitive = false): Reply {
  return { kind: 'message', view: { tone, title, sections, buttons, sensitive } };
}
