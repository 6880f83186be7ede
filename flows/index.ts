import { AmparoError } from '../src/errors';
import { assertActionOpen, assertDecidable } from '../src/domain/case';
import { ACTIONS, parseProposalArg, proposalArg } from './actions';
import { caseButtons } from './case-buttons';
import { CASE_FORMS, type CaseFormEntry } from './case-forms';
import { showCase, showQueue } from './case.flow';
import type { FlowContext } from './context';
import { approve, decline, DECISION_FORMS, proposalOf, referenceOf } from './decision.flow';
import { describeError, errorReply } from './errors';
import { pickValues } from './form';
import { help } from './help.flow';
import { chatReport } from './report.flow';
import { chooseLanguage } from './language.flow';
import type { GeneralForm } from './general-forms';
import { INTAKE_FORM } from './intake.flow';
import { ASSIGN_ROLE_FORM, END_ROLE_FORM, showRoster } from './roles.flow';
import { PRACTICE_FORM, searchPractices } from './practices.flow';
import { acknowledge, acknowledgeUrgent, REMINDER_FORMS, snooze } from './reminders.flow';
import { showReferral } from './referral.flow';
import { message, t, type FieldErrors, type Reply } from './view';

type FormReply = Extract<Reply, { kind: 'form' }>;

export type { FlowContext } from './context';
export { ACTIONS } from './actions';
export { notificationView } from './notifications';

/**
 * The flows' one entrance for every adapter: a typed command, a pressed button, a submitted
 * form. Each returns a platform-neutral Reply; errors come back as replies too.
 */
const FORMS = new Map<string, CaseFormEntry>([...CASE_FORMS, ...DECISION_FORMS, ...REMINDER_FORMS].map((f) => [f.id, f]));
const GENERAL_FORMS = new Map<string, GeneralForm>([INTAKE_FORM, ASSIGN_ROLE_FORM, END_ROLE_FORM, PRACTICE_FORM].map((f) => [f.id, f]));

/** Every form id a submission can carry (the Slack callback id, the Teams dialog id). */
export const FORM_IDS: readonly string[] = [...GENERAL_FORMS.keys(), ...FORMS.keys()];

const DIRECT_ACTIONS: Record<string, (ctx: FlowContext, arg: string) => Promise<Reply>> = {
  [ACTIONS.report]: (ctx) => INTAKE_FORM.open(ctx),
  [ACTIONS.roles]: (ctx) => showRoster(ctx),
  [ACTIONS.assignRole]: (ctx) => ASSIGN_ROLE_FORM.open(ctx),
  [ACTIONS.endRole]: (ctx) => END_ROLE_FORM.open(ctx),
  [ACTIONS.queue]: (ctx) => showQueue(ctx),
  [ACTIONS.help]: async () => help(),
  [ACTIONS.openCase]: (ctx, arg) => showCase(ctx, arg),
  [ACTIONS.startAssessment]: async (ctx, arg) => {
    const c = await ctx.services.cases.startAssessment(ctx.actor, arg);
    return message('success', t('forms.assessment.started', { reference: c.reference }), [], caseButtons(ctx.actor, c));
  },
  [ACTIONS.approve]: approve,
  [ACTIONS.decline]: decline,
  [ACTIONS.acknowledge]: acknowledge,
  [ACTIONS.acknowledgeUrgent]: acknowledgeUrgent,
  [ACTIONS.snooze]: snooze,
  [ACTIONS.language]: chooseLanguage,
  [ACTIONS.reportProgress]: (ctx, arg) => chatReport(ctx, ACTIONS.reportProgress, arg),
  [ACTIONS.reportGa]: (ctx, arg) => chatReport(ctx, ACTIONS.reportGa, arg),
  [ACTIONS.openReferral]: showReferral, // G16
  [ACTIONS.addPractice]: (ctx) => PRACTICE_FORM.open(ctx),
  [ACTIONS.searchPractices]: searchPractices,
};

/** Typed words for each action: `/amparo <verb> <argument>`. */
const VERBS: Record<string, string> = {
  report: ACTIONS.report,
  cases: ACTIONS.queue,
  help: ACTIONS.help,
  case: ACTIONS.openCase,
  assess: ACTIONS.startAssessment,
  sources: ACTIONS.recordSources,
  consult: ACTIONS.consult,
  outcome: ACTIONS.recordOutcome,
  propose: ACTIONS.propose,
  approve: ACTIONS.approve,
  decline: ACTIONS.decline,
  more: ACTIONS.askMore,
  plenary: ACTIONS.plenary,
  publish: ACTIONS.approvePublic,
  consent: ACTIONS.consent,
  close: ACTIONS.close,
  reopen: ACTIONS.reopen,
  roles: ACTIONS.roles,
  done: ACTIONS.completeAction,
  extend: ACTIONS.extendDeadline,
  language: ACTIONS.language,
  'report-progress': ACTIONS.reportProgress,
  'report-ga': ACTIONS.reportGa,
  refer: ACTIONS.refer, // G16; a referral opens from its alert's button only, always in a modal or dialog
  practice: ACTIONS.searchPractices,
  practices: ACTIONS.searchPractices,
};

