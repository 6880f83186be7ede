import {
  allegationSchema,
  CHANNELS,
  CONSENT_ANSWERS,
  COOPERATION_KINDS,
  LIMITS,
  PERPETRATOR_KINDS,
  RISK_LEVELS,
  VICTIM_KINDS,
  YES_NO,
  YES_NO_UNKNOWN,
  type AllegationInput,
} from '../src/domain/allegation';
import type { Clock } from '../src/clock';
import type { Committee } from '../src/domain/committee';
import { committeesOf } from '../src/domain/roles';
import { can } from '../src/domain/policy';
import { ACTIONS } from './actions';
import type { FlowContext } from './context';
import { generalForm, type GeneralForm } from './general-forms';
import { field, type FormSpec } from './form';
import { STATE_PARTY_SEARCH } from './search';
import { message, raw, t, type RawValues, type Reply } from './view';

/**
 * The intake (G10, G11): what a member reports, field by field. The form is built for the
 * acting member because the committees offered are theirs.
 */
export function intakeForm(committees: Array<Pick<Committee, '_id'> & { name?: string }>, today: () => Date): FormSpec {
  const shape = allegationSchema(today).shape;
  return intakeFormOf(committees, shape);
}

/** The intake's schema, built once per clock (it reads the clock when it checks a date, not before). */
const schemas = new WeakMap<Clock, ReturnType<typeof allegationSchema>>();
function schemaOf(ctx: FlowContext): ReturnType<typeof allegationSchema> {
  const { clock } = ctx.services;
  let schema = schemas.get(clock);
  if (!schema) schemas.set(clock, (schema = allegationSchema(() => clock.now())));
  return schema;
}

function intakeFormOf(committees: Array<Pick<Committee, '_id'> & { name?: string }>, shape: ReturnType<typeof allegationSchema>['shape']): FormSpec {
  return {
    id: ACTIONS.report,
    title: t('intake.title'),
    submit: t('intake.submit'),
    intro: t('intake.intro'),
    fields: [
      field.choiceOf(
        'committee',
        shape.committee,
        committees.map((c) => ({ value: c._id, label: c.name ? t('intake.committee_option', { code: c._id, name: raw(c.name) }) : raw(c._id) })),
      ),
      field.textarea('narrative', shape.narrative, { sensitive: true, maxLength: LIMITS.narrative, hint: true }),
      field.date('incidentDate', shape.incidentDate, { required: false, hint: true }),
      field.text('place', shape.place, { required: false, sensitive: true, maxLength: LIMITS.shortText }),
      field.search('stateParty', shape.stateParty, STATE_PARTY_SEARCH, { hint: true }),
      field.choice('victimKind', shape.victimKind, 'victimKind', VICTIM_KINDS),
      field.text('victim', shape.victim, { sensitive: true, maxLength: LIMITS.shortText, hint: true }),
      field.choice('cooperation', shape.cooperation, 'cooperation', COOPERATION_KINDS),
      field.choice('perpetrator', shape.perpetrator, 'perpetrator', PERPETRATOR_KINDS),
      field.choice('channel', shape.channel, 'channel', CHANNELS),
      field.choice('confidential', shape.confidential, 'yesNo', YES_NO, { hint: true }),
      field.text('sourceContact', shape.sourceContact, { required: false, sensitive: true, maxLength: LIMITS.shortText, hint: true }),
      field.choice('consentStateContact', shape.consentStateContact, 'consent', CONSENT_ANSWERS),
      field.choice('consentPublication', shape.consentPublication, 'consent', CONSENT_ANSWERS),
      field.choice('consentReferral', shape.consentReferral, 'consent', CONSENT_ANSWERS),
      field.choice('consentInformed', shape.consentInformed, 'yesNo', YES_NO, { hint: true }),
      field.choice('riskLevel', shape.riskLevel, 'riskLevel', RISK_LEVELS),
      field.choice('imminentThreat', shape.imminentThreat, 'yesNo', YES_NO, { hint: true }),
      field.choice('genderRisk', shape.genderRisk, 'yesNoUnknown', YES_NO_UNKNOWN, { hint: true }),
    ],
  };
}

/**
 * The committees served, read once per request: the form is built, checked and saved with one
 * read, and the service is given the chosen committee's settings from it. A read that failed is
 * forgotten, so that trying again reads again.
 */
const committeesRead = new WeakMap<FlowContext, Promise<Committee[]>>();
function committeesServed(ctx: FlowContext): Promise<Committee[]> {
  let read = committeesRead.get(ctx);
  if (!read) {
    read = ctx.services.cases.committees();
    committeesRead.set(ctx, read);
    read.catch(() => committeesRead.delete(ctx));
  }
  return read;
}

/**
 * The committees the member may report to. Their names come from the store; when it cannot
 * answer, the codes alone still let the form open and keep what was typed.
 */
async function reportableCommittees(ctx: FlowContext): Promise<Array<Pick<Committee, '_id'> & { name?: string }>> {
  const mine = committeesOf(ctx.actor).filter((committee) => can(ctx.actor, 'report', { committee }));
  const all = await committeesServed(ctx).catch(() => undefined);
  return all ? all.filter((c) => mine.includes(c._id)) : mine.map((_id) => ({ _id }));
}

async function startIntake(ctx: FlowContext): Promise<Reply> {
  const committees = await reportableCommittees(ctx);
  if (committees.length === 0) return message('error', t('errors.not_allowed.report_any'));
  const values: RawValues = committees.length === 1 ? { committee: (committees[0] as Pick<Committee, '_id'>)._id } : {};
  return { kind: 'form', form: intakeFormOf(committees, schemaOf(ctx).shape), context: '', values, errors: {} };
}

/** Saves the intake as its form showed it, its answers read once for the check too. */
async function submitIntake(ctx: FlowContext, data: AllegationInput, submissionKey: string): Promise<Reply> {
  const committee = (await committeesRead.get(ctx)?.catch(() => undefined))?.find((known) => known._id === data.committee);
  const { case: c } = await ctx.services.cases.submitAllegation(ctx.actor, data, submissionKey, committee ? { committee } : {});
  const reply = message('success', t('intake.received.title', { reference: c.reference }), [
    {
      lines: [
        t('intake.received.alleged'),
        t('intake.received.alerted'),
        ...(c.urgent ? [t('intake.received.urgent')] : []),
        t('intake.received.status_hint', { reference: c.reference }),
      ],
    },
  ]);
  // A duplicate (a retry, or the replay of a report held when a process died) still carries the
  // receipt: the adapter sends it once per submission, so it is never doubled nor lost.
  return reply.kind === 'message' ? { ...reply, view: { ...reply.view, receipt: true } } : reply;
}

/** The intake as a general form: its answers fit the allegation's schema as of the person's clock. */
export const INTAKE_FORM: GeneralForm = generalForm({
  id: ACTIONS.report,
  open: startIntake,
  schema: schemaOf,
  submit: (ctx, _spec, data, key) => submitIntake(ctx, data, key),
});
