import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { decodeJournal, isJournal } from './embedded-format';
import { parseExtended, stringifyExtended } from './embedded-json';

/** Every collection's documents, by collection name. */
export type Snapshot = Record<string, unknown[]>;

/**
 * The embedded store's file as one snapshot of its collections. Versions before the journal
 * kept the store this way (`store.json`: one JSON document, dates as `{"$date": …}`); the store
 * reads such a file once and carries it into its journal (embedded-store.ts). Tools and tests
 * read either format here, and may write a snapshot for the store to take in at its next start.
 */
export async function readSnapshot(file: string): Promise<Snapshot | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!isJournal(bytes)) return parseSnapshot(bytes.toString('utf8'));
  const snapshot: Snapshot = {};
  for (const { collection, doc } of decodeJournal(bytes).documents) (snapshot[collection] ??= []).push(doc);
  return snapshot;
}

/** A snapshot as earlier versions wrote it; an empty file is an empty store. */
export function parseSnapshot(text: string): Snapshot {
  if (text.trim() === '') return {};
  const value = parseExtended(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('the embedded store\'s snapshot is not an object of collections');
  return value as Snapshot;
}

/** Writes a snapshot atomically (a temporary file, then a rename). */
export async function writeSnapshot(file: string, data: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, stringifyExtended(data), { mode: 0o600 });
  await rename(temporary, file);
}
