import { z } from 'zod/v4';
import { RISK_LEVELS } from '../src/domain/allegation';
import { CASE_STATUSES } from '../src/domain/case';
import { LEAD_FILTERS, SEARCH_OUTCOMES, type CaseListing } from '../src/domain/case-search';
import type { TreatyBody } from '../src/domain/committee';
import { choice, optionalDay, optionalStateParty } from '../src/domain/fields';
import type { SearchCriteria } from '../src/services/case-search';
import { ACTIONS } from './actions';
import { openCaseButton } from './case-buttons';
import type { FlowContext } from './context';
import { field, type FieldSpec, type FormSpec, type Option } from './form';
import { generalForm, type GeneralForm } from './general-forms';
import { message, raw, stateName, t, type Reply } from './view';
import { STATE_PARTY_SEARCH } from './search';

/**
 * Finding a case (G11): a rapporteur or the chair fills a form of filters (State party, status,
 * outcome, risk, the period received) and gets the matching cases of their committee, newest
 * first: reference, State party, status and the day received, each with its Open button. The
 * answer is a case list, so it is shown only where the person alone reads it (a modal, a
 * dialog, their terminal), never in a channel; no name or narrative is in it.
 */
const DAY_MS = 86_400_000;

/** An optional choice: empty means any. */
const anyOr = <T extends readonly [string, ...string[]]>(values: T) => z.union([z.literal(''), choice(values)], { error: 'errors.field.choose' });

function worded(spec: FieldSpec, name: string): FieldSpec {
  return { ...spec, label: t(`case_search.form.${name}`) };
}

function labelled(name: string, values: readonly string[], label: (value: string) => Option['label']): FieldSpec {
  return field.choiceOf(name, anyOr(values as readonly [string, ...string[]]), values.map((value) => ({ value, label: label(value) })), { required: false });
}

function searchForm(committees: TreatyBody[]): FormSpec {
  const fields: FieldSpec[] = [];
  if (committees.length > 1) fields.push(field.choiceOf('committee', choice(committees as [TreatyBody, ...TreatyBody[]]), committees.map((c) => ({ value: c, label: raw(c) }))));
  fields.push(
    field.search('stateParty', optionalStateParty, STATE_PARTY_SEARCH, { required: false }),
    worded(labelled('status', CASE_STATUSES, (s) => t(`status.${s}`)), 'status'),
    labelled('outcome', SEARCH_OUTCOMES, (o) => (o === 'not_assessed' ? t('reports.not_assessed') : t(`options.outcome.${o}`))),
    labelled('riskLevel', RISK_LEVELS, (r) => t(`options.riskLevel.${r}`)),
    // G12: led by me, by another rapporteur, or by nobody yet.
    { ...labelled('lead', LEAD_FILTERS, (l) => t(`lead.search.${l}`)), label: t('lead.search.label') },
    worded(field.date('from', optionalDay, { required: false }), 'from'),
    worded(field.date('to', optionalDay, { required: false }), 'to'),
  );
  return { id: ACTIONS.searchCases, title: t('case_search.form.title'), submit: t('case_search.form.submit'), intro: t('case_search.form.intro'), fields };
}

/** The whole form's schema: the committee is asked only of someone who works on several. */
function formSchema(committees: TreatyBody[]) {
  const committee = committees.length > 1 ? choice(committees as [TreatyBody, ...TreatyBody[]]) : z.literal(committees[0] as TreatyBody).default(committees[0] as TreatyBody);
  return z
    .object({ committee, stateParty: optionalStateParty, status: anyOr(CASE_STATUSES), outcome: anyOr(SEARCH_OUTCOMES), riskLevel: anyOr(RISK_LEVELS), lead: anyOr(LEAD_FILTERS), from: optionalDay, to: optionalDay })
    .refine((v) => v.from === '' || v.to === '' || v.from <= v.to, { error: 'errors.search_period', path: ['to'] })
    .transform((v): SearchCriteria => ({
      committee: v.committee,
      ...(v.stateParty !== '' ? { stateParty: v.stateParty } : {}),
      ...(v.status !== '' ? { status: v.status } : {}),
      ...(v.outcome !== '' ? { outcome: v.outcome } : {}),
      ...(v.riskLevel !== '' ? { riskLevel: v.riskLevel } : {}),
      ...(v.lead !== '' ? { lead: v.lead } : {}),
      ...(v.from !== '' ? { from: new Date(`${v.from}T00:00:00Z`) } : {}),
      // The last day is included.
      ...(v.to !== '' ? { to: new Date(new Date(`${v.to}T00:00:00Z`).getTime() + DAY_MS) } : {}),
    }));
}

function line(c: CaseListing) {
  return t('case_search.line', { reference: c.reference, state: stateName(c.stateParty), status: t(`status.${c.status}`), date: { date: c.createdAt, calendar: true } });
}

async function answer(ctx: FlowContext, criteria: SearchCriteria): Promise<Reply> {
  const { cases, more } = await ctx.services.caseSearch.search(ctx.actor, criteria);
  const lines = cases.length === 0 ? [t('case_search.none')] : [...cases.map(line), ...(more ? [t('case_search.more', { count: cases.length })] : [])];
  const buttons = cases.map((c) => ({ ...openCaseButton(c.reference), label: t('buttons.case.open_ref', { reference: c.reference }) }));
  // A list of cases: shown only where the person alone reads it.
  return message('info', t('case_search.title', { count: cases.length }), [{ lines }], [...buttons, { action: ACTIONS.searchCases, arg: '', label: t('case_search.again') }], true);
}

export const CASE_SEARCH_FORM: GeneralForm = generalForm({
  id: ACTIONS.searchCases,
  open: async (ctx) => {
    const committees = ctx.services.caseSearch.searchableCommittees(ctx.actor);
    if (committees.length === 0) return message('error', t('case_search.not_allowed_any'));
    return { kind: 'form', form: searchForm(committees), context: '', values: {}, errors: {} };
  },
  schema: (ctx) => formSchema(ctx.services.caseSearch.searchableCommittees(ctx.actor)),
  submit: (ctx, _spec, data) => answer(ctx, data),
});
