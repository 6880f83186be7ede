import { AmparoError } from '../src/errors';
import { assertActionOpen, assertDecidable, type Case } from '../src/domain/case';
import { ACTIONS, isActionId, parseProposalArg, proposalArg, type ActionId } from './actions';
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
import { CASE_SEARCH_FORM } from './case-search.flow';
import { CONTACT_FORM } from './contacts.flow';
import { LEAD_FORM, takeLead } from './lead.flow';
import { INFORMATION_FORM } from './case-information.flow';
import { acknowledge, acknowledgeUrgent, REMINDER_FORMS, snooze } from './reminders.flow';
import { showReferral } from './referral.flow';
import { showReferralInbox } from './referral-inbox.flow';
import { message, t, type FieldErrors, type Reply, type Text } from './view';

type FormReply = Extract<Reply, { kind: 'form' }>;

export type { FlowContext } from './context';
export { notificationView } from './notifications';

/**
 * The flows' one entrance for every adapter: a typed command, a pressed button, a submitted
 * form. Each returns a platform-neutral Reply; errors come back as replies too.
 */

/** What an action acts on. Typed words and a button's argument are checked alike. */
export type Argument =
  | 'nothing'
  /** One word, given to the flow as typed: a language, a reminder, a referral. */
  | 'word'
  /** Every word that follows: `practice search visit #detention`, `report-progress CAT 2025`. */
  | 'words'
  /** A case reference: `CAT-2026-0001`. */
  | 'case'
  /** A proposal: `CAT-2026-0001 2` typed, `CAT-2026-0001#2` on a button. */
  | 'proposal'
  /** A proposal not yet decided (G14). */
  | 'undecidedProposal'
  /** A proposal approved and not yet done (G19). */
  | 'openAction';

/** What an action does: act at once, open a form, or open a form about one case. */
type Deed =
  | { run(ctx: FlowContext, arg: string): Promise<Reply>; takes: Argument }
  | { form: GeneralForm; takes: 'nothing' }
  | { caseForm: CaseFormEntry; takes: 'case' | 'undecidedProposal' | 'openAction' };

/** A typed word, or two: the second picks among actions (`roles add`). */
type TypedWords = string | readonly [first: string, second: string];

export type Declaration = Deed & {
  /** Typed words, `/amparo <words> <argument>`. None: a button only. */
  words?: readonly TypedWords[];
  /** Drawn as a button: labelled `buttons.<id>`, or by the flow that draws it (a day, a week). */
  button?: 'labelled' | 'ownLabels';
  /** The catalogue key of its line in help; actions that share a line show it once. */
  help?: string;
  /** Offered in Teams' command menu (described by `teams_manifest.commands.<word>`) and Slack's usage hint. */
  menu?: boolean;
  /** Decided with one press: the message it was pressed on shows the decision in place. */
  decidedInPlace?: boolean;
  /** Its answer holds a case's details: never shown in a chat, only apart (a modal, a dialog). */
  showsDetails?: boolean;
  /**
   * A form whose answers are held (sealed) in the store between the platform's acknowledgement
   * and their saving, so that nothing typed is lost if the process dies in between.
   */
  heldBeforeSaving?: boolean;
};

const CASE_FORM_ENTRIES = new Map<string, CaseFormEntry>([...CASE_FORMS, ...DECISION_FORMS, ...REMINDER_FORMS].map((f) => [f.id, f]));
function caseForm(id: ActionId): CaseFormEntry {
  const found = CASE_FORM_ENTRIES.get(id);
  if (!found) throw new Error(`no case form has the id ${id}`);
  return found;
}

async function startAssessment(ctx: FlowContext, reference: string): Promise<Reply> {
  const c = await ctx.services.cases.startAssessment(ctx.actor, reference);
  return message('success', t('forms.assessment.started', { reference: c.reference }), [], caseButtons(ctx.actor, c));
}

/**
 * Every action, declared once: what it does, its typed words, what it acts on, where it is
 * offered. Typed commands, buttons, form submissions, help, the Teams command menu and Slack's
 * usage hint all read this; help lists its lines in this order.
 */
