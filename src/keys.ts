import { randomBytes } from 'node:crypto';
import { AmparoError } from './errors';

/**
 * The text of `AMPARO_DATA_KEY`: `<id>:<base64 of 32 bytes>[,<id>:<base64>…]`, current key
 * first. Read by the configuration and by the key ring's loader, written for the development
 * key; the sealing itself is in `src/services/crypto.ts`.
 */
export interface DataKey {
  id: string;
  key: Buffer;
}

/** A key id is stored beside every value sealed under it. */
export const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

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

/** A fresh key, as the text `parseDataKeys` reads. */
export function newDataKey(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}
