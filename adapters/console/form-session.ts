import { randomUUID } from 'node:crypto';
import { consoleIdentity } from '../../src/domain/identity';
import { platformSubmissionKey } from '../../src/domain/submission-key';
import type { FieldSpec } from '../../flows/form';
import { validateField } from '../../flows/form';
import type { FieldErrors, RawValues, Reply, Text } from '../../flows/view';

type FormReply = Extract<Reply, { kind: 'form' }>;

/**
 * A form being filled in the terminal, one question at a time. Answers are kept through
 * every error: a bad answer re-asks that question only, a failed save keeps them all.
 */
export class FormSession {
  readonly submissionKey = platformSubmissionKey('console', randomUUID());
  values: RawValues;
  index = 0;
  /** After the last question: the answers are shown and the person confirms. */
  reviewing = false;
  /** Set when the person asked to change one answer from the review. */
  private returnToReview = false;

  constructor(public reply: FormReply) {
    this.values = { ...reply.values };
  }

  get field(): FieldSpec {
    return this.reply.form.fields[this.index] as FieldSpec;
  }

  /** Reads an answer typed for the current question; returns the error to show, if any. */
  answer(typed: string): Text | undefined {
    const field = this.field;
    const raw = this.interpret(field, typed.trim());
    const result = validateField(field, raw);
    if (!result.ok) return result.error;
    // A State typed by name in any language is kept as the State it names (its code).
    this.values[field.name] = field.kind === 'search' && typeof result.value === 'string' ? result.value : raw;
    this.advance();
    return undefined;
  }

  back(): void {
    if (this.reviewing) {
      this.reviewing = false;
      this.index = this.reply.form.fields.length - 1;
    } else if (this.index > 0) this.index -= 1;
  }

  /** From the review, re-asks one question and comes back. */
  revise(questionNumber: number): boolean {
    if (questionNumber < 1 || questionNumber > this.reply.form.fields.length) return false;
    this.index = questionNumber - 1;
    this.reviewing = false;
    this.returnToReview = true;
    return true;
  }

  /** After a submission answered with field errors: re-ask the first wrong question. */
  showErrors(reply: FormReply): FieldErrors {
    this.reply = reply;
    const first = reply.form.fields.findIndex((f) => reply.errors[f.name] !== undefined);
    if (first >= 0) this.revise(first + 1);
    else this.reviewing = true;
    return reply.errors;
  }

  private advance(): void {
    if (this.returnToReview || this.index === this.reply.form.fields.length - 1) {
      this.returnToReview = false;
      this.reviewing = true;
    } else this.index += 1;
  }

  /**
   * Empty input keeps an earlier answer; numbers pick options; anything else is taken as
   * typed and left to the field's schema to judge.
   */
  private interpret(field: FieldSpec, typed: string): string | string[] {
    const previous = this.values[field.name];
    if (typed === '' && previous !== undefined) return previous;
    if (field.kind === 'person') return typed === '' || typed.includes(':') ? typed : consoleIdentity(typed);
    const options = field.options;
    if (!options) return typed;
    const pick = (token: string): string => {
      const n = Number(token);
      if (/^\d+$/.test(token) && n >= 1 && n <= options.length) return (options[n - 1] as { value: string }).value;
      return options.find((o) => o.value.toLowerCase() === token.toLowerCase())?.value ?? token;
    };
    if (field.kind === 'multichoice') {
      return typed
        .split(/[,\s]+/)
        .filter((token) => token.length > 0)
        .map(pick);
    }
    return pick(typed);
  }
}
