import { z } from 'zod/v4';
import { LIMITS, choice, optionalText, text } from '../src/domain/allegation';
import { AUTHORITIES, PUBLIC_SUMMARY_VERDICTS, VERDICTS, type Authority, type Case, type Decision, type Proposal, type PublicSummaryVerdict, type Verdict } from '../src/domain/case';
import { AmparoError } from '../src/errors';
import { ACTIONS, parseProposalArg } from './actions';
import { entry, form, type CaseFormEntry } from './case-forms';
import type { FlowContext } from './context';
import { field } from './form';
import { message, raw, t, type MessageView, type Reply, type Text } from './view';
import type { ActionTypeId } from '../src/domain/actions';

/**
 * The chair's decision on a proposal (G14): approve or decline with one press, ask the
 * rapporteur for more with a question, or record what the plenary decided.
 */
export function proposalOf(c: Case, arg: string): Proposal {
  const parsed = parseProposalArg(arg);
  const proposal = parsed ? c.proposals.find((p) => p.number === parsed.number) : undefined;
  if (!proposal) throw new AmparoError('NOT_FOUND', 'errors.proposal.not_found', { reference: c.reference });
  return proposal;
}

export function referenceOf(arg: string): string {
  return arg.split('#')[0] ?? arg;
}

async function decide(ctx: FlowContext, arg: string, verdict: Verdict, authority: Authority, note: string, publicSummary?: PublicSummaryVerdict): Promise<Reply> {
  const c = await ctx.services.cases.load(ctx.actor, referenceOf(arg), 'decide');
  const { case: next, proposal } = await ctx.services.cases.decide(ctx.actor, c.reference, proposalOf(c, arg).id, verdict, authority, note, publicSummary);
  return decidedView(next, proposal);
}

/** The proposal after its decision: who decided what, when, under which authority. No buttons left. */
export function decidedView(c: Case, p: Proposal): Reply {
  return { kind: 'message', view: decisionView({ reference: c.reference, number: p.number, type: p.type }, p.decision, p.dueAt) };
}

/**
 * How a decided proposal reads, wherever it is shown: the answer to the chair who decided, and
 * every message that had asked for the decision (brought up to date in place).
 */
export function decisionView(proposal: { reference: string; number: number; type: ActionTypeId }, decision: Omit<Decision, 'note' | 'by'> | undefined, dueAt?: Date): MessageView {
  const lines: Text[] = decision
    ? [
        t('decision.line', {
          verdict: t(`proposalStatus.${decision.verdict}`),
          name: raw(decision.byName),
          at: t('common.date', { date: { date: decision.at, withTime: true } }),
          authority: t(`options.authority.${decision.authority}`),
        }),
        ...(dueAt ? [t('decision.due', { date: t('common.date', { date: { date: dueAt } }) })] : []),
        ...(decision.publicSummary ? [t(`decision.public_${decision.publicSummary}`)] : []),
      ]
    : [];
  const reply = message(decision?.verdict === 'approved' ? 'success' : 'info', t('decision.title', { reference: proposal.reference, number: proposal.number, action: t(`actionTypes.${proposal.type}`) }), [{ lines }]);
  return (reply as Extract<Reply, { kind: 'message' }>).view;
}

export const approve = (ctx: FlowContext, arg: string) => decide(ctx, arg, 'approved', 'chair', '');
export const decline = (ctx: FlowContext, arg: string) => decide(ctx, arg, 'declined', 'chair', '');

const question = text(LIMITS.longText);
const moreSchema = z.object({ note: question });

const askMore = entry({
  id: ACTIONS.askMore,
  operation: 'decide',
  schema: moreSchema,
  build: () => form(ACTIONS.askMore, [field.textarea('note', question, { sensitive: true, maxLength: LIMITS.longText })]),
  submit: (ctx, c, data, arg) => decide(ctx, arg, 'more_requested', 'chair', data.note),
});

const plenarySchema = z.object({ verdict: choice(VERDICTS), note: optionalText(LIMITS.longText) });

const plenary = entry({
  id: ACTIONS.plenary,
  operation: 'decide',
  schema: plenarySchema,
  build: () =>
    form(ACTIONS.plenary, [
      field.choice('verdict', plenarySchema.shape.verdict, 'verdict', VERDICTS),
      field.textarea('note', plenarySchema.shape.note, { required: false, sensitive: true, maxLength: LIMITS.longText }),
    ]),
  submit: (ctx, c, data, arg) => decide(ctx, arg, data.verdict, 'plenary', data.note),
});

const publishSchema = z.object({ publish: choice(PUBLIC_SUMMARY_VERDICTS).optional(), authority: choice(AUTHORITIES), note: optionalText(LIMITS.longText) });

/**
 * G25: the approval of an action that names a case in the report to the General Assembly. The
 * chair reads the public summary the rapporteur proposed, told that approving it with "yes"
 * makes it public, and answers; one press on Approve cannot do this (the domain refuses it).
 */
const approvePublic = entry({
  id: ACTIONS.approvePublic,
  operation: 'decide',
  schema: publishSchema,
  build: async (ctx, c, arg = '') => {
    const asked = parseProposalArg(arg);
    const proposal = asked ? c.proposals?.find((p) => p.number === asked.number) : undefined;
    const summary = proposal ? await ctx.services.reader.publicSummary(ctx.actor, c, proposal) : undefined;
    const vars = { number: proposal?.number ?? 0, action: t(`actionTypes.${proposal?.type ?? 'G25'}`) };
    const asks = summary !== undefined || proposal === undefined;
    return {
      ...form(ACTIONS.approvePublic, [], false),
      intro: summary === undefined ? t('forms.decision.publish.intro_none', vars) : t('forms.decision.publish.intro', { ...vars, summary: raw(summary) }),
      fields: [
        ...(asks ? [field.choice('publish', choice(PUBLIC_SUMMARY_VERDICTS), 'publish', PUBLIC_SUMMARY_VERDICTS)] : []),
        field.choice('authority', choice(AUTHORITIES), 'authority', AUTHORITIES),
        field.textarea('note', optionalText(LIMITS.longText), { required: false, sensitive: true, maxLength: LIMITS.longText }),
      ],
    };
  },
  initial: () => ({ authority: 'chair' }),
  submit: (ctx, c, data, arg) => decide(ctx, arg, 'approved', data.authority, data.note, proposalOf(c, arg).publicSummary ? data.publish : undefined),
});

export const DECISION_FORMS: readonly CaseFormEntry[] = [askMore, plenary, approvePublic];