export const DECLARED: { readonly [id in ActionId]: Declaration } = {
  [ACTIONS.report]: { words: ['report'], takes: 'nothing', form: INTAKE_FORM, button: 'labelled', help: 'help.commands.report', menu: true, heldBeforeSaving: true },
  [ACTIONS.queue]: { words: ['cases'], takes: 'nothing', run: showQueue, help: 'help.commands.cases', menu: true },
  [ACTIONS.openCase]: { words: ['case'], takes: 'case', run: showCase, button: 'labelled', showsDetails: true, help: 'help.commands.case', menu: true },
  // G11: answered with a list of cases, so always in a modal or dialog.
  [ACTIONS.searchCases]: { words: ['search'], takes: 'nothing', form: CASE_SEARCH_FORM, button: 'labelled', help: 'case_search.help' },
  [ACTIONS.startAssessment]: { words: ['assess'], takes: 'case', run: startAssessment, button: 'labelled' },
  [ACTIONS.recordSources]: { words: ['sources'], takes: 'case', caseForm: caseForm(ACTIONS.recordSources), button: 'labelled' },
  // G13: a contact with the person at risk or their representative, recorded in a form.
  [ACTIONS.recordContact]: { words: ['contact'], takes: 'case', caseForm: CONTACT_FORM, button: 'labelled', help: 'contacts.help' },
  // G12: the lead rapporteur on a case: taken with one press, or given in a form.
  [ACTIONS.takeLead]: { words: ['lead'], takes: 'case', run: takeLead, button: 'labelled', help: 'lead.help' },
  [ACTIONS.assignLead]: { words: ['handover'], takes: 'case', caseForm: LEAD_FORM, button: 'labelled', help: 'lead.help' },
  // G10, G11: new information on a case (a new incident, a reply, a document), added in a form.
  [ACTIONS.addInformation]: { words: ['add-info'], takes: 'case', caseForm: INFORMATION_FORM, button: 'labelled', help: 'information.help' },
  [ACTIONS.consult]: { words: ['consult'], takes: 'case', caseForm: caseForm(ACTIONS.consult), button: 'labelled' },
  [ACTIONS.recordOutcome]: { words: ['outcome'], takes: 'case', caseForm: caseForm(ACTIONS.recordOutcome), button: 'labelled' },
  [ACTIONS.propose]: { words: ['propose'], takes: 'case', caseForm: caseForm(ACTIONS.propose), button: 'labelled' },
  [ACTIONS.approve]: { words: ['approve'], takes: 'proposal', run: approve, button: 'labelled', decidedInPlace: true },
  [ACTIONS.decline]: { words: ['decline'], takes: 'proposal', run: decline, button: 'labelled', decidedInPlace: true },
  [ACTIONS.askMore]: { words: ['more'], takes: 'undecidedProposal', caseForm: caseForm(ACTIONS.askMore), button: 'labelled' },
  [ACTIONS.plenary]: { words: ['plenary'], takes: 'undecidedProposal', caseForm: caseForm(ACTIONS.plenary), button: 'labelled' },
  [ACTIONS.approvePublic]: { words: ['publish'], takes: 'undecidedProposal', caseForm: caseForm(ACTIONS.approvePublic), button: 'labelled' },
  [ACTIONS.completeAction]: { words: ['done'], takes: 'openAction', caseForm: caseForm(ACTIONS.completeAction), button: 'labelled' },
  [ACTIONS.extendDeadline]: { words: ['extend'], takes: 'openAction', caseForm: caseForm(ACTIONS.extendDeadline), button: 'labelled' },
  [ACTIONS.consent]: { words: ['consent'], takes: 'case', caseForm: caseForm(ACTIONS.consent), button: 'labelled' },
  [ACTIONS.close]: { words: ['close'], takes: 'case', caseForm: caseForm(ACTIONS.close), button: 'labelled' },
  [ACTIONS.reopen]: { words: ['reopen'], takes: 'case', caseForm: caseForm(ACTIONS.reopen), button: 'labelled' },
  // G16: a referral to another committee; what it shares opens from its alert's button only.
  [ACTIONS.refer]: { words: ['refer'], takes: 'case', caseForm: caseForm(ACTIONS.refer), button: 'labelled' },
  [ACTIONS.openReferral]: { takes: 'word', run: showReferral, button: 'labelled', showsDetails: true },
  [ACTIONS.referralInbox]: { words: ['referrals'], takes: 'nothing', run: showReferralInbox, help: 'help.commands.referrals' },
  [ACTIONS.roles]: { words: ['roles'], takes: 'nothing', run: showRoster, help: 'help.commands.roles', menu: true },
  [ACTIONS.assignRole]: { words: [['roles', 'add'], ['roles', 'assign']], takes: 'nothing', form: ASSIGN_ROLE_FORM, button: 'labelled', help: 'help.commands.roles' },
  [ACTIONS.endRole]: { words: [['roles', 'end']], takes: 'nothing', form: END_ROLE_FORM, button: 'labelled', help: 'help.commands.roles' },
  [ACTIONS.reportProgress]: { words: ['report-progress'], takes: 'words', run: (ctx, arg) => chatReport(ctx, ACTIONS.reportProgress, arg), help: 'help.commands.reports', menu: true },
  [ACTIONS.reportGa]: { words: ['report-ga'], takes: 'words', run: (ctx, arg) => chatReport(ctx, ACTIONS.reportGa, arg), help: 'help.commands.reports' },
  [ACTIONS.reportSg]: { words: ['report-sg'], takes: 'words', run: (ctx, arg) => chatReport(ctx, ACTIONS.reportSg, arg), help: 'help.commands.reports' },
  [ACTIONS.language]: { words: ['language'], takes: 'word', run: chooseLanguage, button: 'ownLabels', help: 'help.commands.language' },
  [ACTIONS.help]: { words: ['help'], takes: 'nothing', run: async () => showHelp(), button: 'labelled', help: 'help.commands.help', menu: true },
  [ACTIONS.addPractice]: { words: [['practice', 'add'], ['practices', 'add']], takes: 'nothing', form: PRACTICE_FORM, button: 'labelled', help: 'practices.help' },
  [ACTIONS.searchPractices]: { words: ['practice', 'practices', ['practice', 'search'], ['practices', 'search']], takes: 'words', run: searchPractices, button: 'labelled', help: 'practices.help' },
  [ACTIONS.acknowledge]: { takes: 'word', run: acknowledge, button: 'labelled' },
  // G22: an urgent case acknowledged from its alert, before any reminder.
  [ACTIONS.acknowledgeUrgent]: { takes: 'word', run: acknowledgeUrgent, button: 'labelled' },
  [ACTIONS.snooze]: { takes: 'word', run: snooze, button: 'ownLabels' },
};