/** Second words that pick a form: `/amparo roles add`, `/amparo roles end`. */
const SUBCOMMANDS: Record<string, Record<string, string>> = {
  [ACTIONS.roles]: { add: ACTIONS.assignRole, assign: ACTIONS.assignRole, end: ACTIONS.endRole },
  [ACTIONS.searchPractices]: { add: ACTIONS.addPractice, search: ACTIONS.searchPractices },
};

/** Actions whose argument is every word that follows: `/amparo practice search visit #detention`, `report-progress CAT 2025`. */
const TAKES_WORDS = new Set<string>([ACTIONS.searchPractices, ACTIONS.reportProgress, ACTIONS.reportGa]);

const NEEDS_CASE = new Set<string>([ACTIONS.openCase, ACTIONS.startAssessment, ...FORMS.keys(), ACTIONS.approve, ACTIONS.decline]);
const NEEDS_PROPOSAL = new Set<string>([ACTIONS.approve, ACTIONS.decline, ACTIONS.askMore, ACTIONS.plenary, ACTIONS.approvePublic, ACTIONS.completeAction, ACTIONS.extendDeadline]);
/** Forms on a proposal that must be undecided; the others on one approved and not yet done. */
const ON_PENDING_PROPOSAL = new Set<string>([ACTIONS.askMore, ACTIONS.plenary, ACTIONS.approvePublic]);
const REFERENCE = /^[A-Za-z]{2,6}-\d{4}-\d{4,}$/;

/** A table's own entry: typed words like `constructor` must not reach Object.prototype. */
function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** What typed words ask for: `case CAT-2026-0001` is the action `case.open` on that case. */
export function commandAction(text: string): { action: string; arg: string } | { unknown: string } {
  const [verb = 'help', first = '', second = ''] = text.trim().split(/\s+/);
  const named = own(VERBS, verb.toLowerCase());
  const sub = named && own(own(SUBCOMMANDS, named) ?? {}, first.toLowerCase());
  const action = sub ?? named;
  if (!action) return { unknown: verb };
  if (TAKES_WORDS.has(action)) return { action, arg: text.trim().split(/\s+/).slice(sub ? 2 : 1).join(' ') };
  return { action, arg: NEEDS_PROPOSAL.has(action) && second !== '' ? proposalArg(first, Number(second)) : first };
}

/** `report`, `cases`, `case CAT-2026-0001`, `approve CAT-2026-0001 2` (or `…#2`), `help`. */
export async function runCommand(ctx: FlowContext, text: string): Promise<Reply> {
  const asked = commandAction(text);
  if ('unknown' in asked) return message('warning', t('errors.unknown_command', { command: asked.unknown }), [], [{ action: ACTIONS.help, arg: '', label: t(`buttons.${ACTIONS.help}`) }]);
  return runAction(ctx, asked.action, asked.arg);
}

function checkArgument(action: string, arg: string): void {
  if (NEEDS_PROPOSAL.has(action)) {
    if (!parseProposalArg(arg)) throw new AmparoError('INVALID_INPUT', 'errors.proposal.argument', { argument: arg });
  } else if (NEEDS_CASE.has(action) && !REFERENCE.test(arg.trim())) {
    throw new AmparoError('INVALID_INPUT', 'errors.case.argument', { argument: arg });
  }
}

/** A pressed button (or its typed verb): acts at once or opens the form it needs. */
export async function runAction(ctx: FlowContext, action: string, arg: string): Promise<Reply> {
  if (!ctx.services.limiter.take(ctx.person._id, 'action')) return message('warning', t('errors.rate_limited'));
  try {
    checkArgument(action, arg);
    const direct = own(DIRECT_ACTIONS, action);
    if (direct) return await direct(ctx, arg.trim());
    const entry = FORMS.get(action);
    if (!entry) return message('warning', t('errors.unknown_action'));
    const c = await ctx.services.cases.load(ctx.actor, referenceOf(arg), entry.operation);
    if (ON_PENDING_PROPOSAL.has(action)) assertDecidable(c, proposalOf(c, arg));
    else if (NEEDS_PROPOSAL.has(action)) assertActionOpen(c, proposalOf(c, arg));
    return { kind: 'form', form: await entry.build(ctx, c, arg.trim()), context: arg.trim(), values: entry.initial?.(c) ?? {}, errors: {} };
  } catch (error) {
    return errorReply(error, ctx.logger);
  }
}

