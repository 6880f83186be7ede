import * as lifecycle from '../../src/domain/case';
import type { Case, Sealed, Step } from '../../src/domain/case';
import { isAmparoError } from '../../src/errors';
import { caseRecord } from '../support/case-record';
import { codeOf } from '../support/errors';

/** The case's state machine (G12–G14, G19–G31), pure: no store, no clock, no platform. */
const sealed = (text: string) => `sealed:${text}` as Sealed;
let n = 0;
const step = (actorId = 'amina', at = new Date('2026-03-10T09:00:00Z')): Step => ({ actorId, actorName: actorId, at, newId: () => `id-${++n}` });

const received = (overrides: Partial<Case> = {}): Case => caseRecord(1, overrides);

function assessed(overrides: Partial<Case> = {}): Case {
  let c = received(overrides);
  c = lifecycle.recordSources(c, step(), ['secretariat'], undefined).next;
  c = lifecycle.recordConsultation(c, step(), 'olga', undefined).next;
  return lifecycle.recordOutcome(c, step(), 'substantiated', sealed('f'), true).next;
}

function withProposal(type: Parameters<typeof lifecycle.propose>[2]['type'], base = assessed()): { c: Case; id: string } {
  const c = lifecycle.propose(base, step(), { type, doNoHarm: sealed('dnh'), deadlineDays: 30 }).next;
  return { c, id: (c.proposals[c.proposals.length - 1] as lifecycle.Proposal).id };
}

