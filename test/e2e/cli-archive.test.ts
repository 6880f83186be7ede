import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { amparo } from '../support/cli';
import { planRegister, storeRegister } from '../support/register-generator';
import { TEST_KEY } from '../support/harness';
import { sealedTexts } from '../support/sealed-register';

/**
 * `amparo export | import | retention`, run as the built program on embedded stores: exit
 * codes, help, the dry run's listing, and an archive carried from one record to a fresh one.
 */
const YEAR = 365.25 * 24 * 60 * 60 * 1000;
const KEY = `test1:${Buffer.alloc(32, 7).toString('base64')}`;

describe('amparo export, import and retention', () => {
  let dir: string;
  let env: Record<string, string>;
  let fresh: Record<string, string>;
  let due: string[];
  let catCases: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amparo-cli-archive-'));
    const committees = join(dir, 'committees.json');
    await writeFile(committees, JSON.stringify({ committees: [{ _id: 'CAT', name: 'Committee against Torture', retentionYears: 3 }, { _id: 'CCPR', name: 'Human Rights Committee' }] }));
    env = { AMPARO_DATA_DIR: join(dir, 'a'), AMPARO_DATA_KEY: KEY, AMPARO_COMMITTEES_FILE: committees };
    fresh = { ...env, AMPARO_DATA_DIR: join(dir, 'b') };
    await mkdir(join(dir, 'a'));
    const store = new EmbeddedStore(join(dir, 'a', 'store.json'));
    await store.init();
    // Closed five years ago (due under a three-year policy) or one year ago (not yet), whatever today is.
    const now = Date.now();
    await storeRegister(store, planRegister(40, ['CAT', 'CCPR'], 9), sealedTexts(TEST_KEY, (_c, i) => new Date(now - (i % 2 === 1 ? 5 : 1) * YEAR)));
    const cases = await store.listCases({ committees: ['CAT'] });
    catCases = cases.length;
    due = cases.filter((c) => c.closure && c.closure.at.getTime() < now - 4 * YEAR).map((c) => c.reference);
    await store.close();
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('documents each command in --help', async () => {
    const help = await amparo(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/export \[options\][\s\S]*import <file>[\s\S]*retention \[options\]/);
    const retention = await amparo(['retention', '--help'], env);
    expect(retention.stdout).toContain('--apply');
    expect(retention.stdout).toContain('--archive <file>');
    expect((await amparo(['export', '--help'], env)).stdout).toContain('--out <file>');
  });

  it('dry run: lists the cases due under the retention policy and changes nothing', async () => {
    const before = await readFile(join(dir, 'a', 'store.json'));
    expect(due.length).toBeGreaterThan(0);
    const run = await amparo(['retention', '--committee', 'cat', '--archive', join(dir, 'never.amparo')], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Retention policy of CAT: the texts of cases closed more than 3 years ago');
    for (const reference of due) expect(run.stdout).toMatch(new RegExp(`^${reference}: closed \\d{4}-\\d\\d-\\d\\d, \\d+ texts$`, 'm'));
    expect(run.stdout).toContain(`Dry run: ${due.length} of ${catCases} cases would be archived`);
    expect(await readFile(join(dir, 'a', 'store.json'))).toEqual(before);
    await expect(stat(join(dir, 'never.amparo'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses what cannot be done, naming it, with exit code 2', async () => {
    const noPolicy = await amparo(['retention', '--committee', 'CCPR'], env);
    expect(noPolicy).toMatchObject({ code: 2, stdout: '' });
    expect(noPolicy.stderr).toContain('The committee CCPR has no retention policy');
    const noArchive = await amparo(['retention', '--committee', 'CAT', '--apply'], env);
    expect(noArchive).toMatchObject({ code: 2 });
    expect(noArchive.stderr).toContain('--archive: required with --apply');
    expect((await amparo(['export', '--committee', 'XYZ', '--out', join(dir, 'x')], env)).stderr).toContain('--committee: one of CAT');
    await writeFile(join(dir, 'taken.amparo'), 'mine');
    const taken = await amparo(['export', '--committee', 'CAT', '--out', join(dir, 'taken.amparo')], env);
    expect(taken).toMatchObject({ code: 2 });
    expect(taken.stderr).toContain('exists already; an archive is never overwritten');
    expect(await readFile(join(dir, 'taken.amparo'), 'utf8')).toBe('mine');
    expect((await amparo(['import', join(dir, 'absent.amparo')], env)).code).toBe(2);
  });

  it('export -> import into a fresh record: the register verifies there, and a second import skips what is there', async () => {
    const file = join(dir, 'cat.amparo');
    const exported = await amparo(['export', '--committee', 'CAT', '--out', file], env);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(new RegExp(`^Archive written: .*cat\\.amparo, ${catCases} cases and \\d+ register entries of CAT, sealed under key "test1"`, 'm'));
    expect(exported.stdout).toContain('Keep key(s) test1 in AMPARO_DATA_KEY');
    expect(exported.stderr).toContain(`Archiving: 100% (${catCases}/${catCases})`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const imported = await amparo(['import', file], fresh);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(new RegExp(`imported: ${catCases} cases and \\d+ register entries written, 0 cases already here`));
    expect(imported.stdout).toContain('The committee settings of CAT were restored');
    const audit = await amparo(['audit', 'verify'], fresh);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toContain(`Register intact: ${catCases} cases`);
    const again = await amparo(['import', file], fresh);
    expect(again.stdout).toContain(`0 cases and 0 register entries written, ${catCases} cases already here`);
  });

  it('refuses an altered archive (exit 1) and a wrong key (exit 2), importing nothing', async () => {
    const text = await readFile(join(dir, 'cat.amparo'), 'utf8');
    const altered = join(dir, 'altered.amparo');
    await writeFile(altered, text.replace(/.(\n)$/, (_m, nl: string) => `${text.at(-2) === 'A' ? 'B' : 'A'}${nl}`));
    const empty = { ...env, AMPARO_DATA_DIR: join(dir, 'c') };
    const refused = await amparo(['import', altered], empty);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toContain('The archive was altered or damaged');
    const wrongKey = await amparo(['import', join(dir, 'cat.amparo')], { ...empty, AMPARO_DATA_KEY: `test1:${Buffer.alloc(32, 8).toString('base64')}` });
    expect(wrongKey).toMatchObject({ code: 2 });
    expect(wrongKey.stderr).toContain('is not the key this archive was sealed under');
    expect((await amparo(['audit', 'verify'], empty)).stdout).toContain('Register intact: 0 cases');
  });

  it('--apply archives the due cases, then destroys their texts; the register still verifies', async () => {
    const file = join(dir, 'retention.amparo');
    const run = await amparo(['retention', '--committee', 'CAT', '--apply', '--archive', file], env);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain(`Archived ${due.length} cases`);
    expect(run.stdout).toMatch(new RegExp(`^\\[1/${due.length}\\] ${due[0]}: \\d+ texts destroyed$`, 'm'));
    expect(run.stdout).toContain(`the texts of ${due.length} cases were destroyed (0 kept)`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await amparo(['audit', 'verify'], env)).code).toBe(0);
    expect((await amparo(['retention', '--committee', 'CAT'], env)).stdout).toContain(`No case of CAT is due (${catCases} cases looked at)`);
  });
});
