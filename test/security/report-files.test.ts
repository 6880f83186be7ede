import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineCommittee } from '../../src/domain/committee';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { amparo } from '../support/cli';
import { planRegister, storeRegister } from '../support/register-generator';

/**
 * `amparo report … --out <folder>` writes new files only, as `amparo export` does: it never
 * writes over a file, nor through a link planted where a report file goes (into a file the
 * person running it may write but should not, a log, a key file); it says which file is in the
 * way and exits 2, having written nothing. What it writes only its owner can read.
 */
describe('amparo report --out writes new files only', () => {
  let dir: string;
  let env: Record<string, string>;
  const progress = (out: string) => amparo(['report', 'progress', '--committee', 'CAT', '--year', '2026', '--out', out], env);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amparo-report-files-'));
    env = { AMPARO_DATA_DIR: dir };
    const store = new EmbeddedStore(join(dir, 'store.json'));
    await store.init();
    await storeRegister(store, planRegister(12, ['CAT'], 3));
    await store.saveCommittee(defineCommittee({ _id: 'CAT', name: 'CAT' }));
    await store.close();
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every file readable by its owner alone', async () => {
    const out = join(dir, 'fresh');
    expect((await progress(out)).code).toBe(0);
    const files = await readdir(out);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect({ file, others: (await stat(join(out, file))).mode & 0o077 }).toEqual({ file, others: 0 });
  });

  it('refuses to write over a file that exists, naming it, exit 2, and writes nothing', async () => {
    const out = join(dir, 'taken');
    await mkdir(out);
    await writeFile(join(out, 'summary.csv'), 'kept as it was');
    const run = await progress(out);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(join(out, 'summary.csv'));
    expect(await readFile(join(out, 'summary.csv'), 'utf8')).toBe('kept as it was');
    expect(await readdir(out)).toEqual(['summary.csv']);
  });

  it('a second report into the same folder is refused, the first left whole', async () => {
    const out = join(dir, 'twice');
    expect((await progress(out)).code).toBe(0);
    const first = await readFile(join(out, 'progress.md'), 'utf8');
    const again = await progress(out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists already/);
    expect(await readFile(join(out, 'progress.md'), 'utf8')).toBe(first);
  });

  it('does not follow a link planted where a report file goes', async () => {
    const out = join(dir, 'planted');
    const target = join(dir, 'not-a-report.txt');
    await mkdir(out);
    await writeFile(target, 'must not change');
    await symlink(target, join(out, 'progress.md'));
    await symlink(join(dir, 'nowhere-yet.txt'), join(out, 'summary.csv'));
    const run = await progress(out);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(join(out, 'progress.md'));
    expect(await readFile(target, 'utf8')).toBe('must not change');
    await expect(stat(join(dir, 'nowhere-yet.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await readdir(out)).sort()).toEqual(['progress.md', 'summary.csv']);
  });

  it('says so when the folder cannot be made, exit 2', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const run = await progress(join(file, 'inside'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(join(file, 'inside'));
  });
});
