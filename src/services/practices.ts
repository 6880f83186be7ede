import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import { TREATY_BODIES, type TreatyBody } from '../domain/committee';
import { matchPractices, parseQuery, practiceInputSchema, type GoodPractice, type PracticeInput } from '../domain/practices';
import { can } from '../domain/policy';
import { committeesOf, type Actor } from '../domain/roles';
import { submissionKey as scopedSubmissionKey } from '../domain/submission-key';
import { AmparoError } from '../errors';
import { StoreConflict, type Store } from '../store/store';

export interface PracticeSearch {
  /** Typed words; `#tag` asks for a tag. Empty lists everything readable. */
  text?: string;
  /** Only these committees (within what the person may read). */
  committees?: TreatyBody[];
}

/**
 * The good-practice log (G17) as people use it: a rapporteur records a protection strategy,
 * rapporteurs (of every committee, G16) and chairs search them. Who recorded it and when are
 * kept on the record; reports never show who.
 */
export class PracticeService {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  /** The committees in which the person may record a practice. */
  recordableCommittees(actor: Actor): TreatyBody[] {
    return committeesOf(actor).filter((committee) => can(actor, 'record_practice', { committee }));
  }

  /** The committees whose practices the person may read. */
  readableCommittees(actor: Actor): TreatyBody[] {
    return TREATY_BODIES.filter((committee) => can(actor, 'read_practices', { committee }));
  }

  /**
   * Records a practice once per submission: a retried submission (same person, same
   * `submissionKey`) finds the first one and stores nothing more.
   */
  async record(actor: Actor, input: PracticeInput, submissionKey: string): Promise<GoodPractice> {
    const parsed = practiceInputSchema.safeParse(input);
    if (!parsed.success) throw new AmparoError('INVALID_INPUT', 'practices.invalid');
    const { committee } = parsed.data;
    if (!can(actor, 'record_practice', { committee })) throw new AmparoError('NOT_ALLOWED', 'practices.not_allowed.record', { committee });
    const practice: GoodPractice = {
      _id: `gp-${createHash('sha256').update(scopedSubmissionKey(actor.personId, submissionKey)).digest('hex').slice(0, 24)}`,
      ...parsed.data,
      authorId: actor.personId,
      createdAt: this.deps.clock.now(),
    };
    try {
      await this.deps.store.insertPractice(practice);
      return practice;
    } catch (error) {
      if (!(error instanceof StoreConflict)) throw error;
      const [first] = (await this.deps.store.listPractices({ committees: [committee] })).filter((p) => p._id === practice._id);
      return first ?? practice;
    }
  }

  /** Practices the person may read that match the search, newest first. */
  async search(actor: Actor, search: PracticeSearch = {}): Promise<GoodPractice[]> {
    const readable = this.readableCommittees(actor);
    if (readable.length === 0) throw new AmparoError('NOT_ALLOWED', 'practices.not_allowed.read');
    const committees = search.committees ? readable.filter((c) => search.committees?.includes(c)) : readable;
    const practices = await this.deps.store.listPractices({ committees });
    return matchPractices(practices, parseQuery(search.text ?? ''));
  }
}
