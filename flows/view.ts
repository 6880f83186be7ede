import type { FormSpec } from './form';
import type { FieldErrors, RawValues, Text } from './text';

export { list, raw, stateName, t, type FieldErrors, type RawValues, type Text, type Var, type Vars } from './text';

/**
 * The platform-neutral replies flows return. Adapters render them (Block Kit, Adaptive
 * Cards, terminal text) and never invent content: every word is a catalogue key.
 */
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
