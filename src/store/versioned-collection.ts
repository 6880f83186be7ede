import type { Collection, Db, Filter, OptionalUnlessRequiredId, WithId } from 'mongodb';

/**
 * A collection of documents that change by versions, safe on MongoDB and on FerretDB 1.24.
 *
 * FerretDB 1.24 runs every update as "find, then write by _id", so a `{_id, version}`-guarded
 * update can match twice. Inserts under a unique _id are atomic on both, so a new version is
 * committed by inserting `<id>#<version>` into `<name>_commits`: of any number of writers from
 * the same version exactly one succeeds. `<name>` itself holds the latest committed version,
 * for queries; it is caught up from the commits whenever a read finds it behind.
 *
 * Every read and write here is by `_id` alone: FerretDB 1.24 (SQLite) serves only a filter of
 * exactly `{_id: …}` from an index and scans the whole collection for anything else.
 */
export interface Versioned {
  _id: string;
  version: number;
}

interface Commit<T> {
  _id: string;
  of: string;
  version: number;
  /** Absent once the version is superseded and its content forgotten (see `forgetSuperseded`). */
  doc?: T;
}

export class VersionedCollection<T extends Versioned> {
  readonly latest: Collection<T>;
  readonly commits: Collection<Commit<T>>;

  constructor(db: Db, name: string) {
    this.latest = db.collection<T>(name);
    this.commits = db.collection<Commit<T>>(`${name}_commits`);
  }

  /** Commits `doc` as the version after `expectedVersion`; false when another writer did first. */
  async commit(doc: T, expectedVersion: number, isDuplicate: (error: unknown) => boolean): Promise<boolean> {
    if (doc.version !== expectedVersion + 1) throw new Error('a new version must follow the one it replaces');
    try {
      await this.commits.insertOne({ _id: `${doc._id}#${doc.version}`, of: doc._id, version: doc.version, doc } as OptionalUnlessRequiredId<Commit<T>>);
    } catch (error) {
      if (isDuplicate(error)) return false;
      throw error;
    }
    await this.catchUp(doc);
    return true;
  }

  /** The latest committed version of one document: the stored copy, or a later commit. */
  async get(id: string): Promise<T | null> {
    const stored = (await this.latest.findOne({ _id: id } as Filter<T>)) as T | null;
    if (!stored) return null;
    let newest: T = stored;
    for (;;) {
      const next = await this.commits.findOne({ _id: `${id}#${newest.version + 1}` } as Filter<Commit<T>>);
      if (!next?.doc) break;
      newest = next.doc;
    }
    if (newest.version > stored.version) await this.catchUp(newest);
    return newest;
  }

  /** Like `get`, for the first document matching a filter on `latest`. */
  async find(filter: Filter<T>): Promise<T | null> {
    const found = (await this.latest.findOne(filter, { projection: { _id: 1 } })) as WithId<T> | null;
    return found ? this.get(String(found._id)) : null;
  }

  /**
   * Drops the content of every version older than the one `latest` holds, so that what was
   * replaced (a value sealed under a retired key, say) is gone from the database. Each commit
   * stays as an empty marker: its `_id` keeps refusing a writer who read that old version.
   * Returns how many versions were emptied.
   */
  async forgetSuperseded(id: string): Promise<number> {
    await this.get(id);
    const current = (await this.latest.findOne({ _id: id } as Filter<T>, { projection: { version: 1 } })) as Versioned | null;
    let forgotten = 0;
    for (let version = 2; version < (current?.version ?? 0); version++) {
      const marker = { of: id, version } as Omit<Commit<T>, '_id'>;
      const result = await this.commits.replaceOne({ _id: `${id}#${version}`, doc: { $exists: true } } as Filter<Commit<T>>, marker);
      forgotten += result.modifiedCount;
    }
    return forgotten;
  }

  /**
   * Moves `latest` forward. Two catch-ups racing may leave it one version behind for a moment;
   * the next read finds the later commit and moves it on.
   */
  private async catchUp(doc: T): Promise<void> {
    const current = (await this.latest.findOne({ _id: doc._id } as Filter<T>, { projection: { version: 1 } })) as Versioned | null;
    if (current && current.version >= doc.version) return;
    await this.latest.replaceOne({ _id: doc._id } as Filter<T>, doc);
  }
}
