import { KeyRing, newDataKey, parseDataKeys } from '../../src/services/crypto';
import { isAmparoError } from '../../src/errors';
import { translate } from '../../src/i18n';

/** Sensitive fields at rest: AES-256-GCM, key id beside the ciphertext, bound to case and field. */
const keyA = { id: 'a2026', key: Buffer.alloc(32, 1) };
const keyB = { id: 'b2027', key: Buffer.alloc(32, 2) };

describe('sealing sensitive fields', () => {
  it('opens what it sealed, in every script, and never shows the plaintext in the sealed form', () => {
    const ring = new KeyRing([keyA]);
    for (const text of ['Ingrid Testdottir', 'أحمد المدافع', '王小明', 'Иван Петров', 'Élodie Núñez', '']) {
      const sealed = ring.seal(text, 'case-1:victim');
      expect(sealed.startsWith('v1.a2026.')).toBe(true);
      if (text) expect(sealed).not.toContain(text);
      expect(ring.open(sealed, 'case-1:victim')).toBe(text);
    }
  });

  it('uses a fresh IV each time, so equal texts do not look equal', () => {
    const ring = new KeyRing([keyA]);
    expect(ring.seal('same', 'c:f')).not.toBe(ring.seal('same', 'c:f'));
  });

  it('refuses a value moved to another case or field', () => {
    const ring = new KeyRing([keyA]);
    const sealed = ring.seal('secret', 'case-1:narrative');
    expect(() => ring.open(sealed, 'case-2:narrative')).toThrow();
    expect(() => ring.open(sealed, 'case-1:victim')).toThrow();
  });

  it('refuses a tampered ciphertext', () => {
    const ring = new KeyRing([keyA]);
    const sealed = ring.seal('secret', 'c:f');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => ring.open(parts.join('.') as typeof sealed, 'c:f')).toThrow();
  });

  it('after a rotation seals under the new key and still opens the old', () => {
    const old = new KeyRing([keyA]).seal('kept', 'c:f');
    const rotated = new KeyRing([keyB, keyA]);
    expect(rotated.seal('new', 'c:f').startsWith('v1.b2027.')).toBe(true);
    expect(rotated.open(old, 'c:f')).toBe('kept');
  });

  it('says which key is missing when a value was sealed under an unknown key', () => {
    const sealed = new KeyRing([keyA]).seal('x', 'c:f');
    expect(() => new KeyRing([keyB]).open(sealed, 'c:f')).toThrow(/a2026/);
  });

  it('reads AMPARO_DATA_KEY with several keys, current first, and rejects bad ones clearly', () => {
    const text = `${newDataKey('k2')},${newDataKey('k1')}`;
    expect(parseDataKeys(text).map((k) => k.id)).toEqual(['k2', 'k1']);
    const refusal = (text: string) => {
      try {
        parseDataKeys(text);
      } catch (error) {
        return isAmparoError(error) ? translate('en', error.messageKey, error.vars) : String(error);
      }
      return 'accepted';
    };
    expect(refusal('nokey')).toMatch(/<id>:<base64 key>/);
    expect(refusal(`k:${Buffer.alloc(16).toString('base64')}`)).toMatch(/must decode to 32 bytes \(it decodes to 16\)/);
    expect(refusal(`bad id:${Buffer.alloc(32).toString('base64')}`)).toMatch(/key id "bad id"/);
  });
});
