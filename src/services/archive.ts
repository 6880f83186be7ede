import { open, readFile } from 'node:fs/promises';
import type { Clock, IdSource } from '../clock';
import { isDestroyed, sealedKeyId, sealedKeyIds, type Case } from '../domain/case';
import { committeeSchema, type Committee, type TreatyBody } from '../domain/committee';
import { AmparoError } from '../errors';
import { StoreConflict, type Store } from '../store/store';
import { openArchive, sealArchive, type ArchiveContent, type ArchivedCase, type ArchiveHeader } from './archive-format';
import type { KeyRing } from './crypto';
import type { RegisterService } from './register';

export interface ArchiveDeps {
  store: Store;
  keys: KeyRing;
  clock: Clock;
  ids: IdSource;
  register: RegisterService;
}

/** Hears `done` of `total` cases as the work goes (the command line draws a bar from it). */
export type Progress = (done: number, total: number) => void;

export interface ImportReport {
  header: ArchiveHeader;
  /** Cases written, and their register entries. */
  imported: number;
  events: number;
  /** Cases already here exactly as archived (an import run again, or resumed). */
  alreadyPresent: number;
  settings: 'saved' | 'kept' | 'none';
}

/** At most this many conflicting references are named in the refusal. */
const NAMED_CONFLICTS = 10;

/**
 * Export and import of a committee's record (README, "Archives"): its cases exactly as stored,
 * their registers and the committee's settings, in one sealed file (see archive-format.ts).
 * Import never overwrites: it refuses the whole archive, before writing anything, when a case
 * with the same id or reference is already stored in another version.
 */
export class ArchiveService {
  constructor(private readonly deps: ArchiveDeps) {}

  /** The committee's cases (or those `only` keeps), each at its latest version, with its register. */
  async collect(committee: TreatyBody, onProgress: Progress = () => {}, only: (c: Case) => boolean = () => true): Promise<ArchivedCase[]> {
    const { store } = this.deps;
    const listed = (await store.listCases({ committees: [committee] })).filter(only);
    const cases: ArchivedCase[] = [];
    for (const [index, c] of listed.entries()) {
      const latest = (await store.getCase(c._id)) ?? c;
      const contacts = await store.listContacts(c._id);
      const information = await store.listCaseInformation(c._id);
      cases.push({ case: latest, events: await store.listEvents(c._id), ...(contacts.length > 0 ? { contacts } : {}), ...(information.length > 0 ? { information } : {}) });
      onProgress(index + 1, listed.length);
    }
    return cases;
  }

  /** Writes the archive to `file` (mode 0600; an existing file is never replaced) and flushes it to disk. */
  async write(file: string, committee: TreatyBody, settings: Committee | null, cases: ArchivedCase[], purpose: ArchiveHeader['purpose']): Promise<ArchiveHeader> {
    const contactKeys = cases.flatMap((c) => (c.contacts ?? []).filter((k) => !isDestroyed(k.summary)).map((k) => sealedKeyId(k.summary)));
    const informationKeys = cases.flatMap((c) => (c.information ?? []).filter((i) => !isDestroyed(i.text)).map((i) => sealedKeyId(i.text)));
    const sealedUnder = [...new Set([...cases.flatMap((c) => sealedKeyIds(c.case)), ...contactKeys, ...informationKeys])].sort();
    const { text, header } = sealArchive({ id: this.deps.ids.next(), committee, createdAt: this.deps.clock.now(), purpose, settings, cases, sealedUnder }, this.deps.keys);
    let handle;
    try {
      handle = await open(file, 'wx', 0o600);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new AmparoError('INVALID_INPUT', 'archive.errors.file_exists', { file });
      throw new AmparoError('INVALID_INPUT', 'archive.errors.file_unwritable', { file, reason: code ?? 'unknown' });
    }
    try {
      await handle.chmod(0o600);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    return header;
  }

  /** Reads and opens an archive file (see `openArchive` for what is refused). */
  async read(file: string): Promise<ArchiveContent> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new AmparoError('INVALID_INPUT', 'archive.errors.file_unreadable', { file, reason: (error as NodeJS.ErrnoException).code ?? 'unknown' });
    }
    return openArchive(text, this.deps.keys);
  }

  /**
   * Restores the archive's cases and registers. Each register entry goes in before its case,
   * so an interrupted import can be run again: entries and cases already here as archived
   * are skipped. Outbox entries not yet in the register are moved there, as the server would.
   */
  async import(content: ArchiveContent, onProgress: Progress = () => {}): Promise<ImportReport> {
    const { store, register } = this.deps;
    const present = new Set<string>();
    const conflicts: string[] = [];
    for (const { case: c } of content.cases) {
      const sameId = await store.getCase(c._id);
      const sameReference = await store.findCaseByReference(c.reference);
      if (sameId && sameReference && sameId._id === sameReference._id && sameId.version === c.version && sameId.reference === c.reference) present.add(c._id);
      else if (sameId || sameReference) conflicts.push(c.reference);
    }
    if (conflicts.length > 0) {
      throw new AmparoError('CONFLICT', 'archive.errors.conflict', { count: conflicts.length, references: conflicts.slice(0, NAMED_CONFLICTS).join(', ') });
    }
    const report: ImportReport = { header: content.header, imported: 0, events: 0, alreadyPresent: present.size, settings: 'none' };
    if (content.committee) {
      if (await store.getCommittee(content.committee._id)) report.settings = 'kept';
      else {
        await store.saveCommittee(committeeSchema.parse(content.committee));
        report.settings = 'saved';
      }
    }
    for (const [index, { case: c, events, contacts = [], information = [] }] of content.cases.entries()) {
      if (!present.has(c._id)) {
        for (const entry of events) {
          const existing = await store.getEvent(entry.id);
          if (existing && existing.hash === entry.hash && existing.caseId === entry.caseId) continue;
          if (existing) throw new AmparoError('CONFLICT', 'archive.errors.conflict', { count: 1, references: c.reference });
          await store.appendEvent(entry);
          report.events += 1;
        }
        await store.insertCase(c);
        await register.flush(c._id);
        report.imported += 1;
      }
      // G13: a contact already here (an import run again) is left as it is.
      for (const contact of contacts) {
        await store.insertContact(contact).catch((error: unknown) => {
          if (!(error instanceof StoreConflict)) throw error;
        });
      }
      // Information already here (an import run again) is left as it is too.
      for (const added of information) {
        await store.insertCaseInformation(added).catch((error: unknown) => {
          if (!(error instanceof StoreConflict)) throw error;
        });
      }
      onProgress(index + 1, content.cases.length);
    }
    return report;
  }
}
