import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Terminal } from '../support/terminal';

/**
 * G10, G11 in the real console process: the member who reported a case adds a new incident
 * through the form, from the case's status; the rapporteur and the chair read it in the case;
 * the reporter still sees the status only. The text is kept sealed in the store's file.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const TEXT = 'Zxqv was questioned again at the border and her phone was kept for a week.';
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/** An allegation, one answer per question, in the intake form's order (numbers pick options). */
const INTAKE = ['', 'Followed home by officers after the session.', '', '', 'Iceland', '1', 'Qwerty Uiop', '3', '1', '1', '2', '', '1', '3', '2', '1', '3', '2', '3'];

describe('console adapter, new information on a case (G10, G11)', () => {
  let dataDir: string;
  let term: Terminal;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'amparo-console-information-'));
    term = Terminal.start({ AMPARO_DATA_DIR: dataDir });
    await term.ready();
  });

  afterEach(async () => {
    await term.exitCode();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('G10: the reporter adds a new incident from the case\'s status; the rapporteur and the chair read it; the reporter still sees the status only', async () => {
    await term.type('/as maria');
    await term.type('/amparo report');
    await term.typeAll(INTAKE);
    expect(await term.type('yes')).toContain(`Allegation received: ${REF}`);

    let out = await term.type(`/amparo case ${REF}`);
    expect(out).toContain('Add information');
    out = await term.type(`/amparo add-info ${REF}`);
    expect(out).toContain('It is encrypted and shown only to the rapporteurs and the chair');
    // A new incident needs its date: said on that question, the other answers kept.
    out = await term.typeAll([TEXT, '2', '2', '1', '']);
    out = await term.type('yes');
    expect(out).toContain('Give the date of the new incident.');
    out = await term.type(day(-1));
    expect(out).toContain('Their representative');
    out = await term.type('yes');
    expect(out).toContain(`Information added to ${REF}.`);
    expect(out).not.toContain('Zxqv');

    out = await term.type(`/amparo case ${REF}`);
    expect(out).not.toContain('Zxqv');
    expect(out).not.toContain('Information added since the report');

    for (const who of ['amina', 'chen']) {
      await term.type(`/as ${who}`);
      out = await term.type(`/amparo case ${REF}`);
      expect(out).toContain('Information added since the report (G10, G11)');
      expect(out).toContain('Their representative — In writing — added by Maria');
      expect(out).toContain(TEXT);
      expect(out).toMatch(/added new information \(G10, G11\)/);
    }

    expect(await term.quit()).toBe(0);
    const file = await readFile(join(dataDir, 'store.json'), 'utf8');
    expect(file).toContain('"addedAs":"reporter"');
    expect(file).not.toContain('Zxqv');
  });
});
