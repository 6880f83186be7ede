import { resolve } from 'node:path';
import { JournalChangedElsewhere, type FileIdentity, type JournalDisk } from './embedded-disk';
import { changeLine, commitLine, headerLine, type DecodedJournal, type Place } from './embedded-format';
import { StoreUnavailable } from './store';

/** Where the journal reads what it writes: the store's collections in memory. */
export interface JournalSource {
  /** The document as it now is; undefined once removed. */
  document(collection: string, id: string): unknown;
  documents(): Iterable<{ collection: string; id: string; doc: unknown }>;
}

/** When the file is rewritten with only what it holds now. */
export interface CompactionPolicy {
  /** A smaller file is never compacted. */
  minBytes: number;
  /** A file this many times the size of what it holds is compacted. */
  ratio: number;
}

/** At most half the file is replaced text, so a write costs the same at any size, compaction included. */
export const DEFAULT_COMPACTION: CompactionPolicy = { minBytes: 4 * 1024 * 1024, ratio: 2 };

/**
 * Which store object opened each file last, in this process. An older object on the same file
 * may still read but no longer write: its picture of the file is out of date, and a write of
 * its own would make the newer one's out of date too (tests reopen a file while services on
 * the first object are still at work). Other processes are caught by the file's identity.
 */
const openedLast = new Map<string, symbol>();

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The embedded store's file (format in embedded-format.ts). A change appends the document as it
 * now is and blanks the line it replaces, so a write costs the size of that document, not of
 * the store; when replaced lines make up half the file, the file is rewritten (compacted).
 *
 * Writes are serialised: changes made while a batch is being written wait and go together in
 * the next batch (one fsync for all of them), in one line per changed document, so the file
 * holds the changes in the order callers saw them. A caller hears "saved" only after the fsync.
 */
export class Journal {
  private places = new Map<string, Place>();
  private readonly changed = new Set<string>();
  private readonly waiting: Waiter[] = [];
  private draining: Promise<void> | undefined;
  private identity: FileIdentity | undefined;
  private end = 0;
  private liveBytes = 0;
  /** The next write rewrites the file: there is none yet, or it holds an older format. */
  private rewrite = true;
  private owedBlanks: Place[] = [];
  private failure: unknown;
  private readonly opening = Symbol('opening');

  constructor(
    private readonly file: string,
    private readonly disk: JournalDisk,
    private readonly source: JournalSource,
    private readonly policy: CompactionPolicy,
  ) {}

  /** This object now owns the file in this process; an older one on it stops writing. */
  open(): void {
    openedLast.set(resolve(this.file), this.opening);
  }

  /** Continues a journal read from the file. */
  adopt(decoded: DecodedJournal, identity: FileIdentity): void {
    this.identity = identity;
    this.end = decoded.end;
    this.rewrite = false;
    this.owedBlanks = [...decoded.unblanked];
    for (const { collection, id, place } of decoded.documents) {
      this.places.set(key(collection, id), place);
      this.liveBytes += place.length + 1;
    }
  }

  /** The file holds something else (a snapshot of an earlier version, or nothing): the next write replaces it. */
  replaceAtNextWrite(identity: FileIdentity): void {
    this.identity = identity;
    this.rewrite = true;
  }

  /** The document changed (or went) in memory; resolves once the file holds that. */
  change(collection: string, id: string): Promise<void> {
    this.changed.add(key(collection, id));
    return this.schedule();
  }

  /** Rewrites the file with only what it holds now. */
  compact(): Promise<void> {
    this.rewrite = true;
    return this.schedule();
  }

  /** Finishes what a crash left: replaced lines not yet blanked. */
  finishBlanking(): Promise<void> {
    return this.owedBlanks.length > 0 ? this.schedule() : Promise.resolve();
  }

  /** Why the journal stopped writing, if it did: memory then holds changes the file does not. */
  get broken(): unknown {
    return this.failure;
  }

  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private schedule(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(new StoreUnavailable(this.failure));
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.draining ??= this.drain();
    return done;
  }

