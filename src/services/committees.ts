import type { Config } from '../config';
import type { Committee, TreatyBody } from '../domain/committee';
import { addSession, changeSettings, removeSession, SETTINGS, withFileSettings, type Setting } from '../domain/committee-settings';
import { AmparoError } from '../errors';
import type { Store } from '../store/store';
import type { SchedulerService } from './scheduler';

/**
 * The committees served and their settings (G4). The committees file owns the settings it
 * names; the record owns the rest (see committee-settings.ts). A change is followed by the
 * reminders it moves (G8, G12, G15, G19).
 */
export class CommitteeService {
  constructor(
    private readonly store: Store,
    private readonly scheduler: SchedulerService,
    private readonly file: Pick<Config, 'committees' | 'committeesFile'>,
  ) {}

  /** The settings of `committee` that the committees file names. */
  pinned(committee: TreatyBody): readonly Setting[] {
    return pinnedSettings(this.file, committee);
  }

  async list(): Promise<Committee[]> {
    return this.store.listCommittees();
  }

  async get(code: TreatyBody): Promise<Committee> {
    const committee = await this.store.getCommittee(code);
    if (!committee) throw new AmparoError('NOT_FOUND', 'errors.committee.not_found', { committee: code });
    return committee;
  }

  async changeSettings(code: TreatyBody, changes: Partial<Record<Setting, unknown>>): Promise<Committee> {
    return this.change(code, (committee) => changeSettings(committee, changes, this.pinned(code)));
  }

  async addSession(code: TreatyBody, session: Committee['sessions'][number]): Promise<Committee> {
    return this.change(code, (committee) => addSession(committee, session, this.pinned(code)));
  }

  async removeSession(code: TreatyBody, start: string): Promise<Committee> {
    return this.change(code, (committee) => removeSession(committee, start, this.pinned(code)));
  }

  private async change(code: TreatyBody, apply: (committee: Committee) => Committee): Promise<Committee> {
    const previous = await this.get(code);
    const next = apply(previous);
    await this.store.saveCommittee(next);
    await this.scheduler.replanCommittee(next, previous);
    return next;
  }
}

/** At start (and before the command line changes a committee): the file's settings written over the record's. */
export async function applyCommitteesFile(store: Store, file: Pick<Config, 'committees' | 'committeesFile'>): Promise<void> {
  for (const committee of file.committees) {
    const named = pinnedSettings(file, committee._id);
    await store.saveCommittee(withFileSettings(await store.getCommittee(committee._id), committee, named));
  }
}

/** Committees given in code rather than by a file (tests, embedding) are given whole. */
function pinnedSettings(file: Pick<Config, 'committees' | 'committeesFile'>, committee: TreatyBody): readonly Setting[] {
  if (file.committeesFile) return file.committeesFile.named[committee] ?? [];
  return file.committees.some((c) => c._id === committee) ? SETTINGS : [];
}
