import { z } from 'zod/v4';
import { CASE_STATUSES, type Case } from '../domain/case';
import { committeeSchema, TREATY_BODIES, type Committee, type TreatyBody } from '../domain/committee';
import { EVENT_TYPES, verifyChain, type RegisterEvent } from '../domain/register';
import { AmparoError } from '../errors';
import type { CaseInformation } from '../domain/case-information';
import type { Contact } from '../domain/contacts';
import type { KeyRing } from './crypto';

/**
 * The archive file of `amparo export` and `amparo retention` (README, "Archives"). Two lines:
 *
 *   AMPARO-ARCHIVE/2 {"id":…,"committee":"CAT","createdAt":…,"purpose":"export","keyId":"k2026",
 *                     "sealedUnder":["k2025","k2026"],"cases":272,"events":1460,"keyCheck":"v2.k2026.…"}
 *   v2.k2026.<iv>.<tag>.<ciphertext>
 *
 * The header says what the file holds without opening it. The body is the committee's
 * settings and its cases exactly as stored (sensitive fields still sealed, under the keys
 * `sealedUnder` names) with their register entries, as JSON (dates as `{"$date": ISO}`),
 * sealed by `KeyRing.seal` (AES-256-GCM) under the current data key with the whole header line
 * as additional data: changing one byte of either fails the tag (a full 16-byte tag: a shorter one
 * is refused). `keyCheck` seals a constant, so a wrong key is told apart from an altered body.
 * Format 2 seals its body and key check in the sealed-value format v2 (padded); format 1, written
 * before, sealed them in v1 and is still read.
 *
 * The data keys, not a key of its own: the texts inside are sealed under them anyway, so an
 * archive can be opened exactly as long as those keys are kept, and there is no second secret
 * to lose. After `amparo keys rotate`, keep each older key listed in AMPARO_DATA_KEY (after
 * the current one) for as long as archives made under it are kept.
 */
const ARCHIVE_MAGIC = 'AMPARO-ARCHIVE';
const ARCHIVE_FORMAT = 2;
/** The sealed-value format of the body of each archive format read. */
const BODY_FORMATS: Record<number, string> = { 1: 'v1', 2: 'v2' };
const KEY_CHECK = 'amparo-archive';

const headerSchema = z.strictObject({
  id: z.string().min(1).max(64),
  committee: z.enum(TREATY_BODIES),
  createdAt: z.iso.datetime(),
  purpose: z.enum(['export', 'retention']),
  keyId: z.string().min(1).max(32),
  sealedUnder: z.array(z.string().min(1).max(32)),
  cases: z.int().min(0),
  events: z.int().min(0),
  keyCheck: z.string().min(1),
});
export type ArchiveHeader = z.infer<typeof headerSchema>;

export interface ArchivedCase {
  case: Case;
  events: RegisterEvent[];
  /** G13: the case's contacts, their summaries still sealed; absent in archives made before contacts were kept. */
  contacts?: Contact[];
  /** G10, G11: information added to the case, its texts still sealed; absent in archives made before it was kept. */
  information?: CaseInformation[];
}

export interface ArchiveContent {
  header: ArchiveHeader;
  committee: Committee | null;
  cases: ArchivedCase[];
}

/** Enough of a case to restore it safely; every other field is carried as it was. */
const caseShape = z.looseObject({
  _id: z.string().min(1),
  reference: z.string().min(1),
  committee: z.enum(TREATY_BODIES),
  status: z.enum(CASE_STATUSES),
  createdAt: z.date(),
  version: z.int().min(1),
  sealed: z.looseObject({ narrative: z.string(), victim: z.string() }),
  proposals: z.array(z.unknown()),
  reopenings: z.array(z.unknown()),
  outbox: z.array(z.unknown()),
});

const eventShape = z.strictObject({
  id: z.string().min(1),
  caseId: z.string().min(1),
  seq: z.int().min(1),
  at: z.date(),
  actorId: z.string(),
  type: z.enum(EVENT_TYPES),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])),
  prevHash: z.string(),
  hash: z.string(),
});

/** Enough of a contact (G13) to restore it safely; every other field is carried as it was. */
const contactShape = z.looseObject({
  _id: z.string().min(1),
  caseId: z.string().min(1),
  summary: z.string().min(1),
  recordedAt: z.date(),
});

/** Enough of an addition of information to restore it safely; every other field is carried as it was. */
const informationShape = z.looseObject({
  _id: z.string().min(1),
  caseId: z.string().min(1),
  text: z.string().min(1),
});

const bodySchema = z.strictObject({
  committee: committeeSchema.nullable(),
  cases: z.array(z.strictObject({ case: caseShape, events: z.array(eventShape), contacts: z.array(contactShape).optional(), information: z.array(informationShape).optional() })),
});

const refuse = (key: string, vars: Record<string, string | number> = {}) => new AmparoError('INVALID_INPUT', `archive.errors.${key}`, vars);
const keyProblem = (key: string, vars: Record<string, string | number>) => new AmparoError('CONFIG_INVALID', `archive.errors.${key}`, vars);

/** JSON with dates kept as dates, as the embedded store writes them. */
function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, item: unknown) {
    const original = this[key];
    return original instanceof Date ? { $date: original.toISOString() } : item;
  });
}

