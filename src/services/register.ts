import type { Case } from '../domain/case';
import { chain, type EventData, type EventType, type PendingEvent, type RegisterEvent } from '../domain/register';
import { StoreConflict, type Store } from '../store/store';
import type { IdSource } from '../clock';
import { KeyedLock } from './keyed-lock';

const MAX_ATTEMPTS = 20;
/** Cases whose last register entry this process remembers (the most recently written). */
const REMEMBERED_CASES = 1000;

/**
 * Moves register entries into the hash-chained `events` collection. Changes reach it through
 * the case's outbox (written atomically with the change), disclosures directly; either way
 * an entry is appended once, in order, however many processes try.
 */
export class RegisterService {
  private readonly lock = new KeyedLock();
  /**
   * The last entry this process wrote or read for each recent case (null: none yet), so that
   * an append usually needs no read first. Another process appending meanwhile makes the
   * insert collide on the chain's unique place; the last entry is then read again.
   */
  private readonly last = new Map<string, RegisterEvent | null>();
  /** Cases whose outbox this process failed to move into the register. */
  private readonly unflushed = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly ids: IdSource,
  ) {}

  /**
   * Records a disclosure or another event that changes nothing in the case itself. Should the
   * case's own entries still wait in its outbox (a flush that failed), they go first, so the
   * register keeps the order of what happened.
   */
  async record(caseId: string, at: Date, actorId: string, type: EventType, data: EventData = {}): Promise<void> {
    if (this.unflushed.has(caseId)) await this.flush(caseId);
    await this.append(caseId, { id: this.ids.next(), at, actorId, type, data });
  }

  /**
   * Appends an entry whose id is fixed by what it records (a role term: `roleEntries`), to the
   * chain `subject`; an entry already there is left as it is, so asking twice writes it once.
   * False when it was there already.
   */
  async recordOnce(subject: string, pending: PendingEvent): Promise<boolean> {
    if (await this.store.getEvent(pending.id)) return false;
    await this.append(subject, pending);
    return true;
  }

  /** A case this process has just created: its register is empty. */
  fresh(caseId: string): void {
    this.remember(caseId, null);
  }

  /**
   * Moves a case's outbox into the register, then clears it from the case (unless the caller
   * does it with its own next write: `keep`); entries already there are skipped. `written` is the version this process has just stored, whose outbox
   * holds only entries not yet registered when it was written. Returns how many moved.
   */
  async flush(caseId: string, written?: Case, options: { keep?: boolean; loaded?: Case } = {}): Promise<number> {
    return this.lock.run(caseId, async () => {
      this.unflushed.add(caseId);
      // `loaded`: the case as this request read it, whose outbox may hold entries already moved.
      const stored = options.loaded ?? (written ? undefined : await this.store.getCase(caseId));
      const outbox = written ? written.outbox : await this.unregistered(stored?.outbox ?? []);
      for (const pending of outbox) await this.appendUnlocked(caseId, pending);
      this.unflushed.delete(caseId);
      // `keep`: the caller clears them with its own next write to the case.
      if (!options.keep) await this.store.clearOutbox(caseId, outbox.map((e) => e.id));
      return outbox.length;
    });
  }

  /**
   * The outbox entries not yet in the register. A change carries these forward and drops
   * the rest, so the outbox is emptied by the next change rather than by a separate write.
   */
  async unregistered(outbox: PendingEvent[]): Promise<PendingEvent[]> {
    const kept: PendingEvent[] = [];
    for (const pending of outbox) if (!(await this.store.getEvent(pending.id))) kept.push(pending);
    return kept;
  }

  /** After a crash between a change and its flush, finishes what was left; returns the entries moved. */
  async recover(): Promise<number> {
    let moved = 0;
    for (const caseId of await this.store.casesWithPendingEvents()) moved += await this.flush(caseId);
    return moved;
  }

  /** The register of a case as this request loaded it: what its outbox still holds goes in first. */
  async history(c: Case): Promise<RegisterEvent[]> {
    await this.flush(c._id, undefined, { loaded: c });
    return this.store.listEvents(c._id);
  }

  private append(caseId: string, pending: PendingEvent): Promise<void> {
    return this.lock.run(caseId, () => this.appendUnlocked(caseId, pending));
  }

  private async appendUnlocked(caseId: string, pending: PendingEvent): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const previous = this.last.has(caseId) ? (this.last.get(caseId) ?? null) : await this.store.lastEvent(caseId);
      const entry = chain(caseId, previous, pending);
      try {
        await this.store.appendEvent(entry);
        this.remember(caseId, entry);
        return;
      } catch (error) {
        this.last.delete(caseId);
        if (!(error instanceof StoreConflict)) throw error;
        // Another process appended this very entry, or took the next place in the chain.
        if (error.constraint === 'id' || (await this.store.getEvent(pending.id))) return;
      }
    }
    throw new Error(`could not append to the register of case ${caseId} after ${MAX_ATTEMPTS} attempts`);
  }

  private remember(caseId: string, entry: RegisterEvent | null): void {
    this.last.delete(caseId);
    this.last.set(caseId, entry);
    if (this.last.size > REMEMBERED_CASES) this.last.delete(this.last.keys().next().value as string);
  }
}
