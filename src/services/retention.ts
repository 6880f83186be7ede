import type { Clock, IdSource } from '../clock';
import { DESTROYED, destroyTexts, isDestroyed, type Case, type Step } from '../domain/case';
import type { Committee, TreatyBody } from '../domain/committee';
import { entriesHoldingTexts, isDue, retentionCutoff, sealedTextCount } from '../domain/retention';
import type { Store } from '../store/store';
import type { ArchiveHeader } from './archive-format';
import type { ArchiveService, Progress } from './archive';
import { MAINTENANCE_ACTOR } from './maintenance';
import type { RegisterService } from './register';

export interface RetentionDeps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  register: RegisterService;
  archive: ArchiveService;
}

interface DueCase {
  caseId: string;
  reference: string;
  closedAt: Date;
  /** Sensitive texts the case holds. */
  texts: number;
}

export interface RetentionPlan {
  committee: TreatyBody;
  years: number;
  /** Cases closed before this are due. */
  cutoff: Date;
  /** Every case of the committee looked at. */
  cases: number;
  due: DueCase[];
}

export type DestructionOutcome = { reference: string; result: 'destroyed'; texts: number } | { reference: string; result: 'skipped' | 'failed'; reason: string };

export interface RetentionReport {
  plan: RetentionPlan;
  /** Absent when nothing was due (no archive is written then). */
  archive?: ArchiveHeader;
  destroyed: number;
  skipped: number;
  failed: Array<{ reference: string; reason: string }>;
}

/**
 * Carries out a committee's retention policy (README, "Retention"). `plan` only reads. `apply`
 * first writes every due case, as stored, to a new archive and reads it back; only then, case by
 * case, destroys the texts, records it in the register, and drops the superseded versions that
 * still held them. A case changed after it was archived is left for the next run.
 */
export class RetentionService {
  constructor(private readonly deps: RetentionDeps) {}

  async plan(committee: TreatyBody, years: number): Promise<RetentionPlan> {
    const cutoff = retentionCutoff(this.deps.clock.now(), years);
    const cases = await this.deps.store.listCases({ committees: [committee] });
    const due = cases
      .filter((c) => isDue(c, cutoff))
      .map((c) => ({ caseId: c._id, reference: c.reference, closedAt: (c.closure as NonNullable<Case['closure']>).at, texts: sealedTextCount(c) }));
    return { committee, years, cutoff, cases: cases.length, due };
  }

  async apply(
    committee: TreatyBody,
    years: number,
    settings: Committee | null,
    archiveFile: string,
    progress: { archiving?: Progress; archived?: (header: ArchiveHeader) => void; onCase?: (outcome: DestructionOutcome, done: number, total: number) => void } = {},
  ): Promise<RetentionReport> {
    const plan = await this.plan(committee, years);
    const report: RetentionReport = { plan, destroyed: 0, skipped: 0, failed: [] };
    if (plan.due.length === 0) return report;
    const dueIds = new Set(plan.due.map((d) => d.caseId));
    const archived = await this.deps.archive.collect(committee, progress.archiving, (c) => dueIds.has(c._id));
    report.archive = await this.deps.archive.write(archiveFile, committee, settings, archived, 'retention');
    // Read back before destroying anything: an archive that does not open keeps nothing.
    const kept = new Map((await this.deps.archive.read(archiveFile)).cases.map((a) => [a.case._id, a.case.version]));
    progress.archived?.(report.archive);
    for (const [index, { case: c, contacts = [], information = [] }] of archived.entries()) {
      const archivedTexts = new Set([...contacts.map((k) => k._id), ...information.map((i) => i._id)]);
      const outcome = await this.destroy(c._id, c.reference, kept.get(c._id), plan, report.archive.id, archivedTexts);
      if (outcome.result === 'destroyed') report.destroyed += 1;
      else if (outcome.result === 'skipped') report.skipped += 1;
      else report.failed.push({ reference: outcome.reference, reason: outcome.reason });
      progress.onCase?.(outcome, index + 1, archived.length);
    }
    return report;
  }

  /** `archived`: the ids of the case's contacts and added information that the archive keeps. */
  private async destroy(caseId: string, reference: string, archivedVersion: number | undefined, plan: RetentionPlan, archiveId: string, archived: ReadonlySet<string>): Promise<DestructionOutcome> {
    const { store, register, clock, ids } = this.deps;
    const loaded = await store.getCase(caseId);
    if (!loaded || archivedVersion === undefined) return { reference, result: 'failed', reason: 'the case is not in the archive' };
    if (!isDue(loaded, plan.cutoff)) return { reference, result: 'skipped', reason: 'no longer due (reopened, or already destroyed)' };
    const changed = { reference, result: 'failed', reason: 'the case changed after it was archived; run the retention again' } as const;
    if (loaded.version !== archivedVersion) return changed;
    const holding = entriesHoldingTexts(await store.listEvents(caseId));
    if (holding.length > 0) return { reference, result: 'failed', reason: `register entries ${holding.join(', ')} hold a sealed text; the texts were kept` };
    const c: Case = { ...loaded, outbox: await register.unregistered(loaded.outbox) };
    const step: Step = { actorId: MAINTENANCE_ACTOR, actorName: MAINTENANCE_ACTOR, at: clock.now(), newId: () => ids.next() };
    const texts = sealedTextCount(c);
    const next = destroyTexts(c, step, archiveId, { archiveId, texts, retentionYears: plan.years }).next;
    // Guarded by the archived version: what is destroyed is exactly what the archive keeps.
    if (!(await store.replaceCase(next, c.version))) return changed;
    // Replaced in place: the store keeps no earlier version that would still hold the texts.
    await register.flush(caseId, next);
    // G13: the summaries of its contacts go with the case's texts; the archive keeps them.
    for (const contact of await store.listContacts(caseId)) {
      if (archived.has(contact._id) && !isDestroyed(contact.summary)) await store.replaceContactSummary(contact._id, contact.summary, DESTROYED);
    }
    // G10, G11: so do the texts of the information added to it.
    for (const added of await store.listCaseInformation(caseId)) {
      if (archived.has(added._id) && !isDestroyed(added.text)) await store.replaceCaseInformationText(added._id, added.text, DESTROYED);
    }
    return { reference, result: 'destroyed', texts };
  }
}
