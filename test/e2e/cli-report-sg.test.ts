import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { amparo } from '../support/cli';
import { docxParts, wordBody } from '../support/docx';
import { dataDirWithRegister } from '../support/register-generator';

/**
 * `amparo report sg`, run as the built program on an embedded store holding a generated
 * register: the contribution to the Secretary-General's report for a reporting year (1 May to
 * 30 April) or a period, on the standard output or as files.
 */
describe('amparo report sg', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await dataDirWithRegister('amparo-report-sg-');
    env = { AMPARO_DATA_DIR: dir };
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the new cases and the follow-up of the reporting year 2026, from 1 May 2025 to 30 April 2026', async () => {
    const run = await amparo(['report', 'sg', '--committee', 'cat', '--year', '2026'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('# Intimidation and reprisals — CAT: contribution to the Secretary-General’s report to the Human Rights Council');
    expect(run.stdout).toContain('Reporting period from 2025-05-01 to 2026-04-30');
    expect(run.stdout).toMatch(/\| New cases received in the period \| [1-9]\d* \|/);
    expect(run.stdout).toContain('## New cases: allegations received in the period, by State party');
    expect(run.stdout).toContain('## Follow-up to cases received in earlier periods, by State party');
    expect(run.stdout).not.toMatch(/CAT-20\d\d-\d{4}/);
  });

  it('G11: writes the Word document, the Markdown and one CSV per table into a private folder, for a period given by its days', async () => {
    const out = join(dir, 'reports', 'sg');
    const run = await amparo(['report', 'sg', '--committee', 'CAT', '--from', '2025-05-01', '--to', '2025-12-31', '--out', out], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Report written: 7 files in ${out}.\n`);
    expect((await readdir(out)).sort()).toEqual(['follow-up-named.csv', 'follow-up.csv', 'new-cases-named.csv', 'new-cases.csv', 'secretary-general.docx', 'secretary-general.md', 'summary.csv']);
    expect(await readFile(join(out, 'secretary-general.md'), 'utf8')).toContain('Reporting period from 2025-05-01 to 2025-12-31');
    const word = docxParts(await readFile(join(out, 'secretary-general.docx')));
    expect(wordBody(word.get('word/document.xml')?.toString('utf8') ?? '').paragraphs[0]?.text).toBe('Intimidation and reprisals — CAT: contribution to the Secretary-General’s report to the Human Rights Council');
    expect((await stat(join(out, 'secretary-general.docx'))).mode & 0o077).toBe(0);
    expect(await readFile(join(out, 'new-cases.csv'), 'utf8')).toMatch(/^State party,Cases,Outcome recorded,Actions approved,Actions done,Closed,Reopened\r\n/);
    expect(await readFile(join(out, 'new-cases-named.csv'), 'utf8')).toBe('Case,State party,Received,Public summary\r\n');
  });

  it('refuses a missing committee and a half period, naming the option', async () => {
    expect((await amparo(['report', 'sg', '--year', '2026'], env)).stderr).toContain("required option '--committee <code>' not specified");
    const half = await amparo(['report', 'sg', '--committee', 'CAT', '--from', '2025-05-01'], env);
    expect(half).toMatchObject({ code: 2, stdout: '' });
    expect(half.stderr).toContain('--from and --to go together');
  });
});
