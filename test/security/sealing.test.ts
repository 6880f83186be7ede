import { createCipheriv, randomBytes } from 'node:crypto';
import type { Sealed } from '../../src/domain/case';
import { isAmparoError } from '../../src/errors';
import { translate } from '../../src/i18n';
import { openArchive, sealArchive } from '../../src/services/archive-format';
import { caseBinding, KeyRing } from '../../src/services/crypto';
import { newDataKey, parseDataKeys, type DataKey } from '../../src/keys';

/** Sensitive fields at rest: AES-256-GCM, key id beside the ciphertext, bound to case and field. */
const keyA = { id: 'a2026', key: Buffer.alloc(32, 1) };
const keyB = { id: 'b2027', key: Buffer.alloc(32, 2) };

/** A value as format v1 sealed it (unpadded, the context alone as additional data): stored values of then must still open. */
function sealV1({ id, key }: DataKey, text: string, context: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `v1.${id}.${[iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url')).join('.')}` as Sealed;
}

/** The same value with its tag cut to its first `bytes` bytes. */
function shortTag(sealed: string, bytes: number): Sealed {
  const parts = sealed.split('.');
  parts[3] = Buffer.from(parts[3] as string, 'base64url').subarray(0, bytes).toString('base64url');
  return parts.join('.') as Sealed;
}

describe('sealing sensitive fields', () => {
  it('opens what it sealed, in every script, and never shows the plaintext in the sealed form', () => {
    const ring = new KeyRing([keyA]);
    for (const text of ['Ingrid Testdottir', 'أحمد المدافع', '王小明', 'Иван Петров', 'Élodie Núñez', '']) {
      const sealed = ring.seal(text, 'case-1:victim');
      expect(sealed.startsWith('v2.a2026.')).toBe(true);
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
    expect(rotated.seal('new', 'c:f').startsWith('v2.b2027.')).toBe(true);
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

  it('refuses a value whose tag was cut short, in either format', () => {
    const ring = new KeyRing([keyA]);
    for (const sealed of [ring.seal('secret', 'c:f'), sealV1(keyA, 'secret', 'c:f')]) {
      expect(ring.open(sealed, 'c:f')).toBe('secret');
      for (const bytes of [4, 8, 12, 15]) expect(() => ring.open(shortTag(sealed, bytes), 'c:f')).toThrow();
    }
  });

  it('does not tell the length of a text: every value is padded to a step of 256 bytes', () => {
    const ring = new KeyRing([keyA]);
    const size = (text: string) => ring.seal(text, 'c:f').length;
    const name = size('Ana');
    expect(size('')).toBe(name);
    expect(size('x'.repeat(200))).toBe(name);
    expect(size('王'.repeat(84))).toBe(name);
    expect(size('x'.repeat(253))).toBeGreaterThan(name);
    expect(size('x'.repeat(253))).toBe(size('x'.repeat(500)));
    for (const text of ['', 'Ana', 'x'.repeat(252), 'x'.repeat(253), '王'.repeat(1000), 'a\u0000b\u0000']) expect(ring.open(ring.seal(text, 'c:f'), 'c:f')).toBe(text);
  });

  it('still opens values sealed in format v1, and binds the format: a value relabelled as the other does not open', () => {
    const ring = new KeyRing([keyA]);
    const old = sealV1(keyA, 'kept from before', 'case-1:victim');
    expect(ring.open(old, 'case-1:victim')).toBe('kept from before');
    expect(() => ring.open(old, 'case-2:victim')).toThrow();
    const relabel = (sealed: string, to: string) => `${to}${sealed.slice(2)}` as Sealed;
    expect(() => ring.open(relabel(old, 'v2'), 'case-1:victim')).toThrow();
    expect(() => ring.open(relabel(ring.seal('new', 'case-1:victim'), 'v1'), 'case-1:victim')).toThrow();
    expect(() => ring.open(relabel(old, 'v3'), 'case-1:victim')).toThrow();
  });

  it('binds a note of a proposal to that proposal; a note sealed before (v1) opens under the case and field alone', () => {
    const ring = new KeyRing([keyA]);
    const first = caseBinding('case-1', 'doNoHarm', 'proposal:p1');
    const second = caseBinding('case-1', 'doNoHarm', 'proposal:p2');
    const sealed = ring.seal('low exposure', first);
    expect(ring.open(sealed, first)).toBe('low exposure');
    expect(() => ring.open(sealed, second)).toThrow();
    expect(() => ring.open(sealed, 'case-1:doNoHarm')).toThrow();
    const old = sealV1(keyA, 'written before', 'case-1:doNoHarm');
    expect(ring.open(old, first)).toBe('written before');
    expect(ring.open(old, second)).toBe('written before');
    expect(ring.isCurrent(sealed)).toBe(true);
    expect(ring.isCurrent(old)).toBe(false);
    expect(new KeyRing([keyB, keyA]).isCurrent(sealed)).toBe(false);
  });

  it('refuses an archive whose tags were cut short', () => {
    const ring = new KeyRing([keyA]);
    const { text } = sealArchive({ id: 'a1', committee: 'CAT', createdAt: new Date('2026-05-01T00:00:00Z'), purpose: 'export', settings: null, cases: [], sealedUnder: [] }, ring);
    expect(openArchive(text, ring).cases).toEqual([]);
    const [headerLine, body] = text.split('\n') as [string, string];
    const refusal = (archive: string) => {
      try {
        openArchive(archive, ring);
      } catch (error) {
        return isAmparoError(error) ? error.messageKey : String(error);
      }
      return 'opened';
    };
    expect(refusal(`${headerLine}\n${shortTag(body, 4)}\n`)).toBe('archive.errors.tampered');
  });

  it('still opens an archive of format 1 (its body sealed in v1), and refuses one whose body format does not match its own', () => {
    const header = { id: 'old1', committee: 'CAT', createdAt: '2025-05-01T00:00:00.000Z', purpose: 'export', keyId: keyA.id, sealedUnder: [], cases: 0, events: 0, keyCheck: sealV1(keyA, 'amparo-archive', 'AMPARO-ARCHIVE:old1') };
    const headerLine = `AMPARO-ARCHIVE/1 ${JSON.stringify(header)}`;
    const body = sealV1(keyA, JSON.stringify({ committee: null, cases: [] }), headerLine);
    const ring = new KeyRing([keyB, keyA]);
    expect(openArchive(`${headerLine}\n${body}\n`, ring)).toMatchObject({ header: { id: 'old1' }, cases: [] });
    const relabelled = headerLine.replace('AMPARO-ARCHIVE/1', 'AMPARO-ARCHIVE/2');
    expect(() => openArchive(`${relabelled}\n${body}\n`, ring)).toThrow(expect.objectContaining({ messageKey: 'archive.errors.tampered' }));
  });
});
