import { z } from 'zod/v4';
import { TREATY_BODIES, type TreatyBody } from '../src/domain/committee';
import { choice, day, identity, optionalDay, optionalStateParty } from '../src/domain/fields';
import { can } from '../src/domain/policy';
import { isActive, ROLES, type Person, type RoleAssignment } from '../src/domain/roles';
import { ACTIONS } from './actions';
import type { FlowContext } from './context';
import { field, type FormSpec } from './form';
import { generalForm, type GeneralForm } from './general-forms';
import { STATE_PARTY_SEARCH } from './search';
import { message, raw, stateName, t, type Button, type Reply, type Text } from './view';

/**
 * Role administration (G8): the chair or an administrator of a committee gives people roles
 * for a term and ends terms. Everyone else is refused before seeing anything.
 */
function manageable(ctx: FlowContext): TreatyBody[] {
  const committees = [...new Set(ctx.actor.roles.map((r) => r.committee))];
  return committees.filter((committee) => can(ctx.actor, 'manage_roles', { committee }));
}

const refusal = (): Reply => message('error', t('errors.not_allowed.manage_roles'));
// A term starts and ends on a day, the same day wherever the reader is.
const dayText = (date: Date): Text => t('common.date', { date: { date, calendar: true } });
const today = (ctx: FlowContext) => ctx.services.clock.now().toISOString().slice(0, 10);
const startOfDay = (value: string) => new Date(`${value}T00:00:00Z`);

function termLine(person: Person, r: RoleAssignment, now: Date): Text {
  const state = isActive(r, now) ? 'running' : r.start.getTime() > now.getTime() ? 'future' : 'ended';
  return t(r.end ? 'roles.line_until' : 'roles.line', {
    name: raw(person.displayName),
    role: t(`options.role.${r.role}`),
    state: r.stateParty ? t('roles.for_state', { state: stateName(r.stateParty) }) : raw(''),
    start: dayText(r.start),
    ...(r.end ? { end: dayText(r.end) } : {}),
    status: t(`roles.status.${state}`),
  });
}

/** `/amparo roles`: who holds which role, for which term, in the committees the actor manages. */
export async function showRoster(ctx: FlowContext): Promise<Reply> {
  const committees = manageable(ctx);
  if (committees.length === 0) return refusal();
  const now = ctx.services.clock.now();
  const sections = [];
  for (const committee of committees) {
    const people = await ctx.services.people.roster(ctx.actor, committee);
    const lines = people.flatMap((p) => p.roles.filter((r) => r.committee === committee).map((r) => termLine(p, r, now)));
    sections.push({ heading: t('roles.committee', { committee }), lines: lines.length ? lines : [t('roles.none')] });
  }
  const buttons: Button[] = [
    { action: ACTIONS.assignRole, arg: '', label: t(`buttons.${ACTIONS.assignRole}`), style: 'primary' },
    { action: ACTIONS.endRole, arg: '', label: t(`buttons.${ACTIONS.endRole}`) },
  ];
  return message('info', t('roles.title'), sections, buttons);
}

const assignSchema = z
  .object({
    person: identity,
    committee: choice(TREATY_BODIES),
    role: choice(ROLES),
    stateParty: optionalStateParty,
    start: day,
    end: optionalDay,
  })
  // Said on the State party's field at once; the domain refuses it too.
  .refine((v) => v.role !== 'country_rapporteur' || v.stateParty !== '', { error: 'errors.roles.state_party_needed', path: ['stateParty'] })
  .refine((v) => v.end === '' || v.end > v.start, { error: 'errors.roles.end_before_start', path: ['end'] });

function assignForm(committees: TreatyBody[]): FormSpec {
  return {
    id: ACTIONS.assignRole,
    title: t('forms.roles.assign.title'),
    submit: t('forms.roles.assign.submit'),
    intro: t('forms.roles.assign.intro'),
    fields: [
      field.person('person', identity),
      field.choiceOf('committee', z.enum(committees as [TreatyBody, ...TreatyBody[]], { error: 'errors.field.choose' }), committees.map((c) => ({ value: c, label: raw(c) }))),
      field.choice('role', choice(ROLES), 'role', ROLES),
      field.search('stateParty', optionalStateParty, STATE_PARTY_SEARCH, { required: false, hint: true }),
      field.date('start', day),
      field.date('end', optionalDay, { required: false, hint: true }),
    ],
  };
}

export const ASSIGN_ROLE_FORM: GeneralForm = generalForm({
  id: ACTIONS.assignRole,
  open: async (ctx) => {
    const committees = manageable(ctx);
    if (committees.length === 0) return refusal();
    return { kind: 'form', form: assignForm(committees), context: '', values: { committee: committees[0] as string, start: today(ctx) }, errors: {} };
  },
  schema: () => assignSchema,
  submit: async (ctx, _spec, data) => {
    const { person, committee, role, stateParty, start, end } = data;
    const updated = await ctx.services.people.assignRole(
      ctx.actor,
      { identityKey: person, committee, role, ...(stateParty ? { stateParty } : {}), start: startOfDay(start), ...(end ? { end: startOfDay(end) } : {}) },
      () => ctx.profileOf(person),
    );
    return message('success', t('forms.roles.assign.done', { name: raw(updated.displayName), role: t(`options.role.${role}`), committee }));
  },
});

const endSchema = z.object({ assignment: z.string().regex(/^[^/]+\/[^/]+$/, { error: 'errors.field.choose' }), end: day });

async function endForm(ctx: FlowContext, committees: TreatyBody[]): Promise<FormSpec> {
  const now = ctx.services.clock.now();
  const options = [];
  for (const committee of committees) {
    for (const person of await ctx.services.people.roster(ctx.actor, committee)) {
      for (const r of person.roles.filter((a) => a.committee === committee && (a.end === undefined || a.end.getTime() > now.getTime()))) {
        options.push({ value: `${person._id}/${r.id}`, label: t('roles.option', { name: raw(person.displayName), role: t(`options.role.${r.role}`), committee }) });
      }
    }
  }
  const values = options.map((o) => o.value);
  const assignment = values.length ? z.enum(values as [string, ...string[]], { error: 'errors.field.choose' }) : endSchema.shape.assignment;
  return {
    id: ACTIONS.endRole,
    title: t('forms.roles.end.title'),
    submit: t('forms.roles.end.submit'),
    intro: t('forms.roles.end.intro'),
    fields: [field.choiceOf('assignment', assignment, options.slice(0, 100)), field.date('end', day)],
  };
}

export const END_ROLE_FORM: GeneralForm = generalForm({
  id: ACTIONS.endRole,
  open: async (ctx) => {
    const committees = manageable(ctx);
    if (committees.length === 0) return refusal();
    return { kind: 'form', form: await endForm(ctx, committees), context: '', values: { end: today(ctx) }, errors: {} };
  },
  schema: () => endSchema,
  submit: async (ctx, _spec, data) => {
    const [personId = '', assignmentId = ''] = data.assignment.split('/');
    const updated = await ctx.services.people.endRole(ctx.actor, personId, assignmentId, startOfDay(data.end));
    return message('success', t('forms.roles.end.done', { name: raw(updated.displayName), date: dayText(startOfDay(data.end)) }));
  },
});
