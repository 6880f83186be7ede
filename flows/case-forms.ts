import { z } from 'zod/v4';
import { ACTION_CATALOGUE, ACTION_TYPE_IDS, type ActionTypeId } from '../src/domain/actions';
import { CHANNELS, CONSENT_ANSWERS, LIMITS, YES_NO, choice, optionalText, text } from '../src/domain/allegation';
import { ASSESSMENT_SOURCES, CLOSURE_REASONS, OUTCOMES, PUBLIC_SUMMARY_MAX, type Case } from '../src/domain/case';
import { TREATY_BODIES } from '../src/domain/committee';
import type { Operation } from '../src/domain/policy';
import { referralSharing } from '../src/domain/referral';
import { AmparoError } from '../src/errors';
import { ACTIONS, type ActionId } from './actions';
import { caseButtons } from './case-buttons';
import type { FlowContext } from './context';
import { field, parseForm, type FormSpec } from './form';
import { sharingPreview } from './referral.flow';
import { message, raw, stateName, t, type FieldErrors, type RawValues, type Reply } from './view';

/**
 * The forms that act on one case. Each names the policy operation it needs, so a person who
 * may not act is refused before typing anything, and the service checks again on submit.
 */
export interface CaseForm<T> {
  id: ActionId;
  operation: Operation;
  /** `arg` is what the form acts on: the case reference, or a proposal (`CAT-2026-0001#2`). */
  build(ctx: FlowContext, c: Case, arg?: string): Promise<FormSpec> | FormSpec;
  schema: z.ZodType<T>;
  initial?(c: Case): RawValues;
  submit(ctx: FlowContext, c: Case, data: T, arg: string): Promise<Reply>;
}

export const form = (id: string, fields: FormSpec['fields'], intro = true): FormSpec => ({
  id,
  title: t(`forms.${id}.title`),
  submit: t(`forms.${id}.submit`),
  ...(intro ? { intro: t(`forms.${id}.intro`) } : {}),
  fields,
});

/** After a step, the person sees what they did and the buttons for what comes next. */
function done(ctx: FlowContext, c: Case, key: string, vars: Record<string, string | number> = {}): Reply {
  return message('success', t(key, { reference: c.reference, ...vars }), [], caseButtons(ctx.actor, c));
}

const sources = z.array(z.enum(ASSESSMENT_SOURCES, { error: 'errors.field.choose' })).min(1, { error: 'errors.field.choose_some' });
const note = optionalText(LIMITS.longText);
const sourcesSchema = z.object({ sources, sourcesNote: note });

const recordSources: CaseForm<z.infer<typeof sourcesSchema>> = {
  id: ACTIONS.recordSources,
  operation: 'assess',
  schema: sourcesSchema,
  build: () =>
    form(ACTIONS.recordSources, [
      field.multichoice('sources', sources, 'sources', ASSESSMENT_SOURCES, { required: true }),
      field.textarea('sourcesNote', note, { required: false, sensitive: true, maxLength: LIMITS.longText }),
    ]),
  initial: (c) => ({ sources: c.assessment?.sources ?? [] }),
  submit: async (ctx, c, data) => {
    const next = await ctx.services.cases.recordSources(ctx.actor, c.reference, data.sources, data.sourcesNote);
    return done(ctx, next, 'forms.assessment.sources.done');
  },
};

const NO_COUNTRY_RAPPORTEUR = 'none';
const consultSchema = z.object({ countryRapporteur: z.string().min(1, { error: 'errors.field.choose' }), consultationNote: note });

const consult: CaseForm<z.infer<typeof consultSchema>> = {
  id: ACTIONS.consult,
  operation: 'assess',
  schema: consultSchema,
  build: async (ctx, c) => {
    const candidates = await ctx.services.people.holding(c.committee, 'country_rapporteur', c.stateParty);
    const options = candidates.length
      ? candidates.map((p) => ({ value: p._id, label: raw(p.displayName) }))
      : [{ value: NO_COUNTRY_RAPPORTEUR, label: t('forms.assessment.consult.none', { state: stateName(c.stateParty) }) }];
    const values = options.map((o) => o.value) as [string, ...string[]];
    return form(ACTIONS.consult, [
      field.choiceOf('countryRapporteur', z.enum(values, { error: 'errors.field.choose' }), options),
      field.textarea('consultationNote', note, { required: false, sensitive: true, maxLength: LIMITS.longText }),
    ]);
  },
  submit: async (ctx, c, data) => {
    const chosen = data.countryRapporteur === NO_COUNTRY_RAPPORTEUR ? undefined : data.countryRapporteur;
    const next = await ctx.services.cases.consultCountryRapporteur(ctx.actor, c.reference, chosen, data.consultationNote);
    return done(ctx, next, chosen ? 'forms.assessment.consult.done' : 'forms.assessment.consult.done_none');
  },
};