const DECLARATIONS = Object.entries(DECLARED) as Array<[ActionId, Declaration]>;

/** An action's declaration, for a string from anywhere (a payload, a callback id). */
export function declarationOf(action: string): Declaration | undefined {
  return isActionId(action) ? DECLARED[action] : undefined;
}

/** Whether the action's answer is a form or a case's details: shown apart from a chat. */
export function opensApart(action: string): boolean {
  const declared = declarationOf(action);
  return declared !== undefined && ('form' in declared || 'caseForm' in declared || declared.showsDetails === true);
}

/** Whether a submitted form's answers are held in the store before they are saved (`heldBeforeSaving`). */
export function heldBeforeSaving(formId: string): boolean {
  return declarationOf(formId)?.heldBeforeSaving === true;
}

/** Every form id a submission can carry (the Slack callback id, the Teams dialog id). */
export const FORM_IDS: readonly ActionId[] = DECLARATIONS.filter(([, d]) => 'form' in d || 'caseForm' in d).map(([id]) => id);

/** Typed words as typed (`roles add`), each naming one action (a test checks that none names two). */
export const typedWords = (words: TypedWords): string => (typeof words === 'string' ? words : words.join(' '));
const WORDS = new Map<string, ActionId>(DECLARATIONS.flatMap(([id, d]) => (d.words ?? []).map((words): [string, ActionId] => [typedWords(words), id])));

/** The commands of Teams' command menu and Slack's usage hint, in order: their word and argument. */
export const MENU: ReadonlyArray<{ word: string; takes: Argument }> = DECLARATIONS.flatMap(([, d]) => {
  const [word] = d.menu ? (d.words ?? []) : [];
  return typeof word === 'string' ? [{ word, takes: d.takes }] : [];
});

/** Help's list of commands: each declared line once, in the declaration's order. */
export function helpLines(): Text[] {
  return [...new Set(DECLARATIONS.flatMap(([, d]) => (d.help ? [d.help] : [])))].map((key) => t(key));
}

export function showHelp(): Reply {
  return help(helpLines());
}

function argumentOf(takes: Argument, rest: string[]): string {
  const [first = '', second] = rest;
  if (takes === 'words') return rest.join(' ');
  if (takes === 'nothing') return '';
  if (takes === 'proposal' || takes === 'undecidedProposal' || takes === 'openAction') return second !== undefined ? proposalArg(first, Number(second)) : first;
  return first;
}

