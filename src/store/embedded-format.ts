import { parseExtended, stringifyExtended } from './embedded-json';

/**
 * The embedded store's journal: UTF-8, one JSON value a line.
 *
 *   {"journal":"amparo-embedded-store","version":1}        the header, always the first line
 *   {"c":"cases","id":"case-1","put":{…},"was":1234}       a document as it now is
 *   {"c":"heldSubmissions","id":"slack:T:V1","was":5678}   a document removed
 *   {"commit":2}                                           the end of a batch of two changes
 *
 * A batch is what one fsync made durable. `was` is the byte offset of the line that held the
 * document before; once the batch is durable that line is overwritten with spaces, so what a
 * change replaced does not stay in the file (the Store port: "what it replaces is gone").
 * Reading accepts exactly what a crash can leave: an unfinished last batch (ignored, and cut
 * off at the next write) and a replaced line half overwritten. Anything else that does not read
 * is damage, and the store refuses to start rather than guess.
 */
const JOURNAL_VERSION = 1;
const HEADER = `{"journal":"amparo-embedded-store","version":`;

/** A line of the file, without its newline. */
export interface Place {
  offset: number;
  length: number;
}

interface StoredDocument {
  collection: string;
  id: string;
  doc: unknown;
  /** The line holding the document. */
  place: Place;
}

export interface DecodedJournal {
  /** The documents as the last complete batch left them, in the order they were first stored. */
  documents: StoredDocument[];
  /** Where the next batch goes: after the last complete batch (an unfinished one is cut off). */
  end: number;
  /** Replaced lines that still hold their text: a crash came before they were overwritten. */
  unblanked: Place[];
}

export class JournalDamaged extends Error {
  constructor(
    readonly offset: number,
    detail: string,
  ) {
    super(`the embedded store's journal is damaged at byte ${offset}: ${detail}`);
    this.name = 'JournalDamaged';
  }
}

export function isJournal(bytes: Buffer): boolean {
  return bytes.subarray(0, HEADER.length).toString('utf8') === HEADER;
}

export function headerLine(): string {
  return `${HEADER}${JOURNAL_VERSION}}\n`;
}

/** A document as it now is, or (`doc` undefined) its removal; `was` the line it replaces. */
export function changeLine(collection: string, id: string, doc: unknown, was: number | undefined): string {
  return `${stringifyExtended({ c: collection, id, ...(doc === undefined ? {} : { put: doc }), ...(was === undefined ? {} : { was }) })}\n`;
}

export function commitLine(changes: number): string {
  return `{"commit":${changes}}\n`;
}

type Line =
  | { place: Place; kind: 'change'; collection: string; id: string; doc: unknown; was: number | undefined }
  | { place: Place; kind: 'commit'; changes: number }
  | { place: Place; kind: 'blank' }
  | { place: Place; kind: 'unreadable' };

export function decodeJournal(bytes: Buffer): DecodedJournal {
  const [header, ...rest] = completeLines(bytes);
  if (!header || !isJournal(bytes)) throw new JournalDamaged(0, 'no journal header');
  const version = (parseExtended(text(bytes, header)) as { version?: unknown }).version;
  if (version !== JOURNAL_VERSION) throw new JournalDamaged(0, `format version ${String(version)}, this Amparo reads ${JOURNAL_VERSION}`);
  const lines = durablePrefix(rest.map((place) => classify(bytes, place)));
  const replaced = replacedLines(lines);
  checkBatches(lines, replaced);

  const documents = new Map<string, StoredDocument>();
  for (const line of lines) {
    if (line.kind !== 'change' || replaced.has(line.place.offset)) continue;
    const key = `${line.collection}/${line.id}`;
    if (line.doc === undefined) documents.delete(key);
    else documents.set(key, { collection: line.collection, id: line.id, doc: line.doc, place: line.place });
  }
  const last = lines.at(-1)?.place ?? header;
  return {
    documents: [...documents.values()],
    end: last.offset + last.length + 1,
    unblanked: lines.filter((l) => replaced.has(l.place.offset) && l.kind !== 'blank').map((l) => l.place),
  };
}

/** The lines ended by a newline; bytes after the last newline are a write that never finished. */
function completeLines(bytes: Buffer): Place[] {
  const places: Place[] = [];
  for (let offset = 0; ; ) {
    const newline = bytes.indexOf(0x0a, offset);
    if (newline < 0) return places;
    places.push({ offset, length: newline - offset });
    offset = newline + 1;
  }
}

function text(bytes: Buffer, place: Place): string {
  return bytes.toString('utf8', place.offset, place.offset + place.length);
}

function classify(bytes: Buffer, place: Place): Line {
  const source = text(bytes, place);
  if (source.trim() === '') return { place, kind: 'blank' };
  let value: unknown;
  try {
    value = parseExtended(source);
  } catch {
    // Whether an unreadable line is harmless depends on where it is: decided by the caller.
    return { place, kind: 'unreadable' };
  }
  const line = value as { commit?: unknown; c?: unknown; id?: unknown; put?: unknown; was?: unknown };
  if (value === null || typeof value !== 'object') return { place, kind: 'unreadable' };
  if (Number.isInteger(line.commit)) return { place, kind: 'commit', changes: line.commit as number };
  if (typeof line.c !== 'string' || typeof line.id !== 'string') return { place, kind: 'unreadable' };
  if (line.was !== undefined && !Number.isInteger(line.was)) return { place, kind: 'unreadable' };
  return { place, kind: 'change', collection: line.c, id: line.id, doc: line.put, was: line.was as number | undefined };
}

/**
 * The lines up to the last complete batch. A batch is written whole before the next begins,
 * so only the last one can be unfinished: without its commit line, or with a line a crash
 * left unwritten (the commit line can reach the disk before an earlier line does).
 */
function durablePrefix(lines: Line[]): Line[] {
  const commits = lines.flatMap((line, index) => (line.kind === 'commit' ? [index] : []));
  const last = commits.at(-1);
  if (last === undefined) return [];
  const previous = commits.at(-2) ?? -1;
  const lastBatchWhole = lines.slice(previous + 1, last).every((line) => line.kind !== 'unreadable');
  return lines.slice(0, lastBatchWhole ? last + 1 : previous + 1);
}

/** Offsets of lines a later durable change replaced (and so may have been blanked, wholly or partly). */
function replacedLines(lines: Line[]): Set<number> {
  const earlier = new Map<number, Line>();
  const replaced = new Set<number>();
  for (const line of lines) {
    if (line.kind === 'change' && line.was !== undefined) {
      const target = earlier.get(line.was);
      if (!target || replaced.has(line.was)) throw new JournalDamaged(line.place.offset, `"was" ${line.was} is not an earlier change still in force`);
      if (target.kind === 'change' && (target.collection !== line.collection || target.id !== line.id)) throw new JournalDamaged(line.place.offset, `"was" ${line.was} holds another document`);
      replaced.add(line.was);
    }
    if (line.kind !== 'commit') earlier.set(line.place.offset, line);
  }
  return replaced;
}

/** Every durable batch is whole: its lines all read (or were replaced later) and its commit counts them. */
function checkBatches(lines: Line[], replaced: Set<number>): void {
  let changes = 0;
  for (const line of lines) {
    if (line.kind === 'unreadable' && !replaced.has(line.place.offset)) throw new JournalDamaged(line.place.offset, 'a line of a completed batch does not read');
    if (line.kind !== 'commit') changes += 1;
    else if (line.changes !== changes) throw new JournalDamaged(line.place.offset, `the batch has ${changes} changes, its commit says ${line.changes}`);
    else changes = 0;
  }
}