const findings = text(LIMITS.longText);
const outcomeSchema = z.object({ outcome: choice(OUTCOMES), findings });

const recordOutcome: CaseForm<z.infer<typeof outcomeSchema>> = {
  id: ACTIONS.recordOutcome,
  operation: 'assess',
  schema: outcomeSchema,
  build: () =>
    form(ACTIONS.recordOutcome, [
      field.choice('outcome', outcomeSchema.shape.outcome, 'outcome', OUTCOMES),
      field.textarea('findings', findings, { sensitive: true, maxLength: LIMITS.longText }),
    ]),
  submit: async (ctx, c, data) => {
    const next = await ctx.services.cases.recordOutcome(ctx.actor, c.reference, data.outcome, data.findings);
    return done(ctx, next, 'forms.assessment.outcome.done', {});
  },
};

const deadlineDays = z
  .string()
  .trim()
  .regex(/^\d{0,3}$/, { error: 'errors.field.days' })
  .transform((days) => (days === '' ? undefined : Number(days)))
  .refine((days) => days === undefined || (days >= 1 && days <= 365), { error: 'errors.field.days' });
const proposalSchema = z
  .object({
    actionType: choice(ACTION_TYPE_IDS),
    details: optionalText(LIMITS.longText),
    publicSummary: optionalText(PUBLIC_SUMMARY_MAX),
    doNoHarm: text(LIMITS.longText),
    deadlineDays,
  })
  // G25: said on its field at once; the domain refuses it too.
  .refine((v) => v.publicSummary.trim() === '' || v.actionType === 'G25', { error: 'errors.proposal.public_summary_g25', path: ['publicSummary'] });

const propose: CaseForm<z.infer<typeof proposalSchema>> = {
  id: ACTIONS.propose,
  operation: 'propose',
  schema: proposalSchema,
  build: () =>
    form(ACTIONS.propose, [
      field.choice('actionType', choice(ACTION_TYPE_IDS), 'actionType', ACTION_TYPE_IDS),
      field.textarea('details', optionalText(LIMITS.longText), { required: false, sensitive: true, maxLength: LIMITS.longText, hint: true }),
      field.textarea('publicSummary', optionalText(PUBLIC_SUMMARY_MAX), { required: false, sensitive: true, maxLength: PUBLIC_SUMMARY_MAX, hint: true }),
      field.textarea('doNoHarm', text(LIMITS.longText), { sensitive: true, maxLength: LIMITS.longText, hint: true }),
      field.number('deadlineDays', deadlineDays, { required: false, hint: true }),
    ]),
  submit: async (ctx, c, data) => {
    const type: ActionTypeId = data.actionType;
    const days = data.deadlineDays ?? undefined;
    const { case: next, proposal } = await ctx.services.cases.propose(ctx.actor, c.reference, {
      type,
      details: data.details,
      publicSummary: data.publicSummary,
      doNoHarm: data.doNoHarm,
      ...(days ? { deadlineDays: days } : {}),
    });
    const consent = ACTION_CATALOGUE[type].consent;
    return message(
      'success',
      t('forms.proposal.done', { reference: next.reference, number: proposal.number, action: t(`actionTypes.${type}`) }),
      consent && (next.consent[consent].answer !== 'yes' || !next.consent[consent].informed) ? [{ lines: [t('forms.proposal.consent_missing', { consent: t(`case.consent.${consent}`) })] }] : [],
      caseButtons(ctx.actor, next),
    );
  },
};

const consentSchema = z.object({
  kind: choice(['stateContact', 'publication', 'referral'] as const),
  answer: choice(CONSENT_ANSWERS),
  informed: choice(YES_NO),
  how: choice(CHANNELS),
});

const consent: CaseForm<z.infer<typeof consentSchema>> = {
  id: ACTIONS.consent,
  operation: 'manage_consent',
  schema: consentSchema,
  build: () =>
    form(ACTIONS.consent, [
      field.choice('kind', consentSchema.shape.kind, 'consentKind', ['stateContact', 'publication', 'referral']),
      field.choice('answer', consentSchema.shape.answer, 'consent', CONSENT_ANSWERS),
      field.choice('informed', consentSchema.shape.informed, 'yesNo', YES_NO, { hint: true }),
      field.choice('how', consentSchema.shape.how, 'channel', CHANNELS),
    ]),
  submit: async (ctx, c, data) => {
    const next = await ctx.services.cases.updateConsent(ctx.actor, c.reference, { kind: data.kind, answer: data.answer, informed: data.informed === 'yes', how: data.how });
    return done(ctx, next, 'forms.consent.done');
  },
};

const closureSchema = z.object({ reason: choice(CLOSURE_REASONS), closureNote: note });

