import { DESTROYED, destroyTexts, reseal, sealedKeyIds, type Sealed } from '../../src/domain/case';
import { chain, GENESIS_HASH, verifyChain, type EventData, type RegisterEvent } from '../../src/domain/register';
import { entriesHoldingTexts, isDue, retentionCutoff, sealedTextCount } from '../../src/domain/retention';
import { caseRecord } from '../support/case-record';

/** The retention rules, alone: when a case is due, what destruction leaves, what it refuses to meet. */
const closedAt = (at: string) =>
  caseRecord(1, { status: 'closed', closure: { reason: 'duplicate', by: 'chen', at: new Date(at), previousStatus: 'assessed', note: 'v1.k.g.h.i' as Sealed } });
const step = { actorId: 'system', actorName: 'system', at: new Date('2031-02-01T00:00:00Z'), newId: () => 'e1' };

describe('retention rules', () => {
  it('counts calendar years back from now', () => {
    expect(retentionCutoff(new Date('2031-02-01T10:00:00Z'), 5)).toEqual(new Date('2026-02-01T10:00:00Z'));
  });

  it('makes due only a case closed before the cutoff, with a closure record, not yet destroyed', () => {
    const cutoff = new Date('2026-02-01T00:00:00Z');
    expect(isDue(closedAt('2026-01-31T23:59:59Z'), cutoff)).toBe(true);
    expect(isDue(closedAt('2026-02-01T00:00:00Z'), cutoff)).toBe(false);
    expect(isDue(caseRecord(1, { status: 'closed' }), cutoff)).toBe(false);
    expect(isDue({ ...closedAt('2020-01-01T00:00:00Z'), status: 'assessed' }, cutoff)).toBe(false);
    expect(isDue({ ...closedAt('2020-01-01T00:00:00Z'), textsDestroyed: { at: cutoff, by: 'system', archiveId: 'a' } }, cutoff)).toBe(false);
  });

  it('destroys every text and the incident date, keeps the rest, and says so in the outbox', () => {
    const c = { ...closedAt('2020-01-01T00:00:00Z'), incidentDate: '2019-12-01' };
    expect(sealedTextCount(c)).toBe(3);
    const { next, events } = destroyTexts(c, step, 'archive-1', { archiveId: 'archive-1', texts: 3, retentionYears: 5 });
    expect(next.sealed).toEqual({ narrative: DESTROYED, victim: DESTROYED });
    expect(next.closure?.note).toBe(DESTROYED);
    expect(next.incidentDate).toBeUndefined();
    expect(next).toMatchObject({ status: 'closed', stateParty: c.stateParty, createdAt: c.createdAt, version: c.version + 1, textsDestroyed: { by: 'system', archiveId: 'archive-1' } });
    expect(events).toEqual([expect.objectContaining({ type: 'retention.destroyed', data: { archiveId: 'archive-1', texts: 3, retentionYears: 5 } })]);
    expect(sealedTextCount(next)).toBe(0);
    // Key rotation has nothing to open in it.
    expect(sealedKeyIds(next)).toEqual([]);
    expect(reseal(next, step, 'k2', () => { throw new Error('nothing to reseal'); }).next.sealed.narrative).toBe(DESTROYED);
  });

  it('refuses to destroy the texts of a case that is not closed', () => {
    expect(() => destroyTexts(caseRecord(1), step, 'a', {})).toThrow(expect.objectContaining({ messageKey: 'errors.case.not_closed' }));
  });

  it('G11: finds a register entry whose hashed payload would carry a sealed text', () => {
    const entries: RegisterEvent[] = [];
    const payloads: EventData[] = [{}, { kind: 'urgent_alert', recipients: ['amina'] }, { note: 'v1.k2026.aaaa.bbbb.cccc' }, { list: ['x', 'v1.k.a.b.c'] }, { note: 'v2.k2026.aaaa.bbbb.cccc' }];
    for (const [n, data] of payloads.entries()) {
      entries.push(chain('case-1', entries.at(-1) ?? null, { id: `e${n}`, at: step.at, actorId: 'amina', type: 'case.opened', data }));
    }
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(verifyChain(entries).intact).toBe(true);
    expect(entriesHoldingTexts(entries)).toEqual([3, 4, 5]);
  });
});
