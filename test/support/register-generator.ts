import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionTypeId } from '../../src/domain/actions';
import { ACTION_TYPE_IDS } from '../../src/domain/actions';
import type { Case, Outcome, Proposal, Sealed } from '../../src/domain/case';
import { OUTCOMES } from '../../src/domain/case';
import { defineCommittee, type TreatyBody } from '../../src/domain/committee';
import { chain, type RegisterEvent } from '../../src/domain/register';
import { EmbeddedStore } from '../../src/store/embedded-store';
import type { Store } from '../../src/store/store';
import { caseRecord } from './case-record';

/**
 * A register of many cases made from a plan, for report tests. The plan is kept: tests count
 * their expected figures from it with their own code, never through the report's.
 */
interface PlannedProposal {
  type: ActionTypeId;
  verdict?: 'approved' | 'declined' | 'more_requested';
  decidedAfterDays?: number;
  dueAfterDays?: number;
  completedAfterDays?: number;
  withdrawn?: boolean;
}

export interface PlannedCase {
  committee: TreatyBody;
  createdAt: Date;
  stateParty: string;
  channel: 'oral' | 'written';
  perpetrator: 'state' | 'non_state' | 'unknown';
  genderRisk: 'yes' | 'no' | 'unknown';
  urgent: boolean;
  ackAfterDays?: number;
  assessmentStarted: boolean;
  outcome?: Outcome;
  assessedAfterDays?: number;
  closed: boolean;
  proposals: PlannedProposal[];
}

const DAY = 24 * 60 * 60 * 1000;
const STATES = ['NO', 'FR', 'BR', 'KE', 'IN', 'MX', 'EG', 'PH', 'TR', 'CO', 'LK', 'SA', 'NI', 'BY', 'VE', 'KH', 'TJ', 'IS'];

/** A small seeded generator (mulberry32), so every run builds the same register. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function planRegister(count: number, committees: TreatyBody[], seed = 42): PlannedCase[] {
  const random = seeded(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const days = (max: number) => Math.round(random() * max * 10) / 10 + 0.1;
  // States are skewed: the first few are frequent, the last ones rare (small cells).
  const state = () => STATES[Math.min(STATES.length - 1, Math.floor(-Math.log(1 - random()) * 3))] as string;
  const plans: PlannedCase[] = [];
  for (let i = 0; i < count; i++) {
    // 2025-07 to 2027-06: half the cases fall in 2026.
    const createdAt = new Date(Date.UTC(2025, 6, 1) + Math.floor(random() * 730) * DAY + Math.floor(random() * DAY));
    const acknowledged = random() < 0.9;
    const started = acknowledged && random() < 0.85;
    const outcome = started && random() < 0.8 ? pick(OUTCOMES) : undefined;
    const proposals: PlannedProposal[] = [];
    if (outcome) {
      for (let p = 0, n = Math.floor(random() * 3); p < n; p++) {
        const verdict = random() < 0.2 ? undefined : pick(['approved', 'approved', 'declined', 'more_requested'] as const);
        const decidedAfterDays = verdict ? days(40) : undefined;
        const dueAfterDays = verdict === 'approved' && random() < 0.8 ? (decidedAfterDays as number) + days(60) : undefined;
        const completedAfterDays = verdict === 'approved' && random() < 0.6 ? (decidedAfterDays as number) + days(80) : undefined;
        proposals.push({
          type: pick(ACTION_TYPE_IDS),
          ...(verdict ? { verdict, decidedAfterDays } : {}),
          ...(dueAfterDays !== undefined ? { dueAfterDays } : {}),
          ...(completedAfterDays !== undefined ? { completedAfterDays } : {}),
          ...(verdict === 'approved' && completedAfterDays === undefined && random() < 0.1 ? { withdrawn: true } : {}),
        });
      }
    }
    plans.push({
      committee: pick(committees),
      createdAt,
      stateParty: state(),
      channel: pick(['oral', 'written'] as const),
      perpetrator: pick(['state', 'non_state', 'unknown'] as const),
      genderRisk: pick(['yes', 'no', 'unknown'] as const),
      urgent: random() < 0.1,
      ...(acknowledged ? { ackAfterDays: days(5) } : {}),
      assessmentStarted: started,
      ...(outcome ? { outcome, assessedAfterDays: days(20) } : {}),
      closed: outcome !== undefined && random() < 0.3,
      proposals,
    });
  }
  return plans;
}

const after = (from: Date, days: number) => new Date(from.getTime() + days * DAY);
const SEALED = 'v1.k.a.b.c' as Sealed;

function proposalOf(plan: PlannedCase, planned: PlannedProposal, index: number): Proposal {
  const at = (days: number) => after(plan.createdAt, days);
  const status = planned.withdrawn ? 'withdrawn' : (planned.verdict ?? 'proposed');
  return {
    id: `p${index}`,
    number: index + 1,
    type: planned.type,
    doNoHarm: SEALED,
    proposedBy: 'amina',
    proposedAt: at(planned.decidedAfterDays ?? 1),
    status,
    ...(planned.verdict ? { decision: { verdict: planned.verdict, by: 'chen', byName: 'Chen', at: at(planned.decidedAfterDays as number), authority: 'chair' as const } } : {}),
    ...(planned.dueAfterDays !== undefined ? { dueAt: at(planned.dueAfterDays) } : {}),
    ...(planned.completedAfterDays !== undefined ? { completedAt: at(planned.completedAfterDays), completedBy: 'amina' } : {}),
  };
}

/**
 * Stores every planned case and its register (allegation, some noise, the first opening).
 * `prepare` may complete each case before it is stored (real sealed texts, say).
 */
