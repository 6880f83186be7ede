import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Terminal } from '../support/terminal';

/**
 * The State party in the terminal, the real process: a name in any of the six UN languages or
 * the two-letter code, whatever the case or accents; a near miss is answered with the States
 * it might be; the answer is shown, and stored, as the State it names.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
/** The questions after the State party, in the form's order (numbers pick options). */
const REST = ['1', 'Asdfg Hjkl', '3', '1', '1', '2', '', '1', '3', '2', '1', '3', '2', '3'];

describe('console: the State party', () => {
  let dataDir: string;
  let term: Terminal;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'amparo-console-state-'));
    term = Terminal.start({ AMPARO_DATA_DIR: dataDir });
    await term.ready();
  });

  afterEach(async () => {
    await term.exitCode();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is read from a name in any of the six languages or the code, and names the country rapporteur\'s State', async () => {
    await term.type('/amparo report');
    let out = await term.typeAll(['', 'Zxcvb was followed after the session.', '2026-01-15', '']);
    expect(out).toContain('State party');

    // Unknown: refused. Almost: refused, with the States it might be, in the person's language.
    out = await term.type('Atlantis');
    expect(out).toContain('Not a State we know');
    out = await term.type('islan');
    expect(out).toContain('Not a State we know');
    expect(out).toMatch(/Iceland \(IS\)/);
    expect(out).toMatch(/Solomon Islands \(SB\)/);

    // Spanish, in capitals: Iceland, the State the demo's country rapporteur is responsible for.
    out = await term.type('ISLANDIA');
    expect(out).toContain('Who is at risk');
    out = await term.typeAll(REST);
    expect(out).toContain('5. State party: Iceland');
    out = await term.type('yes');
    expect(out).toContain(`Allegation received: ${REF}`);

    // The rapporteur consults: the country rapporteur for Iceland is offered.
    await term.typeAll(['/as amina', `/amparo assess ${REF}`, `/amparo sources ${REF}`, '1', '', 'yes']);
    out = await term.type(`/amparo consult ${REF}`);
    expect(out).toContain('Olga (country rapporteur)');
  });

  it('speaks the person\'s language: a French member types the code and reads the State in French', async () => {
    await term.type('/lang fr');
    await term.type('/amparo report');
    let out = await term.typeAll(['', 'Zxcvb was followed after the session.', '2026-01-15', '', 'is']);
    out = await term.typeAll(REST);
    expect(out).toContain('5. État partie: Islande');
  });
});
