import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineCommittee } from '../../src/domain/committee';
import type { AmparoError } from '../../src/errors';
import { ArchiveService } from '../../src/services/archive';
import { openArchive } from '../../src/services/archive-format';
import { KeyRing } from '../../src/services/crypto';
import { MaintenanceService } from '../../src/services/maintenance';
import { RegisterService } from '../../src/services/register';
import { EmbeddedStore } from '../../src/store/embedded-store';
import type { Store } from '../../src/store/store';
import { TestClock, sequentialIds } from '../support/clock';
import { TEST_KEY } from '../support/harness';
import { planRegister, storeRegister } from '../support/register-generator';
import { openedJson, sealedTexts, storeWithRegister } from '../support/sealed-register';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * Archives: export -> wipe -> import restores byte-identical decrypted
 * cases and a register that verifies (G11, G32: the record and its history survive intact);
 * an altered archive, a wrong key or an unknown format is refused with its own message.
 */
const NOW = new Date('2027-09-01T10:00:00Z');
/** A few hundred cases on each store. */
const CASES = 240;

function services(store: Store, keys = TEST_KEY) {
  const ids = sequentialIds('archive');
  const register = new RegisterService(store, ids);
  return {
    archive: new ArchiveService({ store, keys, clock: new TestClock(NOW), ids, register }),
    maintenance: new MaintenanceService({ store, keys, clock: new TestClock(NOW), ids, register }),
  };
}

async function refusal(run: () => unknown): Promise<AmparoError> {
  try {
    await run();
  } catch (error) {
    return error as AmparoError;
  }
  throw new Error('expected a refusal');
}

