import type { z } from 'zod/v4';
import type { ActionId } from './actions';
import type { FlowContext } from './context';
import { parseForm, type FormSpec } from './form';
import type { FieldErrors, RawValues, Reply } from './view';

/**
 * A form that is not about one case: the intake, role administration, a good practice, a
 * search. It is built for the person (their committees); a submission is read once, and that
 * one reading gives both the check (without side effects) and the saving.
 */
export interface GeneralForm {
  id: ActionId;
  /** The form to fill, or a refusal when the person may not use it. */
  open(ctx: FlowContext): Promise<Reply>;
  read(ctx: FlowContext, spec: FormSpec, values: RawValues): GeneralAnswers;
}

/** A submission read once: its field errors, and what saving it does (the form again, with them, when there are some). */
interface GeneralAnswers {
  errors: FieldErrors;
  save(submissionKey: string): Promise<Reply>;
}

/** Declares a general form by the schema its answers must fit and what is done with them. */
export function generalForm<T>(f: {
  id: ActionId;
  open(ctx: FlowContext): Promise<Reply>;
  /** The whole form's schema, for this person (e.g. the committees they may choose). */
  schema(ctx: FlowContext): z.ZodType<T>;
  submit(ctx: FlowContext, spec: FormSpec, data: T, submissionKey: string): Promise<Reply>;
}): GeneralForm {
  return {
    id: f.id,
    open: f.open,
    read: (ctx, spec, values) => {
      const parsed = parseForm(spec, values, f.schema(ctx));
      if (parsed.ok) return { errors: {}, save: (key) => f.submit(ctx, spec, parsed.data, key) };
      return { errors: parsed.errors, save: async () => ({ kind: 'form', form: spec, context: '', values, errors: parsed.errors }) };
    },
  };
}