  private async drain(): Promise<void> {
    // The changes made in this turn of the event loop join the first batch.
    await Promise.resolve();
    while (this.waiting.length > 0) {
      const waiters = this.waiting.splice(0);
      const keys = [...this.changed];
      this.changed.clear();
      try {
        if (openedLast.get(resolve(this.file)) !== this.opening) throw new JournalChangedElsewhere(this.file);
        if (this.rewrite || this.tooLarge()) await this.writeAll();
        else await this.writeBatch(keys);
      } catch (error) {
        // Memory is now ahead of the file: stop, so that nothing else is acknowledged on top.
        this.failure = error;
        for (const waiter of [...waiters, ...this.waiting.splice(0)]) waiter.reject(new StoreUnavailable(error));
        break;
      }
      for (const waiter of waiters) waiter.resolve();
    }
    this.draining = undefined;
  }

  private tooLarge(): boolean {
    return this.end > Math.max(this.policy.minBytes, this.policy.ratio * this.liveBytes);
  }

  /** Appends the changed documents as they are now; encoded at once, so the batch is one moment. */
  private async writeBatch(keys: string[]): Promise<void> {
    const identity = this.identity as FileIdentity;
    const lines: string[] = [];
    const blanks = [...this.owedBlanks];
    const moved: Array<[string, Place | undefined]> = [];
    let offset = this.end;
    for (const k of keys) {
      const [collection, id] = split(k);
      const doc = this.source.document(collection, id);
      const before = this.places.get(k);
      if (doc === undefined && before === undefined) continue;
      const line = changeLine(collection, id, doc, before?.offset);
      const length = Buffer.byteLength(line) - 1;
      if (before) blanks.push(before);
      moved.push([k, doc === undefined ? undefined : { offset, length }]);
      lines.push(line);
      offset += length + 1;
    }
    if (lines.length === 0) {
      // Only blanks owed since a crash: what follows the last batch is left for the next one to cut.
      if (blanks.length > 0) this.identity = await this.disk.append(this.file, identity, identity.size, Buffer.alloc(0), blanks);
      this.owedBlanks = [];
      return;
    }
    lines.push(commitLine(lines.length));
    const bytes = Buffer.from(lines.join(''), 'utf8');
    this.identity = await this.disk.append(this.file, identity, this.end, bytes, blanks);
    this.end += bytes.length;
    this.owedBlanks = [];
    for (const [k, place] of moved) {
      const before = this.places.get(k);
      if (before) this.liveBytes -= before.length + 1;
      if (place) {
        this.places.set(k, place);
        this.liveBytes += place.length + 1;
      } else this.places.delete(k);
    }
  }

  /** Compaction: the file again, with only what it holds now; encoded at once, so it is one moment. */
  private async writeAll(): Promise<void> {
    const header = headerLine();
    const chunks: Buffer[] = [];
    const places = new Map<string, Place>();
    let lines = [header];
    let offset = Buffer.byteLength(header);
    let count = 0;
    for (const { collection, id, doc } of this.source.documents()) {
      const line = changeLine(collection, id, doc, undefined);
      const length = Buffer.byteLength(line) - 1;
      places.set(key(collection, id), { offset, length });
      offset += length + 1;
      count += 1;
      lines.push(line);
      if (lines.length === 1000) {
        chunks.push(Buffer.from(lines.join(''), 'utf8'));
        lines = [];
      }
    }
    const commit = commitLine(count);
    chunks.push(Buffer.from([...lines, commit].join(''), 'utf8'));
    this.identity = await this.disk.replace(this.file, this.identity, chunks);
    this.places = places;
    this.liveBytes = offset - Buffer.byteLength(header);
    this.end = offset + Buffer.byteLength(commit);
    this.rewrite = false;
    this.owedBlanks = [];
  }
}

/** Collection names hold no `/`; ids may. */
function key(collection: string, id: string): string {
  return `${collection}/${id}`;
}

function split(k: string): [string, string] {
  const slash = k.indexOf('/');
  return [k.slice(0, slash), k.slice(slash + 1)];
}
