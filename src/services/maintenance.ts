import type { Clock, IdSource } from '../clock';
import { isDestroyed, mapSealed, reseal, sealedKeyId, type Case, type Sealed, type Step } from '../domain/case';
import { informationBinding, type CaseInformation } from '../domain/case-information';
import type { Contact } from '../domain/contacts';
import { TREATY_BODIES } from '../domain/committee';
import { roleRegister, verifyChain, type ChainProblem } from '../domain/register';
import type { Store } from '../store/store';
import { contactSummaryBinding } from './contacts';
import { caseBinding, type Binding, type KeyRing } from './crypto';
import type { RegisterService } from './register';

const MAX_ATTEMPTS = 8;
/** Operators' maintenance is recorded under this actor in the register. */
export const MAINTENANCE_ACTOR = 'system';

export interface MaintenanceDeps {
  store: Store;
  keys: KeyRing;
  clock: Clock;
  ids: IdSource;
  register: RegisterService;
}

interface BrokenChain {
  /** The case's reference, or `roles:<committee>` for a register of roles. */
  reference: string;
  /** The first entry that is not as it was written. */
  seq: number;
  problem: ChainProblem;
}

export interface CheckedCase {
  reference: string;
  entries: number;
  /** The hash of the case's last register entry. */
  head: string;
  broken?: BrokenChain;
}

export interface AuditReport {
  cases: number;
  /** Committees' registers of roles checked (those with entries). */
  roleRegisters: number;
  /** Entries checked, in cases' registers and registers of roles. */
  entries: number;
  broken: BrokenChain[];
}

/** A kind of document of its own, beside a case, holding one sealed text: how to list, bind and replace it. */
interface SealedDocuments<D> {
  list(caseId: string): Promise<D[]>;
  text(document: D): Sealed;
  binding(caseId: string, id: string): Binding;
  replace(id: string, expected: Sealed, next: Sealed): Promise<boolean>;
  /** The field of the `case.resealed` entry that counts them. */
  counted: 'contacts' | 'information';
  unreadable: string;
}

export type RotationOutcome = { reference: string; result: 'resealed'; from: string[] } | { reference: string; result: 'current' } | { reference: string; result: 'failed'; reason: string };

export interface RotationReport {
  cases: number;
  resealed: number;
  failed: Array<{ reference: string; reason: string }>;
}

/**
 * What an operator runs from the command line against the record: checking that no register
 * entry was altered, removed or reordered, and sealing old texts again under the current key.
 */
export class MaintenanceService {
  constructor(private readonly deps: MaintenanceDeps) {}

  /** The key new and resealed values go under. */
  get currentKeyId(): string {
    return this.deps.keys.currentKeyId;
  }

  /**
   * Walks every case's register, then each committee's register of roles (`roles:<committee>`,
   * G8) that holds entries; `onCase` hears each chain as it is checked, with its number of
   * entries and the hash of the last one (kept outside the database, these show later whether
   * entries were removed from the end or the whole chain was rewritten).
   */
  async verifyRegister(onCase: (checked: CheckedCase) => void = () => {}): Promise<AuditReport> {
    const report: AuditReport = { cases: 0, roleRegisters: 0, entries: 0, broken: [] };
    const check = async (subject: string, reference: string): Promise<void> => {
      const entries = await this.deps.store.listEvents(subject);
      const result = verifyChain(entries);
      report.entries += entries.length;
      const broken = result.intact ? undefined : { reference, seq: result.seq, problem: result.problem };
      if (broken) report.broken.push(broken);
      onCase({ reference, entries: entries.length, head: entries.at(-1)?.hash ?? '', ...(broken ? { broken } : {}) });
    };
    for (const c of await this.deps.store.listCases({})) {
      await check(c._id, c.reference);
      report.cases += 1;
    }
    for (const committee of TREATY_BODIES) {
      const subject = roleRegister(committee);
      if (await this.deps.store.lastEvent(subject)) {
        await check(subject, subject);
        report.roleRegisters += 1;
      }
    }
    return report;
  }

  /**
   * Seals every value not sealed as `KeyRing.seal` seals now (under another key, or in format
   * v1 even under the current key) again under the current key, as v2 and bound to its proposal
   * or reopening where it is a note of one; one case at a time, each write guarded by the case's
   * version (a concurrent change makes it start that case again). Safe to interrupt and to run
   * again: cases already current are left as they are.
   */
  async rotateKeys(onCase: (outcome: RotationOutcome, done: number, total: number) => void = () => {}): Promise<RotationReport> {
    const all = await this.deps.store.listCases({});
    const report: RotationReport = { cases: all.length, resealed: 0, failed: [] };
    for (const [index, listed] of all.entries()) {
      const ownCase = await this.rotateCase(listed._id, listed.reference);
      const outcome = await this.rotateTexts(listed._id, await this.rotateTexts(listed._id, ownCase, this.contactTexts), this.informationTexts);
      if (outcome.result === 'resealed') report.resealed += 1;
      if (outcome.result === 'failed') report.failed.push({ reference: outcome.reference, reason: outcome.reason });
      onCase(outcome, index + 1, all.length);
    }
    return report;
  }