describe.each(STORE_KINDS)('archives on the %s store', (kind) => {
  let source: StoreUnderTest;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amparo-archive-'));
    file = join(dir, 'cat.amparo');
    source = await storeWithRegister(kind, 'archive-src', planRegister(CASES, ['CAT', 'CCPR'], 11), sealedTexts(TEST_KEY));
    await source.store.saveCommittee(defineCommittee({ _id: 'CAT', name: 'Committee against Torture', retentionYears: 5 }));
    // Some cases changed since they were stored: their version is not 1 any more.
    for (const c of (await source.store.listCases({ committees: ['CAT'] })).slice(0, 20)) await source.store.replaceCase({ ...c, version: c.version + 1 }, c.version);
  });

  afterAll(async () => {
    await source.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('G11, G32: export -> wipe -> import restores byte-identical decrypted cases, their registers and the settings', async () => {
    const { archive } = services(source.store);
    const progress: string[] = [];
    const header = await archive.write(file, 'CAT', await source.store.getCommittee('CAT'), await archive.collect('CAT', (done, total) => progress.push(`${done}/${total}`)), 'export');
    const cat = await source.store.listCases({ committees: ['CAT'] });
    expect(cat.length).toBeGreaterThan(CASES / 3);
    expect(header).toMatchObject({ committee: 'CAT', cases: cat.length, keyId: 'test1', sealedUnder: ['test1'], purpose: 'export' });
    expect(progress.at(-1)).toBe(`${cat.length}/${cat.length}`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('Narrative');
    expect(text).not.toContain(cat[0]?.sealed.narrative);

    const wiped = await openStore(kind, 'archive-dst');
    try {
      const target = services(wiped.store);
      const report = await target.archive.import(await target.archive.read(file));
      expect(report).toMatchObject({ imported: cat.length, events: header.events, alreadyPresent: 0, settings: 'saved' });
      for (const c of cat) {
        const [before, restored] = await Promise.all([source.store.getCase(c._id), wiped.store.getCase(c._id)]);
        expect(restored && openedJson(restored, TEST_KEY)).toBe(before && openedJson(before, TEST_KEY));
        expect(JSON.stringify(restored)).toBe(JSON.stringify(before));
        expect(JSON.stringify(await wiped.store.listEvents(c._id))).toBe(JSON.stringify(await source.store.listEvents(c._id)));
      }
      expect(await wiped.store.listCases({ committees: ['CCPR'] })).toEqual([]);
      expect((await wiped.store.getCommittee('CAT'))?.retentionYears).toBe(5);
      const audit = await target.maintenance.verifyRegister();
      expect(audit).toMatchObject({ cases: cat.length, entries: header.events, broken: [] });

      // Run again (or resumed after an interruption): what is there is skipped, nothing doubles.
      const again = await target.archive.import(await target.archive.read(file));
      expect(again).toMatchObject({ imported: 0, events: 0, alreadyPresent: cat.length, settings: 'kept' });
      expect((await target.maintenance.verifyRegister()).entries).toBe(header.events);
    } finally {
      await wiped.dispose();
    }
  });

  it('refuses the whole archive, writing nothing, when another case holds one of its references', async () => {
    const other = await openStore(kind, 'archive-conflict');
    try {
      const [first] = await source.store.listCases({ committees: ['CAT'] });
      await other.store.insertCase({ ...(first as NonNullable<typeof first>), _id: 'someone-else', submissionKey: 'other' });
      const before = await other.rawDump();
      const target = services(await other.reopen());
      const error = await refusal(async () => target.archive.import(await target.archive.read(file)));
      expect(error).toMatchObject({ code: 'CONFLICT', messageKey: 'archive.errors.conflict', vars: { count: 1, references: first?.reference } });
      expect(await other.rawDump()).toBe(before);
    } finally {
      await other.dispose();
    }
  });
});

describe('what an archive refuses', () => {
  let dir: string;
  let text: string;
  const keys = (id: string, fill: number, ...more: Array<{ id: string; key: Buffer }>) => new KeyRing([{ id, key: Buffer.alloc(32, fill) }, ...more]);
  const archived = (run: () => unknown) => refusal(async () => run());

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amparo-archive-refusals-'));
    const store = new EmbeddedStore();
    await storeRegister(store, planRegister(12, ['CAT'], 3), sealedTexts(TEST_KEY));
    const { archive } = services(store);
    await archive.write(join(dir, 'a.amparo'), 'CAT', null, await archive.collect('CAT'), 'export');
    text = await readFile(join(dir, 'a.amparo'), 'utf8');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('opens as written, and still after key rotation while the older key stays listed', () => {
    expect(openArchive(text, TEST_KEY).cases).toHaveLength(12);
    expect(openArchive(text, keys('k2027', 9, { id: 'test1', key: Buffer.alloc(32, 7) })).cases).toHaveLength(12);
  });

  it('refuses one changed byte of the body or the header as an altered archive', async () => {
    const [header, body] = text.split('\n') as [string, string];
    const flipped = (s: string, at: number) => `${s.slice(0, at)}${s[at] === 'A' ? 'B' : 'A'}${s.slice(at + 1)}`;
    expect(await archived(() => openArchive(`${header}\n${flipped(body, body.length - 10)}\n`, TEST_KEY))).toMatchObject({ messageKey: 'archive.errors.tampered' });
    // Even where base64 would decode the changed character to the same bytes.
    expect(await archived(() => openArchive(`${header}\n${flipped(body, body.length - 1)}\n`, TEST_KEY))).toMatchObject({ messageKey: 'archive.errors.tampered' });
    const recounted = header.replace(/"cases":12/, '"cases":11');
    expect(await archived(() => openArchive(`${recounted}\n${body}\n`, TEST_KEY))).toMatchObject({ messageKey: 'archive.errors.tampered' });
    expect(await archived(() => openArchive(`${header.replace('"cases":12', '"cases":"x"')}\n${body}\n`, TEST_KEY))).toMatchObject({ messageKey: 'archive.errors.header_damaged' });
    expect(await archived(() => openArchive(`${header}\n`, TEST_KEY))).toMatchObject({ messageKey: 'archive.errors.tampered' });
  });

  it('tells a missing key and a wrong key apart from an altered archive', async () => {
    expect(await archived(() => openArchive(text, keys('k2027', 9)))).toMatchObject({ code: 'CONFIG_INVALID', messageKey: 'archive.errors.key_missing', vars: { key: 'test1' } });
    expect(await archived(() => openArchive(text, keys('test1', 8)))).toMatchObject({ code: 'CONFIG_INVALID', messageKey: 'archive.errors.key_wrong', vars: { key: 'test1' } });
  });

  it('refuses a format it does not know, and a file that is not an archive', async () => {
    expect(await archived(() => openArchive(text.replace('AMPARO-ARCHIVE/2', 'AMPARO-ARCHIVE/3'), TEST_KEY))).toMatchObject({ messageKey: 'archive.errors.unknown_format', vars: { format: 3, known: 2 } });
    expect(await archived(() => openArchive('{"cases": []}\n', TEST_KEY))).toMatchObject({ messageKey: 'archive.errors.not_archive' });
  });

  it('never overwrites a file, and reads only what exists', async () => {
    const { archive } = services(new EmbeddedStore());
    await writeFile(join(dir, 'taken'), 'mine');
    expect(await archived(() => archive.write(join(dir, 'taken'), 'CAT', null, [], 'export'))).toMatchObject({ messageKey: 'archive.errors.file_exists' });
    expect(await readFile(join(dir, 'taken'), 'utf8')).toBe('mine');
    expect(await archived(() => archive.read(join(dir, 'absent')))).toMatchObject({ messageKey: 'archive.errors.file_unreadable' });
  });
});
