import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Place } from './embedded-format';

/** Which file the journal wrote last, and how long: another writer changes one or the other. */
export interface FileIdentity {
  ino: number;
  size: number;
}

/**
 * What the journal asks of the file system, as one small interface so that a test can count
 * the bytes each change writes. Nothing here knows the journal's format.
 */
export interface JournalDisk {
  /** The file's bytes, or undefined when there is no file. */
  read(file: string): Promise<{ bytes: Buffer; identity: FileIdentity } | undefined>;
  /**
   * Cuts the file at `at`, writes `bytes` there and waits until they are on the disk; then
   * overwrites each of `blanks` with spaces (made durable by the next append's sync, and redone
   * at the next start after a crash). Refuses when the file is not `expected`.
   */
  append(file: string, expected: FileIdentity, at: number, bytes: Buffer, blanks: Place[]): Promise<FileIdentity>;
  /** Puts a new file made of `chunks` in place of `file` at once, durably. Refuses when the file is not `expected`. */
  replace(file: string, expected: FileIdentity | undefined, chunks: Buffer[]): Promise<FileIdentity>;
  /** Removes what a rewrite a crash interrupted left beside `file`: never the store, yet a copy of it. */
  removeUnfinished(file: string): Promise<void>;
}

/** Another store object or process wrote the file: this one's picture of it is out of date. */
export class JournalChangedElsewhere extends Error {
  constructor(file: string) {
    super(`${file} was opened or changed by another writer; the embedded store allows one at a time`);
    this.name = 'JournalChangedElsewhere';
  }
}

export const nodeDisk: JournalDisk = {
  async read(file) {
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const { ino } = await handle.stat();
      const bytes = await handle.readFile();
      return { bytes, identity: { ino, size: bytes.length } };
    } finally {
      await handle.close();
    }
  },

  async append(file, expected, at, bytes, blanks) {
    const handle = await open(file, 'r+');
    try {
      const { ino, size } = await handle.stat();
      if (ino !== expected.ino || size !== expected.size) throw new JournalChangedElsewhere(file);
      if (size > at) await handle.truncate(at);
      if (bytes.length > 0) await handle.write(bytes, 0, bytes.length, at);
      await handle.datasync();
      for (const blank of blanks) await handle.write(Buffer.alloc(blank.length, 0x20), 0, blank.length, blank.offset);
      return { ino, size: at + bytes.length };
    } finally {
      await handle.close();
    }
  },

  async replace(file, expected, chunks) {
    const current = await identityOf(file);
    if (current?.ino !== expected?.ino || current?.size !== expected?.size) throw new JournalChangedElsewhere(file);
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const making = unfinished(file);
    const handle = await open(making, 'w', 0o600);
    let size = 0;
    try {
      for (const chunk of chunks) {
        await handle.write(chunk, 0, chunk.length, size);
        size += chunk.length;
      }
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(making, file);
    await syncDirectory(dirname(file));
    const made = await identityOf(file);
    if (made?.size !== size) throw new JournalChangedElsewhere(file);
    return made;
  },

  async removeUnfinished(file) {
    let names: string[];
    try {
      names = await readdir(dirname(file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    // Ours, and the temporary snapshots of versions before the journal (`store.json.<pid>.tmp`).
    const leftover = new RegExp(`^${escape(basename(file))}\\.(compacting|\\d+\\.tmp)$`);
    for (const name of names.filter((n) => leftover.test(n))) await rm(join(dirname(file), name), { force: true });
  },
};

/** The one name of a file in the making, beside the store's. */
function unfinished(file: string): string {
  return `${file}.compacting`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function identityOf(file: string): Promise<FileIdentity | undefined> {
  try {
    const handle = await open(file, 'r');
    try {
      const { ino, size } = await handle.stat();
      return { ino, size };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The rename is durable only once the folder is: without this a crash can bring the old file back. */
async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a folder as a file; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