describe('case lifecycle', () => {
  it('G12: a case stays labelled an allegation until the outcome of the initial assessment', () => {
    let c = received();
    expect(lifecycle.isAlleged(c)).toBe(true);
    c = lifecycle.startAssessment(c, step()).next;
    c = lifecycle.recordSources(c, step(), ['state_party'], undefined).next;
    expect(lifecycle.isAlleged(c)).toBe(true);
    c = lifecycle.recordOutcome(c, step(), 'may_have_occurred', sealed('f'), false).next;
    expect(lifecycle.isAlleged(c)).toBe(false);
    expect(c.status).toBe('assessed');
  });

  it('every change bumps the version and queues its register entry in the outbox', () => {
    const { next, events } = lifecycle.startAssessment(received(), step());
    expect(next.version).toBe(2);
    expect(events.map((e) => e.type)).toEqual(['assessment.started']);
    expect(next.outbox).toEqual(events);
  });

  it('G12: the outcome cannot be recorded before any source is consulted', () => {
    const c = lifecycle.startAssessment(received(), step()).next;
    expect(codeOf(() => lifecycle.recordOutcome(c, step(), 'substantiated', sealed('f'), false))).toBe('INVALID_STATE');
  });

  it('G14: the outcome waits for the country rapporteur when the committee has one', () => {
    const c = lifecycle.recordSources(received(), step(), ['nhri'], undefined).next;
    expect(codeOf(() => lifecycle.recordOutcome(c, step(), 'substantiated', sealed('f'), true))).toBe('INVALID_STATE');
    const consulted = lifecycle.recordConsultation(c, step(), 'olga', undefined).next;
    expect(lifecycle.recordOutcome(consulted, step(), 'substantiated', sealed('f'), true).next.status).toBe('assessed');
  });

  it('recording a source on a received case starts the assessment too', () => {
    const { next, events } = lifecycle.recordSources(received(), step(), ['nhri', 'nhri'], undefined);
    expect(next.status).toBe('under_assessment');
    expect(next.assessment?.sources).toEqual(['nhri']);
    expect(events.map((e) => e.type)).toEqual(['assessment.started', 'assessment.sources_recorded']);
  });

  it('actions are proposed after the assessment, not before', () => {
    expect(codeOf(() => lifecycle.propose(received(), step(), { type: 'G19', doNoHarm: sealed('d') }))).toBe('INVALID_STATE');
  });

  it('G22: an urgent case takes proposals before any assessment', () => {
    const c = lifecycle.propose(received({ urgent: true }), step(), { type: 'G22', doNoHarm: sealed('d') }).next;
    expect(c.proposals).toHaveLength(1);
  });

  it('G19: an approved action with a deadline gets its due date from the decision', () => {
    const { c, id } = withProposal('G19');
    const decidedAt = new Date('2026-04-01T10:00:00Z');
    const next = lifecycle.decide(c, step('chen', decidedAt), id, 'approved', 'chair', undefined).next;
    expect(lifecycle.findProposal(next, id).dueAt).toEqual(new Date('2026-05-01T10:00:00Z'));
  });

  it.each(['G21', 'G23', 'G26', 'G27', 'G29', 'G30'] as const)('G5e: %s cannot be approved without informed consent', (type) => {
    const { c, id } = withProposal(type);
    expect(codeOf(() => lifecycle.decide(c, step('chen'), id, 'approved', 'chair', undefined))).toBe('CONSENT_REQUIRED');
  });

  it('G5e: consent "yes" without the risks explained is not consent', () => {
    const { c, id } = withProposal('G21');
    const uninformed = lifecycle.updateConsent(c, step(), { kind: 'stateContact', answer: 'yes', informed: false, how: 'written' }).next;
    expect(codeOf(() => lifecycle.decide(uninformed, step('chen'), id, 'approved', 'chair', undefined))).toBe('CONSENT_REQUIRED');
    const informed = lifecycle.updateConsent(c, step(), { kind: 'stateContact', answer: 'yes', informed: true, how: 'written' }).next;
    expect(lifecycle.decide(informed, step('chen'), id, 'approved', 'chair', undefined).next.proposals[0]?.status).toBe('approved');
  });

  it('G21: a consent-gated action can still be declined without consent', () => {
    const { c, id } = withProposal('G26');
    expect(lifecycle.decide(c, step('chen'), id, 'declined', 'chair', undefined).next.proposals[0]?.status).toBe('declined');
  });

  it.each(['G19', 'G22', 'G24', 'G25', 'G28', 'G31'] as const)('%s needs no consent to be approved', (type) => {
    const { c, id } = withProposal(type);
    expect(lifecycle.decide(c, step('chen'), id, 'approved', 'chair', undefined).next.proposals[0]?.status).toBe('approved');
  });

  it('G5e: consent withdrawn stops the pending and running actions that needed it, and only those', () => {
    const consented = lifecycle.updateConsent(assessed(), step(), { kind: 'stateContact', answer: 'yes', informed: true, how: 'oral' }).next;
    const a = withProposal('G21', consented);
    const approved = lifecycle.decide(a.c, step('chen'), a.id, 'approved', 'chair', undefined).next;
    const b = withProposal('G21', approved);
    const c = withProposal('G19', b.c);
    const { next, events } = lifecycle.updateConsent(c.c, step(), { kind: 'stateContact', answer: 'no', informed: true, how: 'written' });
    expect(next.proposals.map((p) => [p.type, p.status])).toEqual([
      ['G21', 'withdrawn'],
      ['G21', 'withdrawn'],
      ['G19', 'proposed'],
    ]);
    expect(events.map((e) => e.type)).toEqual(['consent.updated', 'proposal.withdrawn', 'proposal.withdrawn']);
    expect(lifecycle.withdrawnByConsent(c.c, next).map((p) => p.number)).toEqual([1, 2]);
    expect(codeOf(() => lifecycle.decide(next, step('chen'), b.id, 'approved', 'chair', undefined))).toBe('INVALID_STATE');
  });

  it('G5e: "yes" without the risks explained withdraws as well', () => {
    const consented = lifecycle.updateConsent(assessed(), step(), { kind: 'publication', answer: 'yes', informed: true, how: 'oral' }).next;
    const { c } = withProposal('G27', consented);
    const next = lifecycle.updateConsent(c, step(), { kind: 'publication', answer: 'yes', informed: false, how: 'oral' }).next;
    expect(next.proposals[0]?.status).toBe('withdrawn');
  });

  it('G14: a second decision is refused and names who decided first', () => {
    const { c, id } = withProposal('G19');
    const decided = lifecycle.decide(c, step('chen'), id, 'declined', 'chair', undefined).next;
    try {
      lifecycle.decide(decided, step('other-chair'), id, 'approved', 'chair', undefined);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(isAmparoError(error, 'ALREADY_DECIDED')).toBe(true);
      expect(isAmparoError(error) && error.vars).toMatchObject({ by: 'chen', verdict: 'declined', number: 1 });
    }
  });

  it('G14: the decision records the authority it was taken under', () => {
    const { c, id } = withProposal('G28');
    const next = lifecycle.decide(c, step('chen'), id, 'approved', 'plenary', undefined).next;
    expect(lifecycle.findProposal(next, id).decision).toMatchObject({ authority: 'plenary', by: 'chen', verdict: 'approved' });
  });

  it('G14: the author of a proposal decides nothing on it, under either authority and whatever the verdict', () => {
    const { c, id } = withProposal('G19');
    for (const verdict of lifecycle.VERDICTS) {
      for (const authority of lifecycle.AUTHORITIES) {
        expect(codeOf(() => lifecycle.decide(c, step('amina'), id, verdict, authority, undefined))).toBe('NOT_ALLOWED');
      }
    }
    expect(lifecycle.decide(c, step('chen'), id, 'approved', 'chair', undefined).next.proposals[0]?.status).toBe('approved');
  });

  it('G25: only a G25 action carries a public summary, and approving it says whether the summary is public', () => {
    expect(codeOf(() => lifecycle.propose(assessed(), step(), { type: 'G19', publicSummary: sealed('s'), doNoHarm: sealed('dnh') }))).toBe('INVALID_INPUT');
    const c = lifecycle.propose(assessed(), step(), { type: 'G25', details: sealed('d'), publicSummary: sealed('s'), doNoHarm: sealed('dnh') }).next;
    const id = c.proposals[0]?.id as string;
    expect(codeOf(() => lifecycle.decide(c, step('chen'), id, 'approved', 'chair', undefined))).toBe('INVALID_STATE');
    const { next, events } = lifecycle.decide(c, step('chen'), id, 'approved', 'chair', undefined, 'withheld');
    expect(lifecycle.findProposal(next, id).decision?.publicSummary).toBe('withheld');
    expect(events[0]?.data).toMatchObject({ verdict: 'approved', publicSummary: 'withheld' });
    // Declining needs no answer about the summary, and records none.
    expect(lifecycle.findProposal(lifecycle.decide(c, step('chen'), id, 'declined', 'chair', undefined).next, id).decision?.publicSummary).toBeUndefined();
    // A sealed summary is one of the case's texts: rotation and retention reach it.
    const fields: string[] = [];
    lifecycle.mapSealed(c, (value, field) => (fields.push(field), value));
    expect(fields).toContain('publicSummary');
  });

  it('closing withdraws pending proposals, refuses further work, and reopening restores the status', () => {
    const { c, id } = withProposal('G19');
    const closed = lifecycle.close(c, step('chen'), 'other', undefined).next;
    expect(closed.status).toBe('closed');
    expect(lifecycle.findProposal(closed, id).status).toBe('withdrawn');
    expect(codeOf(() => lifecycle.decide(closed, step('chen'), id, 'approved', 'chair', undefined))).toBe('INVALID_STATE');
    expect(codeOf(() => lifecycle.close(closed, step('chen'), 'other', undefined))).toBe('INVALID_STATE');
    const reopened = lifecycle.reopen(closed, step('chen'), sealed('why')).next;
    expect(reopened.status).toBe('assessed');
    expect(reopened.closure).toBeUndefined();
    expect('closure' in reopened).toBe(false);
    expect(reopened.reopenings).toHaveLength(1);
  });

  it('reopening a case that is not closed is refused', () => {
    expect(codeOf(() => lifecycle.reopen(received(), step(), sealed('x')))).toBe('INVALID_STATE');
  });

  it('references are committee, year and a four-digit counter', () => {
    expect(lifecycle.caseReference('CAT', 2026, 7)).toBe('CAT-2026-0007');
    expect(lifecycle.caseReference('CEDAW', 2027, 12345)).toBe('CEDAW-2027-12345');
  });
});
