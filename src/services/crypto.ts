import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Sealed } from '../domain/case';
import { KEY_ID, type DataKey } from '../keys';

/**
 * Sealing of sensitive fields at rest (docs/ARCHITECTURE.md, "The store"): AES-256-GCM with a
 * 16-byte tag, a fresh 96-bit IV per value, the key id stored beside the ciphertext so keys can
 * rotate, and a context bound in as additional data so a sealed value cannot be moved (to another
 * case, field, proposal or reopening: `caseBinding`).
 *
 * Format `v2.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts): the text is framed as its UTF-8
 * length (4 bytes, big-endian) and its bytes, then zero-padded to a multiple of 256 bytes, so a
 * dump tells the size of a text only in steps of 256 bytes; the additional data is `v2:<context>`.
 * Format v1 (the same parts, the text unpadded, the context alone as additional data) is still
 * opened; `amparo keys rotate` seals v1 values again as v2.
 */
const FORMAT = 'v2';
const IV_BYTES = 12;
/** GCM accepts shorter tags, which are easier to forge: only the full tag is written or accepted. */
const TAG_BYTES = 16;
const PAD_BYTES = 256;
const LENGTH_BYTES = 4;

/**
 * What a value is bound to: one context, or, where the binding was narrowed since format v1, the
 * context a v2 value is bound to and the one a v1 value was sealed under (`caseBinding`).
 */
export type Binding = string | { context: string; v1: string };

/**
 * The binding of a case's sealed value: `<case id>:<field>`; a note of a proposal or a reopening
 * (`owner`, e.g. `proposal:<id>`, `reopening:<number>`: `mapSealed` names it) is bound to it too,
 * `<case id>:<owner>:<field>`, so it cannot be moved to another proposal or reopening of the case.
 * Values sealed in format v1 were bound to case and field only, and open so until rotated.
 */
export function caseBinding(caseId: string, field: string, owner?: string): Binding {
  const v1 = `${caseId}:${field}`;
  return owner === undefined ? v1 : { context: `${caseId}:${owner}:${field}`, v1 };
}

const contextOf = (binding: Binding, format: string): string => (typeof binding === 'string' ? binding : format === 'v1' ? binding.v1 : binding.context);
const additionalData = (format: string, context: string) => Buffer.from(format === 'v1' ? context : `${format}:${context}`, 'utf8');

function frame(plaintext: string): Buffer {
  const text = Buffer.from(plaintext, 'utf8');
  const framed = Buffer.alloc(Math.ceil((LENGTH_BYTES + text.length) / PAD_BYTES) * PAD_BYTES);
  framed.writeUInt32BE(text.length, 0);
  text.copy(framed, LENGTH_BYTES);
  return framed;
}

function unframe(framed: Buffer): string {
  const length = framed.length >= LENGTH_BYTES ? framed.readUInt32BE(0) : -1;
  const end = LENGTH_BYTES + length;
  if (length < 0 || framed.length % PAD_BYTES !== 0 || end > framed.length || framed.subarray(end).some((byte) => byte !== 0)) {
    throw new Error('a sealed value is not framed as sealing frames it');
  }
  return framed.subarray(LENGTH_BYTES, end).toString('utf8');
}

export class KeyRing {
  private readonly keys: Map<string, Buffer>;

  /** The first key seals; all of them open. */
  constructor(private readonly ordered: DataKey[]) {
    if (ordered.length === 0) throw new Error('a key ring needs at least one key');
    for (const { id, key } of ordered) {
      if (!KEY_ID.test(id)) throw new Error(`key id "${id}" must be 1-32 letters, digits, _ or -`);
      if (key.length !== 32) throw new Error(`key "${id}" must be 32 bytes`);
    }
    this.keys = new Map(ordered.map(({ id, key }) => [id, key]));
  }

  get currentKeyId(): string {
    return (this.ordered[0] as DataKey).id;
  }

  /** Whether a key of this id is configured (to say which key is missing before trying). */
  has(id: string): boolean {
    return this.keys.has(id);
  }

  /** Whether a value is sealed as `seal` seals now: the current format, under the current key. */
  isCurrent(sealed: Sealed): boolean {
    return sealed.startsWith(`${FORMAT}.${this.currentKeyId}.`);
  }

  seal(plaintext: string, binding: Binding): Sealed {
    const { id, key } = this.ordered[0] as DataKey;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(FORMAT, contextOf(binding, FORMAT)));
    const ciphertext = Buffer.concat([cipher.update(frame(plaintext)), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
    return `${FORMAT}.${id}.${parts.join('.')}` as Sealed;
  }

  open(sealed: Sealed, binding: Binding): string {
    const parts = sealed.split('.');
    const [format, id, iv, tag, ciphertext] = parts;
    if (parts.length !== 5 || (format !== 'v1' && format !== FORMAT)) throw new Error(`cannot open a value sealed in an unknown format ("${format ?? '?'}")`);
    const key = this.keys.get(id as string);
    if (key === undefined) throw new Error(`cannot open a value sealed under key "${id ?? '?'}": the key is not configured`);
    const ivBytes = Buffer.from(iv as string, 'base64url');
    const tagBytes = Buffer.from(tag as string, 'base64url');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new Error('cannot open a sealed value whose IV or tag has the wrong length');
    const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(format, contextOf(binding, format)));
    decipher.setAuthTag(tagBytes);
    const opened = Buffer.concat([decipher.update(Buffer.from(ciphertext as string, 'base64url')), decipher.final()]);
    return format === 'v1' ? opened.toString('utf8') : unframe(opened);
  }
}

