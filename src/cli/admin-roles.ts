import { z } from 'zod/v4';
import type { TreatyBody } from '../domain/committee';
import { identity } from '../domain/fields';
import { normaliseStateParty } from '../domain/state-party';
import { isActive, ROLES, type Person, type Role, type RoleAssignment } from '../domain/roles';
import { AmparoError } from '../errors';
import { EXIT } from '../startup';
import { dayOf, isoDay, momentOf, operatorActor, parseArguments, startOfDay, withAdmin, type AdminRecord } from './admin-context';
import { committeeCode, operatorSay, print, problem } from './shared';

/**
 * `amparo roles list|assign|end` (G8): the same PeopleService the chat's role administration
 * uses, so the same policy, the same term rules, and reminders re-planned by its observers.
 * The term's dates mean what they mean in chat: a term ends at the start of its end day.
 */
const role = z.enum(ROLES, { error: problem('operator.cli.one_of', { values: ROLES.join(', ') }) });
// Chat's schemas speak in message keys; the command line says the format instead.
const countryCode = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const code = normaliseStateParty(value);
    if (code === undefined) ctx.addIssue({ code: 'custom', message: operatorSay('operator.cli.state_unknown') });
    return code ?? '';
  })
  .optional();
const person = z.string().trim().min(1, { error: problem('operator.cli.person') });

const listArguments = z.object({ committee: committeeCode, all: z.boolean().optional() });

const assignArguments = z
  .object({
    committee: committeeCode,
    person,
    role,
    stateParty: countryCode,
    from: isoDay.optional(),
    until: isoDay.optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .refine((a) => a.role !== 'country_rapporteur' || a.stateParty !== undefined, { error: problem('operator.cli.state_party_needed'), path: ['stateParty'] })
  .refine((a) => a.until === undefined || a.until > (a.from ?? dayOf(new Date())), { error: problem('operator.cli.term_order'), path: ['until'] });

const endArguments = z.object({ committee: committeeCode, person, role, stateParty: countryCode, on: isoDay.optional() });

function termState(r: RoleAssignment, now: Date): 'running' | 'future' | 'ended' {
  return isActive(r, now) ? 'running' : r.start.getTime() > now.getTime() ? 'future' : 'ended';
}

/** Someone named by their person id or by one of their platform identities. */
async function findPerson(record: AdminRecord, given: string): Promise<Person | null> {
  return identity.safeParse(given).success ? record.services.people.byIdentity(given) : record.services.people.byId(given);
}

export async function rolesList(raw: unknown): Promise<number> {
  const parsed = parseArguments(listArguments, raw);
  if (!parsed.ok) return parsed.code;
  const { committee: code, all } = parsed.value;
  return withAdmin(async (record) => {
    const { say } = record;
    await record.committees.get(code);
    const now = new Date();
    const people = await record.services.people.roster(operatorActor(record.operator, code), code);
    const names = await record.services.people.names(people.flatMap((p) => p.roles.flatMap((r) => [r.assignedBy, ...(r.endedBy ? [r.endedBy] : [])])));
    let lines = 0;
    for (const p of people) {
      for (const r of p.roles.filter((a) => a.committee === code)) {
        const state = termState(r, now);
        if (state === 'ended' && !all) continue;
        lines += 1;
        print(
          say(r.end ? 'cli.admin.term_until' : 'cli.admin.term', {
            name: p.displayName,
            id: p._id,
            identities: p.identityKeys.join(' '),
            role: r.role,
            state: r.stateParty ? ` (${r.stateParty})` : '',
            start: dayOf(r.start),
            end: r.end ? momentOf(r.end) : '',
            status: say(`roles.status.${state}`),
            by: names.get(r.assignedBy) ?? r.assignedBy,
            ended: r.endedBy ? say('cli.admin.ended_by', { by: names.get(r.endedBy) ?? r.endedBy }) : '',
          }),
        );
      }
    }
    if (lines === 0) print(say('roles.none'));
    return EXIT.ok;
  });
}

export async function rolesAssign(raw: unknown): Promise<number> {
  const parsed = parseArguments(assignArguments, raw);
  if (!parsed.ok) return parsed.code;
  const args = parsed.value;
  return withAdmin(async (record) => {
    await record.committees.get(args.committee);
    const known = await findPerson(record, args.person);
    if (!known && !identity.safeParse(args.person).success) throw new AmparoError('NOT_FOUND', 'cli.admin.person_unknown', { person: args.person });
    if (!known && args.name === undefined) throw new AmparoError('INVALID_INPUT', 'cli.admin.name_needed', { person: args.person });
    const identityKey = known?.identityKeys[0] ?? args.person;
    const start = startOfDay(args.from ?? dayOf(new Date()));
    const updated = await record.services.people.assignRole(
      operatorActor(record.operator, args.committee),
      { identityKey, committee: args.committee, role: args.role, ...(args.stateParty ? { stateParty: args.stateParty } : {}), start, ...(args.until ? { end: startOfDay(args.until) } : {}) },
      async () => ({ displayName: args.name ?? args.person }),
    );
    print(
      record.say(args.until ? 'cli.admin.assigned_until' : 'cli.admin.assigned', {
        name: updated.displayName,
        id: updated._id,
        role: args.role,
        committee: args.committee,
        start: dayOf(start),
        end: args.until ?? '',
        by: record.operator,
      }),
    );
    return EXIT.ok;
  });
}

/** The one term to end: running or not yet begun, of this role (and State party). */
function termToEnd(found: Person, committee: TreatyBody, r: Role, state: string | undefined, at: Date): RoleAssignment {
  const terms = found.roles.filter(
    (a) => a.committee === committee && a.role === r && (state === undefined || a.stateParty === state) && (a.end === undefined || a.end.getTime() > at.getTime()),
  );
  if (terms.length === 0) throw new AmparoError('NOT_FOUND', 'cli.admin.no_term', { name: found.displayName, role: r, committee });
  if (terms.length > 1) throw new AmparoError('INVALID_INPUT', 'cli.admin.which_term', { name: found.displayName, role: r, states: terms.map((t) => t.stateParty ?? '?').join(', ') });
  return terms[0] as RoleAssignment;
}

export async function rolesEnd(raw: unknown): Promise<number> {
  const parsed = parseArguments(endArguments, raw);
  if (!parsed.ok) return parsed.code;
  const args = parsed.value;
  return withAdmin(async (record) => {
    await record.committees.get(args.committee);
    const found = await findPerson(record, args.person);
    if (!found) throw new AmparoError('NOT_FOUND', 'cli.admin.person_unknown', { person: args.person });
    const at = args.on ? startOfDay(args.on) : new Date();
    const term = termToEnd(found, args.committee, args.role, args.stateParty, at);
    const updated = await record.services.people.endRole(operatorActor(record.operator, args.committee), found._id, term.id, at);
    const ended = updated.roles.find((r) => r.id === term.id)?.end ?? at;
    print(record.say('cli.admin.ended', { name: updated.displayName, role: args.role, committee: args.committee, end: momentOf(ended), by: record.operator }));
    return EXIT.ok;
  });
}
