import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Terminal } from '../support/terminal';

/**
 * Finding a case (G11) in the real console process: the chair answers the search form's
 * questions and gets the matching cases, each with its reference, State party, status and day
 * received, never a name or a narrative; a member is refused.
 */
const YEAR = new Date().getUTCFullYear();
const ICELAND = `CAT-${YEAR}-0001`;
const DENMARK = `CAT-${YEAR}-0002`;
const NARRATIVE = 'Mnbvc was followed home by plain-clothes officers after speaking at the session.';
const VICTIM = 'Lkjhg Poiuy, human rights lawyer';

/** The intake answers, one per question, in the form's order (numbers pick options). */
function intakeAnswers(stateParty: string, risk: string): string[] {
  return ['', NARRATIVE, '2026-01-15', 'Reykjavik', stateParty, '1', VICTIM, '3', '1', '1', '2', 'Signal +00 5555 0202', '1', '3', '2', '1', risk, '2', '3'];
}

describe('console adapter, finding a case', () => {
  let dataDir: string;
  let term: Terminal;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'amparo-console-search-'));
    term = Terminal.start({ AMPARO_DATA_DIR: dataDir });
    await term.ready();
  });

  afterEach(async () => {
    await term.exitCode();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('G11: the chair finds a case by State party and risk; the list names no one and tells no narrative; a member is refused', async () => {
    await term.type('/amparo report');
    await term.typeAll(intakeAnswers('Iceland', '3'));
    expect(await term.type('yes')).toContain(`Allegation received: ${ICELAND}`);
    await term.type('/amparo report');
    await term.typeAll(intakeAnswers('Denmark', '1'));
    expect(await term.type('yes')).toContain(`Allegation received: ${DENMARK}`);

    await term.type('/as chen');
    let out = await term.type('/amparo search');
    expect(out).toContain('Find a case');
    // State party, status, outcome, risk (3: high), lead rapporteur (G12), received from, received until.
    out = await term.typeAll(['Iceland', '', '', '3', '', '', '']);
    expect(out).toContain('1. State party: Iceland');
    out = await term.type('yes');
    expect(out).toContain('1 case found');
    expect(out).toMatch(new RegExp(`${ICELAND} — Iceland — status: received — received on \\w{3} \\d{1,2}, \\d{4}`));
    expect(out).toContain(`[1] Open ${ICELAND}`);
    expect(out).not.toContain(DENMARK);
    for (const hidden of [NARRATIVE, VICTIM, 'Reykjavik']) expect(out).not.toContain(hidden);

    await term.type('/as maria');
    expect(await term.type('/amparo search')).toContain('Only the rapporteurs and the chairs can search cases');
    expect(await term.quit()).toBe(0);
  });
});
