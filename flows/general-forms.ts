import type { ActionId } from './actions';
import type { FlowContext } from './context';
import type { FormSpec } from './form';
import type { FieldErrors, RawValues, Reply } from './view';

/**
 * A form that is not about one case: the intake, role administration. It is built for the
 * person (their committees), checked without side effects, then saved.
 */
export interface GeneralForm {
  id: ActionId;
  /** The form to fill, or a refusal when the person may not use it. */
  open(ctx: FlowContext): Promise<Reply>;
  check(ctx: FlowContext, spec: FormSpec, values: RawValues): FieldErrors;
  save(ctx: FlowContext, spec: FormSpec, values: RawValues, submissionKey: string): Promise<Reply>;
}
