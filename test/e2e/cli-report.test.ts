import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { amparo } from '../support/cli';
import { planRegister, storeRegister } from '../support/register-generator';

/**
 * G15: `amparo report progress`, run as the built program on an embedded store holding a
 * generated register: the report on the standard output or as files, and clear refusals.
 */
describe('amparo report progress', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amparo-report-'));
    env = { AMPARO_DATA_DIR: dir };
    const store = new EmbeddedStore(join(dir, 'store.json'));
    await store.init();
    // Each write rewrites the embedded store's file: a small register keeps this quick.
    await storeRegister(store, planRegister(60, ['CAT', 'CCPR'], 7));
    await store.close();
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the Markdown report of a committee for a year', async () => {
    const run = await amparo(['report', 'progress', '--committee', 'cat', '--year', '2026'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('# Progress report on intimidation and reprisals — CAT');
    expect(run.stdout).toContain('Allegations received from 2026-01-01 to 2026-12-31');
    expect(run.stdout).toMatch(/\| Allegations received \| [1-9]\d* \|/);
  });

  it('writes the Markdown and one CSV per table into a private folder', async () => {
    const out = join(dir, 'reports', 'cat-2026');
    const run = await amparo(['report', 'progress', '--committee', 'CAT', '--from', '2026-01-01', '--to', '2026-06-30', '--out', out], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Report written: 9 files in ${out}.\n`);
    expect((await readdir(out)).sort()).toEqual(['by-action-type.csv', 'by-channel.csv', 'by-gender-risk.csv', 'by-outcome.csv', 'by-perpetrator.csv', 'by-state-party.csv', 'by-status.csv', 'progress.md', 'summary.csv']);
    expect((await stat(join(out, 'progress.md'))).mode & 0o077).toBe(0);
    expect(await readFile(join(out, 'progress.md'), 'utf8')).toContain('from 2026-01-01 to 2026-06-30');
    expect(await readFile(join(out, 'summary.csv'), 'utf8')).toMatch(/^Measure,Value\r\nAllegations received,\d+\r\n/);
  });

  it('refuses a wrong committee, a wrong date or a half period, naming the option', async () => {
    const committee = await amparo(['report', 'progress', '--committee', 'XYZ'], env);
    expect(committee).toMatchObject({ code: 2, stdout: '' });
    expect(committee.stderr).toContain('--committee: one of CAT, SPT, CCPR');
    const date = await amparo(['report', 'progress', '--committee', 'CAT', '--from', '2026-02-30', '--to', '2026-03-31'], env);
    expect(date.stderr).toContain('--from: write a date as YYYY-MM-DD');
    expect((await amparo(['report', 'progress', '--committee', 'CAT', '--from', '2026-02-01'], env)).stderr).toContain('--from and --to go together');
    expect((await amparo(['report', 'progress'], env)).stderr).toContain("required option '--committee <code>' not specified");
  });
});
