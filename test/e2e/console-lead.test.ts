import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Terminal } from '../support/terminal';

/**
 * G12 in the real console process: a rapporteur takes the lead on a case, the other is told who
 * leads, the queue says whose case it is, and the lead hands it over through the form.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;

/** An allegation, one answer per question, in the intake form's order (numbers pick options). */
const INTAKE = ['', 'Followed home by officers after the session.', '', '', 'Iceland', '1', 'Qwerty Uiop', '3', '1', '1', '2', '', '1', '3', '2', '1', '3', '2', '3'];

describe('console adapter, the lead rapporteur (G12)', () => {
  let dataDir: string;
  let term: Terminal;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'amparo-console-lead-'));
    term = Terminal.start({ AMPARO_DATA_DIR: dataDir });
    await term.ready();
  });

  afterEach(async () => {
    await term.exitCode();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('G12: the first rapporteur to ask leads, the other is told who, the queue says whose case it is, and the lead hands over', async () => {
    await term.type('/amparo report');
    await term.typeAll(INTAKE);
    expect(await term.type('yes')).toContain(`Allegation received: ${REF}`);

    await term.type('/as amina');
    expect(await term.type(`/amparo lead ${REF}`)).toContain(`You lead on ${REF} now.`);
    expect(await term.type('/amparo cases')).toContain('you lead');

    await term.type('/as lucas');
    expect(await term.type(`/amparo lead ${REF}`)).toContain(`Amina (rapporteur) already leads on ${REF}.`);
    expect(await term.type('/amparo cases')).toContain('led by another rapporteur');

    await term.type('/as amina');
    let out = await term.type(`/amparo handover ${REF}`);
    expect(out).toContain('Hand over the lead');
    expect(out).toContain('Lucas (rapporteur)');
    out = await term.type('1');
    out += await term.type('yes');
    expect(out).toContain(`Lucas (rapporteur) leads on ${REF} now, and is told privately.`);

    await term.type('/as lucas');
    expect(await term.type('/amparo cases')).toContain('you lead');
    expect(await term.quit()).toBe(0);
  });
});