const close: CaseForm<z.infer<typeof closureSchema>> = {
  id: ACTIONS.close,
  operation: 'close',
  schema: closureSchema,
  build: () =>
    form(ACTIONS.close, [
      field.choice('reason', closureSchema.shape.reason, 'closureReason', CLOSURE_REASONS),
      field.textarea('closureNote', note, { required: false, sensitive: true, maxLength: LIMITS.longText }),
    ]),
  submit: async (ctx, c, data) => done(ctx, await ctx.services.cases.close(ctx.actor, c.reference, data.reason, data.closureNote), 'forms.case.close.done'),
};

const reopeningNote = text(LIMITS.longText);
const reopenSchema = z.object({ reopeningNote });

const reopen: CaseForm<z.infer<typeof reopenSchema>> = {
  id: ACTIONS.reopen,
  operation: 'reopen',
  schema: reopenSchema,
  build: () => form(ACTIONS.reopen, [field.textarea('reopeningNote', reopeningNote, { sensitive: true, maxLength: LIMITS.longText })]),
  submit: async (ctx, c, data) => done(ctx, await ctx.services.cases.reopen(ctx.actor, c.reference, data.reopeningNote), 'forms.case.reopen.done'),
};

const support = text(LIMITS.longText);
const referralSchema = z.object({ to: choice(TREATY_BODIES), support });

/**
 * G16: asks the rapporteurs of another committee for support. The form says, before anything
 * is typed, what the consent lets the referral share; consent `no` refuses it at once (G5e).
 */
const refer: CaseForm<z.infer<typeof referralSchema>> = {
  id: ACTIONS.refer,
  operation: 'refer',
  schema: referralSchema,
  build: async (ctx, c) => {
    const sharing = referralSharing(c.consent.referral);
    if (!sharing.allowed) throw new AmparoError('CONSENT_REQUIRED', 'referral.errors.consent_refused', { reference: c.reference });
    const committees = await ctx.services.referrals.targets(c.committee);
    if (committees.length === 0) throw new AmparoError('INVALID_STATE', 'referral.errors.no_other_committee', { committee: c.committee });
    const options = committees.map((k) => ({ value: k._id, label: t('intake.committee_option', { code: k._id, name: raw(k.name) }) }));
    const values = options.map((o) => o.value) as [string, ...string[]];
    return {
      id: ACTIONS.refer,
      title: t('referral.form.title'),
      submit: t('referral.form.submit'),
      intro: sharingPreview(sharing),
      fields: [
        { ...field.choiceOf('to', z.enum(values, { error: 'errors.field.choose' }), options), label: t('referral.form.to') },
        { ...field.textarea('support', support, { sensitive: true, maxLength: LIMITS.longText }), label: t('referral.form.support'), hint: t('referral.form.support_hint') },
      ],
    };
  },
  submit: async (ctx, c, data) => {
    const { case: next, referral, recipients } = await ctx.services.referrals.refer(ctx.actor, c.reference, { to: data.to, support: data.support });
    const sharing = referralSharing(next.consent.referral);
    return message(
      'success',
      t('referral.form.done', { reference: next.reference, number: referral.number, committee: referral.to, count: recipients }),
      sharing.allowed ? [{ lines: [sharingPreview(sharing)] }] : [],
      caseButtons(ctx.actor, next),
    );
  },
};

/** Submitted answers read once: what is wrong with them, and the saving of what they say. */
interface CaseFormAnswers {
  errors: FieldErrors;
  /**
   * Saves them; answers that do not parse come back as the form with their errors.
   * `submissionKey` names this submission on its platform, for a form that saves it once.
   */
  submit(ctx: FlowContext, c: Case, arg: string, submissionKey?: string): Promise<Reply>;
}

/** A form with its types erased behind one reading of the answers, then their submission. */
export interface CaseFormEntry {
  id: ActionId;
  operation: Operation;
  build(ctx: FlowContext, c: Case, arg?: string): Promise<FormSpec> | FormSpec;
  initial?(c: Case): RawValues;
  read(spec: FormSpec, values: RawValues): CaseFormAnswers;
}

export function entry<T>(f: CaseForm<T>): CaseFormEntry {
  return {
    id: f.id,
    operation: f.operation,
    build: f.build,
    ...(f.initial ? { initial: f.initial } : {}),
    read: (spec, values) => {
      const parsed = parseForm(spec, values, f.schema);
      if (parsed.ok) return { errors: {}, submit: (ctx, c, arg) => f.submit(ctx, c, parsed.data, arg) };
      return { errors: parsed.errors, submit: async (_ctx, _c, arg) => ({ kind: 'form', form: spec, context: arg, values, errors: parsed.errors }) };
    },
  };
}

export const CASE_FORMS: readonly CaseFormEntry[] = [
  entry(recordSources),
  entry(consult),
  entry(recordOutcome),
  entry(propose),
  entry(consent),
  entry(close),
  entry(reopen),
  entry(refer),
];
