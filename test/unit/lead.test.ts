import type { Step } from '../../src/domain/case';
import { defineCommittee } from '../../src/domain/committee';
import { assignLead, takeLead } from '../../src/domain/lead';
import { plannedForCase, reaches, recipientsOf } from '../../src/domain/reminders';
import { caseRecord } from '../support/case-record';
import { codeOf, refusalOf } from '../support/errors';

/** G12: the lead rapporteur's transitions and the one rule of whom reminders reach first. */
const AT = new Date('2026-03-10T09:00:00Z');
let n = 0;
const step = (actorId: string): Step => ({ actorId, actorName: actorId, at: AT, newId: () => `id-${++n}` });
const committee = defineCommittee({ _id: 'CAT', name: 'Committee against Torture' });

describe('the lead rapporteur on a case (G12)', () => {
  it('the first to take the lead leads, and the register says so', () => {
    const { next, events } = takeLead(caseRecord(1), step('amina'));
    expect(next.lead).toEqual({ personId: 'amina', since: AT });
    expect(next.version).toBe(2);
    expect(events.map((e) => [e.type, e.actorId, e.data])).toEqual([['lead.taken', 'amina', { lead: 'amina' }]]);
  });

  it('a second press is refused, naming the lead; the lead pressing again is told it is theirs; a closed case has none to take', () => {
    const led = takeLead(caseRecord(1), step('amina')).next;
    expect(codeOf(() => takeLead(led, step('lucas')))).toBe('ALREADY_DECIDED');
    expect(refusalOf(() => takeLead(led, step('lucas')))).toBe('lead.errors.taken');
    expect(refusalOf(() => takeLead(led, step('amina')))).toBe('lead.errors.already_yours');
    expect(refusalOf(() => takeLead(caseRecord(2, { status: 'closed' }), step('amina')))).toBe('errors.case.closed');
  });

  it('the lead given to another is recorded with who led before', () => {
    const led = takeLead(caseRecord(1), step('amina')).next;
    const { next, events } = assignLead(led, step('chen'), 'lucas');
    expect(next.lead?.personId).toBe('lucas');
    expect(events.map((e) => [e.type, e.actorId, e.data])).toEqual([['lead.assigned', 'chen', { lead: 'lucas', previous: 'amina' }]]);
    expect(refusalOf(() => assignLead(next, step('chen'), 'lucas'))).toBe('lead.errors.already_lead');
  });
});

describe('reminders go to the lead first (G12): leadFirst in src/domain/reminders.ts', () => {
  const rapporteur = new Set(['rapporteur']);
  const chair = new Set(['chair']);
  const whom = (p: Parameters<typeof reaches>[0]) => ({ amina: reaches(p, 'amina', rapporteur), lucas: reaches(p, 'lucas', rapporteur), chen: reaches(p, 'chen', chair) });

  it('without a lead, each kind speaks to its audiences', () => {
    const planned = plannedForCase(caseRecord(1, { urgent: true }), committee);
    expect(planned.map((p) => [p.kind, whom(p)])).toEqual([
      ['assessment_due', { amina: true, lucas: true, chen: false }],
      ['assessment_overdue', { amina: false, lucas: false, chen: true }],
      ['urgent', { amina: false, lucas: false, chen: true }],
    ]);
  });

  it('with a lead, the first reminder of a series reaches the lead alone; the later ones every rapporteur and the chair; the urgent ones stay the chair\'s', () => {
    const planned = plannedForCase(caseRecord(1, { urgent: true, lead: { personId: 'lucas', since: AT } }), committee);
    expect(planned.map((p) => [p.kind, whom(p)])).toEqual([
      ['assessment_due', { amina: false, lucas: true, chen: false }],
      ['assessment_overdue', { amina: true, lucas: true, chen: true }],
      ['urgent', { amina: false, lucas: false, chen: true }],
    ]);
  });

  it('a lead whose rapporteur term ended is not reminded alone: the first reminder goes to every rapporteur serving', () => {
    const [first] = plannedForCase(caseRecord(1, { lead: { personId: 'lucas', since: AT } }), committee);
    const serving = (lucasRoles: string[]) => [
      { person: { _id: 'amina' }, roles: rapporteur },
      { person: { _id: 'lucas' }, roles: new Set(lucasRoles) },
      { person: { _id: 'chen' }, roles: chair },
    ];
    expect(recipientsOf(first!, serving(['rapporteur'])).map((s) => s.person._id)).toEqual(['lucas']);
    expect(recipientsOf(first!, serving([])).map((s) => s.person._id)).toEqual(['amina']);
    expect(recipientsOf(first!, serving([]).filter((s) => s.person._id !== 'lucas')).map((s) => s.person._id)).toEqual(['amina']);
  });
});
