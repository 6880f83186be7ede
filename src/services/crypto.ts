import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Sealed } from '../domain/case';
import { AmparoError } from '../errors';

/**
 * Sealing of sensitive fields at rest (docs/ARCHITECTURE.md, "The store"): AES-256-GCM, a fresh IV per
 * value, the key id stored beside the ciphertext so keys can rotate, and the case id and
 * field name bound in as additional data so a sealed value cannot be moved to another case.
 * Format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
export interface DataKey {
  id: string;
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

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

  seal(plaintext: string, context: string): Sealed {
    const { id, key } = this.ordered[0] as DataKey;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
    return `v1.${id}.${parts.join('.')}` as Sealed;
  }

  open(sealed: Sealed, context: string): string {
    const [version, id, iv, tag, ciphertext] = sealed.split('.');
    const key = id === undefined ? undefined : this.keys.get(id);
    if (version !== 'v1' || key === undefined || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new Error(`cannot open a value sealed under key "${id ?? '?'}": the key is not configured`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** `AMPARO_DATA_KEY` syntax: `<id>:<base64 of 32 bytes>[,<id>:<base64>…]`, current key first. */
export function parseDataKeys(text: string): DataKey[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const colon = part.indexOf(':');
      if (colon < 1) throw new AmparoError('CONFIG_INVALID', 'operator.config.data_key_syntax');
      const id = part.slice(0, colon);
      const key = Buffer.from(part.slice(colon + 1), 'base64');
      if (!KEY_ID.test(id)) throw new AmparoError('CONFIG_INVALID', 'operator.config.data_key_id', { id });
      if (key.length !== 32) throw new AmparoError('CONFIG_INVALID', 'operator.config.data_key_length', { id, length: key.length });
      return { id, key };
    });
}

export function newDataKey(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}