/** A submitted form, made ready: the form as shown with the answers, its checks, its saving. */
interface Prepared {
  shown: FormReply;
  check(): FieldErrors;
  save(submissionKey: string): Promise<Reply>;
}

async function prepare(ctx: FlowContext, formId: string, context: string, submitted: Record<string, unknown>): Promise<Prepared | Reply> {
  const general = GENERAL_FORMS.get(formId);
  if (general) {
    const opened = await general.open(ctx);
    if (opened.kind !== 'form') return opened;
    const shown = { ...opened, values: pickValues(opened.form, submitted) };
    return {
      shown,
      check: () => general.check(ctx, shown.form, shown.values),
      save: (key) => general.save(ctx, shown.form, shown.values, key),
    };
  }
  const entry = FORMS.get(formId);
  if (!entry) return message('warning', t('errors.unknown_action'));
  checkArgument(formId, context);
  const c = await ctx.services.cases.load(ctx.actor, referenceOf(context), entry.operation);
  const spec = await entry.build(ctx, c, context);
  const shown: FormReply = { kind: 'form', form: spec, context, values: pickValues(spec, submitted), errors: {} };
  return {
    shown,
    check: () => entry.check(spec, shown.values),
    save: () => entry.handle(ctx, c, spec, shown.values, context),
  };
}

/** A submitted form, built once for both its check and its saving. */
export interface PreparedSubmission {
  /**
   * The answers' field errors, without saving anything, so that an adapter can show them
   * inline at once (Slack's `response_action: errors`) and save afterwards. When the check
   * itself cannot run (the store is down), it finds nothing: saving will say why.
   */
  errors(): FieldErrors;
  /**
   * Saves it. Whatever goes wrong, the person gets the form back with everything they typed
   * and a message saying why, never a lost answer. `submissionKey` identifies this submission
   * on its platform so that retries count once.
   */
  save(submissionKey: string): Promise<Reply>;
}

export async function prepareSubmission(ctx: FlowContext, formId: string, context: string, submitted: Record<string, unknown>): Promise<PreparedSubmission> {
  const attempt = () => prepare(ctx, formId, context, submitted).then((prepared) => ({ prepared }), (error: unknown) => ({ error }));
  const first = await attempt();
  return {
    errors: () => {
      if (!('prepared' in first) || !('shown' in first.prepared)) return {};
      const { form } = first.prepared.shown;
      // Checking is cheap but not free: a flood of checks is refused on the first field.
      if (!ctx.services.limiter.take(ctx.person._id, 'check')) return { [form.fields[0]?.name ?? 'form']: t('errors.rate_limited') };
      try {
        return first.prepared.check();
      } catch {
        return {};
      }
    },
    save: async (submissionKey) => {
      // What could not be prepared before (the store was away) is tried once more now.
      const ready = 'prepared' in first ? first : await attempt();
      if (!('prepared' in ready)) return answersBack(ctx, formId, submitted, ready.error);
      const { prepared } = ready;
      if (!('shown' in prepared)) return prepared;
      const { shown } = prepared;
      try {
        if (!ctx.services.limiter.take(ctx.person._id, formId === ACTIONS.report ? 'intake' : 'action')) return { ...shown, formError: t('errors.rate_limited') };
        return await prepared.save(submissionKey);
      } catch (error) {
        return { ...shown, formError: describeError(error, ctx.logger).text };
      }
    },
  };
}

/** The form could not even be rebuilt from the store: the answers still come back. */
async function answersBack(ctx: FlowContext, formId: string, submitted: Record<string, unknown>, error: unknown): Promise<Reply> {
  const { text } = describeError(error, ctx.logger);
  const fallback = formId === ACTIONS.report ? await INTAKE_FORM.open(ctx).catch(() => undefined) : undefined;
  return fallback?.kind === 'form' ? { ...fallback, values: pickValues(fallback.form, submitted), formError: text } : message('error', text);
}

/** Checks and saves a submitted form (see `PreparedSubmission.save`). */
export async function submitForm(ctx: FlowContext, formId: string, context: string, submitted: Record<string, unknown>, submissionKey: string): Promise<Reply> {
  return (await prepareSubmission(ctx, formId, context, submitted)).save(submissionKey);
}
