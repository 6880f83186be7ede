import type { Case, Sealed } from '../../src/domain/case';

/**
 * A stored case as the services would have written it: a received allegation, CAT, 2026,
 * numbered `seq`. Tests override what they are about.
 */
export const RECORDED_AT = new Date('2026-03-10T09:00:00Z');

export function caseRecord(seq: number, overrides: Partial<Case> = {}): Case {
  const consent = { answer: 'unknown' as const, informed: false, recordedBy: 'maria', recordedAt: RECORDED_AT, how: 'oral' as const };
  return {
    _id: `case-${seq}`,
    reference: `CAT-2026-${String(seq).padStart(4, '0')}`,
    committee: 'CAT',
    year: 2026,
    seq,
    submissionKey: `submission-${seq}`,
    status: 'received',
    reporterId: 'maria',
    createdAt: new Date(RECORDED_AT.getTime() + seq * 1000),
    updatedAt: RECORDED_AT,
    urgent: false,
    confidential: false,
    channel: 'oral',
    stateParty: 'NO',
    perpetrator: 'state',
    victimKind: 'individual',
    cooperation: 'session',
    riskLevel: 'high',
    genderRisk: 'unknown',
    sealed: { narrative: 'v1.k.a.b.c' as Sealed, victim: 'v1.k.d.e.f' as Sealed },
    consent: { stateContact: consent, publication: consent, referral: consent },
    proposals: [],
    reopenings: [],
    outbox: [],
    version: 1,
    ...overrides,
  };
}
