import { PNG } from 'pngjs';
import { docxParts, wordBody } from '../support/docx';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { amparo } from '../support/cli';
import { dataDirWithRegister } from '../support/register-generator';

/**
 * G15: `amparo report progress`, run as the built program on an embedded store holding a
 * generated register: the report on the standard output or as files, and clear refusals.
 */
describe('amparo report progress', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await dataDirWithRegister('amparo-report-');
    env = { AMPARO_DATA_DIR: dir };
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
    expect(run.stdout).not.toContain('.png');
  });

  it('writes the Word document, the Markdown, the charts and one CSV per table into a private folder', async () => {
    const out = join(dir, 'reports', 'cat-2026');
    const run = await amparo(['report', 'progress', '--committee', 'CAT', '--from', '2026-01-01', '--to', '2026-06-30', '--out', out], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Report written: 14 files in ${out}.\n`);
    expect((await readdir(out)).sort()).toEqual(['by-action-type.csv', 'by-channel.csv', 'by-gender-risk.csv', 'by-outcome.csv', 'by-perpetrator.csv', 'by-state-party.csv', 'by-status.csv', 'good-practices.csv', 'progress-actions.png', 'progress-states.png', 'progress.docx', 'progress.md', 'progress.png', 'summary.csv']);
    const chart = PNG.sync.read(await readFile(join(out, 'progress.png')));
    expect(chart.width).toBe(1000);
    expect(await readFile(join(out, 'progress.md'), 'utf8')).toContain('](progress.png)');
    const word = docxParts(await readFile(join(out, 'progress.docx')));
    expect(wordBody(word.get('word/document.xml')?.toString('utf8') ?? '').paragraphs[0]?.text).toBe('Progress report on intimidation and reprisals — CAT');
    expect([...word.keys()].filter((name) => name.endsWith('.png'))).toHaveLength(3);
    expect((await stat(join(out, 'progress.docx'))).mode & 0o077).toBe(0);
    expect((await stat(join(out, 'progress.md'))).mode & 0o077).toBe(0);
    expect(await readFile(join(out, 'progress.md'), 'utf8')).toContain('from 2026-01-01 to 2026-06-30');
    expect(await readFile(join(out, 'summary.csv'), 'utf8')).toMatch(/^Measure,Value\r\nAllegations received,\d+\r\n/);
  });

  it('G33: prints the committees side by side, every committee served by default or those named', async () => {
    const all = await amparo(['report', 'chairs', '--year', '2026'], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('| Measure | CAT | CCPR |');
    const one = await amparo(['report', 'chairs', '--year', '2026', '--committees', 'ccpr'], env);
    expect(one.stdout).toContain('| Measure | CCPR |');
    expect((await amparo(['report', 'chairs', '--committees', 'CAT,ZZZ'], env)).stderr).toContain('--committees: one of CAT');
  });

  it('G25: writes the General Assembly input, with no case named when none may be', async () => {
    const out = join(dir, 'reports', 'ga');
    const run = await amparo(['report', 'ga', '--committee', 'CAT', '--year', '2026', '--out', out], env);
    expect(run.code).toBe(0);
    const markdown = await readFile(join(out, 'general-assembly.md'), 'utf8');
    expect(markdown).toMatch(/0 of the \d+ allegations received may be named/);
    expect(await readFile(join(out, 'named-cases.csv'), 'utf8')).toBe('Case,State party,Public summary\r\n');
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