  private async rotateCase(caseId: string, reference: string): Promise<RotationOutcome> {
    const { store, keys, clock, ids, register } = this.deps;
    const to = keys.currentKeyId;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const loaded = await store.getCase(caseId);
      if (!loaded) return { reference, result: 'failed', reason: 'the case is no longer stored' };
      const stale = (value: Sealed) => !keys.isCurrent(value);
      const from = staleKeyIds(loaded, stale);
      if (from.length === 0) return { reference, result: 'current' };
      const c: Case = { ...loaded, outbox: await register.unregistered(loaded.outbox) };
      const step: Step = { actorId: MAINTENANCE_ACTOR, actorName: MAINTENANCE_ACTOR, at: clock.now(), newId: () => ids.next() };
      let next: Case;
      try {
        next = reseal(c, step, to, (value, field, owner) => keys.seal(keys.open(value, caseBinding(c._id, field, owner)), caseBinding(c._id, field, owner)), stale).next;
      } catch (error) {
        return { reference, result: 'failed', reason: error instanceof Error ? error.message : 'a value could not be opened' };
      }
      // Replaced in place: no copy under the old key is left in the store.
      if (await store.replaceCase(next, c.version)) {
        await register.flush(caseId, next);
        return { reference, result: 'resealed', from };
      }
    }
    return { reference, result: 'failed', reason: `the case kept changing; run the rotation again` };
  }

  /**
   * The texts kept in documents of their own beside the case (G13 contacts' summaries, G10
   * information added later), each sealed again under the current key, bound to its document;
   * one changed meanwhile is left as it is for the next run. The register says the case's texts
   * were sealed again, and how many of each kind, as for the case's own.
   */
  private async rotateTexts<D extends { _id: string }>(caseId: string, outcome: RotationOutcome, kind: SealedDocuments<D>): Promise<RotationOutcome> {
    if (outcome.result === 'failed') return outcome;
    const { keys, clock, register } = this.deps;
    const resealedFrom = new Set<string>();
    let resealed = 0;
    try {
      for (const document of await kind.list(caseId)) {
        const text = kind.text(document);
        if (isDestroyed(text) || keys.isCurrent(text)) continue;
        const binding = kind.binding(caseId, document._id);
        if (!(await kind.replace(document._id, text, keys.seal(keys.open(text, binding), binding)))) continue;
        resealedFrom.add(sealedKeyId(text));
        resealed += 1;
      }
    } catch (error) {
      return { reference: outcome.reference, result: 'failed', reason: error instanceof Error ? error.message : kind.unreadable };
    }
    if (resealed === 0) return outcome;
    await register.record(caseId, clock.now(), MAINTENANCE_ACTOR, 'case.resealed', { from: [...resealedFrom].sort().join(', '), to: keys.currentKeyId, [kind.counted]: resealed });
    return { reference: outcome.reference, result: 'resealed', from: [...new Set([...(outcome.result === 'resealed' ? outcome.from : []), ...resealedFrom])].sort() };
  }

  /** G13: contacts' summaries. */
  private readonly contactTexts: SealedDocuments<Contact> = {
    list: (caseId) => this.deps.store.listContacts(caseId),
    text: (contact) => contact.summary,
    binding: contactSummaryBinding,
    replace: (id, expected, next) => this.deps.store.replaceContactSummary(id, expected, next),
    counted: 'contacts',
    unreadable: 'a contact could not be opened',
  };

  /** G10, G11: the texts of information added to a case. */
  private readonly informationTexts: SealedDocuments<CaseInformation> = {
    list: (caseId) => this.deps.store.listCaseInformation(caseId),
    text: (added) => added.text,
    binding: informationBinding,
    replace: (id, expected, next) => this.deps.store.replaceCaseInformationText(id, expected, next),
    counted: 'information',
    unreadable: 'information added to the case could not be opened',
  };
}

/** The key ids of the case's values that rotation must seal again, sorted. */
function staleKeyIds(c: Case, stale: (value: Sealed) => boolean): string[] {
  const ids = new Set<string>();
  mapSealed(c, (value) => {
    if (!isDestroyed(value) && stale(value)) ids.add(sealedKeyId(value));
    return value;
  });
  return [...ids].sort();
}