/** What typed words ask for: `case CAT-2026-0001` is the action `case.open` on that case. */
export function commandAction(text: string): { action: ActionId; arg: string } | { unknown: string } {
  const typed = text.trim().split(/\s+/).filter((word) => word !== '');
  if (typed.length === 0) typed.push('help');
  const two = typed.length > 1 ? WORDS.get(typed.slice(0, 2).join(' ').toLowerCase()) : undefined;
  const action = two ?? WORDS.get((typed[0] as string).toLowerCase());
  if (!action) return { unknown: typed[0] as string };
  return { action, arg: argumentOf(DECLARED[action].takes, typed.slice(two ? 2 : 1)) };
}

/** `report`, `cases`, `case CAT-2026-0001`, `approve CAT-2026-0001 2` (or `…#2`), `help`. */
export async function runCommand(ctx: FlowContext, text: string): Promise<Reply> {
  const asked = commandAction(text);
  if ('unknown' in asked) return message('warning', t('errors.unknown_command', { command: asked.unknown }), [], [{ action: ACTIONS.help, arg: '', label: t(`buttons.${ACTIONS.help}`) }]);
  return runAction(ctx, asked.action, asked.arg);
}

const REFERENCE = /^[A-Za-z]{2,6}-\d{4}-\d{4,}$/;

function checkArgument(takes: Argument, arg: string): void {
  if (takes === 'proposal' || takes === 'undecidedProposal' || takes === 'openAction') {
    if (!parseProposalArg(arg)) throw new AmparoError('INVALID_INPUT', 'errors.proposal.argument', { argument: arg });
  } else if (takes === 'case' && !REFERENCE.test(arg.trim())) {
    throw new AmparoError('INVALID_INPUT', 'errors.case.argument', { argument: arg });
  }
}

/** The case a case form acts on, loaded once, with the proposal in the state the form needs. */
async function caseFor(ctx: FlowContext, declared: Extract<Deed, { caseForm: CaseFormEntry }>, arg: string): Promise<Case> {
  const c = await ctx.services.cases.load(ctx.actor, referenceOf(arg), declared.caseForm.operation);
  if (declared.takes === 'undecidedProposal') assertDecidable(c, proposalOf(c, arg));
  else if (declared.takes === 'openAction') assertActionOpen(c, proposalOf(c, arg));
  return c;
}

/** A pressed button (or its typed words): acts at once or opens the form it needs. */
export async function runAction(ctx: FlowContext, action: string, arg: string): Promise<Reply> {
  if (!ctx.services.limiter.take(ctx.person._id, 'action')) return message('warning', t('errors.rate_limited'));
  try {
    const declared = declarationOf(action);
    if (!declared) return message('warning', t('errors.unknown_action'));
    checkArgument(declared.takes, arg);
    if ('run' in declared) return await declared.run(ctx, arg.trim());
    if ('form' in declared) return await declared.form.open(ctx);
    const c = await caseFor(ctx, declared, arg.trim());
    const { caseForm: entry } = declared;
    return { kind: 'form', form: await entry.build(ctx, c, arg.trim()), context: arg.trim(), values: entry.initial?.(c) ?? {}, errors: {} };
  } catch (error) {
    return errorReply(error, ctx.logger);
  }
}

/** A submitted form, made ready: the form as shown with the answers, read once for its check and its saving. */
interface Prepared {
  shown: FormReply;
  check(): FieldErrors;
  save(submissionKey: string): Promise<Reply>;
}

async function prepare(ctx: FlowContext, formId: string, context: string, submitted: Record<string, unknown>): Promise<Prepared | Reply> {
  const declared = declarationOf(formId);
  if (declared && 'form' in declared) {
    const general = declared.form;
    const opened = await general.open(ctx);
    if (opened.kind !== 'form') return opened;
    const shown = { ...opened, values: pickValues(opened.form, submitted) };
    const answers = general.read(ctx, shown.form, shown.values);
    return { shown, check: () => answers.errors, save: (key) => answers.save(key) };
  }
  if (!declared || !('caseForm' in declared)) return message('warning', t('errors.unknown_action'));
  checkArgument(declared.takes, context);
  const entry = declared.caseForm;
  const c = await ctx.services.cases.load(ctx.actor, referenceOf(context), entry.operation);
  const spec = await entry.build(ctx, c, context);
  const shown: FormReply = { kind: 'form', form: spec, context, values: pickValues(spec, submitted), errors: {} };
  const answers = entry.read(spec, shown.values);
  return {
    shown,
    check: () => answers.errors,
    save: (key) => answers.submit(ctx, c, context, key),
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