export async function storeRegister(store: Store, plans: PlannedCase[], prepare: (c: Case, plan: PlannedCase, index: number) => Case = (c) => c): Promise<void> {
  const seqs = new Map<string, number>();
  for (const [i, plan] of plans.entries()) {
    const year = plan.createdAt.getUTCFullYear();
    const seq = (seqs.get(`${plan.committee}${year}`) ?? 0) + 1;
    seqs.set(`${plan.committee}${year}`, seq);
    const c: Case = {
      ...caseRecord(seq),
      _id: `case-${i}`,
      reference: `${plan.committee}-${year}-${String(seq).padStart(4, '0')}`,
      committee: plan.committee,
      year,
      submissionKey: `generated-${i}`,
      createdAt: plan.createdAt,
      status: plan.closed ? 'closed' : plan.outcome ? 'assessed' : plan.assessmentStarted ? 'under_assessment' : 'received',
      stateParty: plan.stateParty,
      channel: plan.channel,
      perpetrator: plan.perpetrator,
      genderRisk: plan.genderRisk,
      urgent: plan.urgent,
      ...(plan.assessmentStarted
        ? {
            assessment: {
              startedBy: 'amina',
              startedAt: after(plan.createdAt, plan.ackAfterDays ?? 0),
              sources: [],
              ...(plan.outcome ? { outcome: plan.outcome, assessedBy: 'amina', assessedAt: after(plan.createdAt, plan.assessedAfterDays as number) } : {}),
            },
          }
        : {}),
      proposals: plan.proposals.map((p, n) => proposalOf(plan, p, n)),
    };
    await store.insertCase(prepare(c, plan, i));
    const entries: Array<Pick<RegisterEvent, 'at' | 'actorId' | 'type'>> = [
      { at: plan.createdAt, actorId: 'maria', type: 'allegation.received' },
      // Neither the reporter looking at their report nor the scheduler takes an alert up.
      { at: after(plan.createdAt, 0.01), actorId: 'maria', type: 'case.opened' },
      { at: after(plan.createdAt, 0.02), actorId: 'system', type: 'reminder.sent' },
      ...(plan.ackAfterDays !== undefined ? [{ at: after(plan.createdAt, plan.ackAfterDays), actorId: 'amina', type: 'case.opened' as const }] : []),
      ...(plan.ackAfterDays !== undefined ? [{ at: after(plan.createdAt, plan.ackAfterDays + 1), actorId: 'lucas', type: 'case.opened' as const }] : []),
    ];
    let previous: RegisterEvent | null = null;
    for (const [n, entry] of entries.entries()) {
      previous = chain(c._id, previous, { id: `${c._id}-e${n}`, data: {}, ...entry });
      await store.appendEvent(previous);
    }
  }
}

/**
 * A new data folder whose embedded store holds a small generated register (60 cases of CAT and
 * CCPR, and both committees), for the built `amparo` program to report on. Each write rewrites
 * the embedded store's file: a small register keeps this quick.
 */
export async function dataDirWithRegister(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const store = new EmbeddedStore(join(dir, 'store.json'));
  await store.init();
  await storeRegister(store, planRegister(60, ['CAT', 'CCPR'], 7));
  for (const _id of ['CAT', 'CCPR'] as const) await store.saveCommittee(defineCommittee({ _id, name: _id }));
  await store.close();
  return dir;
}