function decode(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const date = (value as { $date?: unknown }).$date;
      if (Object.keys(value).length === 1 && typeof date === 'string') return new Date(date);
    }
    return value;
  });
}

export interface ArchiveInput {
  id: string;
  committee: TreatyBody;
  createdAt: Date;
  purpose: ArchiveHeader['purpose'];
  settings: Committee | null;
  cases: ArchivedCase[];
  /** Every key id the cases' texts are sealed under. */
  sealedUnder: string[];
}

/** The archive's text: the header line, then the sealed body line. */
export function sealArchive(input: ArchiveInput, keys: KeyRing): { text: string; header: ArchiveHeader } {
  const header: ArchiveHeader = {
    id: input.id,
    committee: input.committee,
    createdAt: input.createdAt.toISOString(),
    purpose: input.purpose,
    keyId: keys.currentKeyId,
    sealedUnder: input.sealedUnder,
    cases: input.cases.length,
    events: input.cases.reduce((sum, c) => sum + c.events.length, 0),
    keyCheck: keys.seal(KEY_CHECK, `${ARCHIVE_MAGIC}:${input.id}`),
  };
  const headerLine = `${ARCHIVE_MAGIC}/${ARCHIVE_FORMAT} ${JSON.stringify(header)}`;
  const body = keys.seal(encode({ committee: input.settings, cases: input.cases }), headerLine);
  return { text: `${headerLine}\n${body}\n`, header };
}

/** The header alone, checked: what `amparo import` says before opening anything. */
function readHeader(text: string): { header: ArchiveHeader; headerLine: string; bodyLine: string; format: number } {
  const newline = text.indexOf('\n');
  const headerLine = newline < 0 ? text : text.slice(0, newline);
  const match = /^AMPARO-ARCHIVE\/(\d+) (.*)$/.exec(headerLine);
  if (!match) throw refuse('not_archive');
  const format = Number(match[1]);
  if (BODY_FORMATS[format] === undefined) throw refuse('unknown_format', { format, known: ARCHIVE_FORMAT });
  let raw: unknown;
  try {
    raw = JSON.parse(match[2] as string);
  } catch {
    throw refuse('header_damaged');
  }
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) throw refuse('header_damaged');
  const rest = newline < 0 ? '' : text.slice(newline + 1);
  const bodyLine = rest.endsWith('\n') ? rest.slice(0, -1) : rest;
  if (bodyLine === '' || bodyLine.includes('\n')) throw refuse('tampered');
  return { header: parsed.data, headerLine, bodyLine, format };
}

/**
 * Opens an archive: refuses a file that is not one, a format this version does not know, a
 * key that is missing or wrong, and any change to header or body, each with its own message.
 */
export function openArchive(text: string, keys: KeyRing): ArchiveContent {
  const { header, headerLine, bodyLine, format } = readHeader(text);
  if (!keys.has(header.keyId)) throw keyProblem('key_missing', { key: header.keyId });
  const missing = header.sealedUnder.filter((id) => !keys.has(id));
  if (missing.length > 0) throw keyProblem('text_keys_missing', { keys: missing.join(', ') });
  try {
    if (keys.open(header.keyCheck as ReturnType<KeyRing['seal']>, `${ARCHIVE_MAGIC}:${header.id}`) !== KEY_CHECK) throw new Error('key check');
  } catch {
    throw keyProblem('key_wrong', { key: header.keyId });
  }
  // Base64 can spell the same bytes in more than one way; only the spelling written is accepted.
  const parts = bodyLine.split('.');
  const canonical = parts.length === 5 && parts.slice(2).every((part) => Buffer.from(part, 'base64url').toString('base64url') === part);
  if (!canonical || parts[0] !== BODY_FORMATS[format] || parts[1] !== header.keyId) throw refuse('tampered');
  let body: string;
  try {
    body = keys.open(bodyLine as ReturnType<KeyRing['seal']>, headerLine);
  } catch {
    throw refuse('tampered');
  }
  let decoded: unknown;
  try {
    decoded = decode(body);
  } catch {
    throw refuse('content_invalid', { problem: 'not JSON' });
  }
  const parsed = bodySchema.safeParse(decoded);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw refuse('content_invalid', { problem: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}` });
  }
  // The raw cases, not zod's copies: field order and every field stay exactly as stored.
  const cases = (decoded as { cases: ArchivedCase[] }).cases;
  const events = cases.reduce((sum, c) => sum + c.events.length, 0);
  if (cases.length !== header.cases || events !== header.events) throw refuse('content_invalid', { problem: 'the counts differ from the header' });
  for (const { case: c, events: entries } of cases) {
    if (c.committee !== header.committee) throw refuse('content_invalid', { problem: `${c.reference} is not a case of ${header.committee}` });
    if (entries.some((e) => e.caseId !== c._id) || !verifyChain(entries).intact) throw refuse('content_invalid', { problem: `the register of ${c.reference} does not verify` });
  }
  for (const { case: c, contacts = [], information = [] } of cases) {
    if (contacts.some((k) => k.caseId !== c._id)) throw refuse('content_invalid', { problem: `a contact filed with ${c.reference} belongs to another case` });
    if (information.some((i) => i.caseId !== c._id)) throw refuse('content_invalid', { problem: `information filed with ${c.reference} belongs to another case` });
  }
  return { header, committee: parsed.data.committee, cases };
}
