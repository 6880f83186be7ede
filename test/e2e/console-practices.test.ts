import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Terminal } from '../support/terminal';

/**
 * The good-practice log (G16, G17) in the real console process: a rapporteur records a
 * strategy through the generic form, the chair finds it, a member is refused.
 */
const TITLE = 'Relocation before contacting the State party';
const STRATEGY = 'The family moved to a safe place with a national NGO before the committee wrote to the State party.';

describe('console adapter, good practices', () => {
  let dataDir: string;
  let term: Terminal;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'amparo-console-practices-'));
    term = Terminal.start({ AMPARO_DATA_DIR: dataDir });
    await term.ready();
  });

  afterEach(async () => {
    await term.exitCode();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('G17: a rapporteur records a practice through the form, the chair finds it by tag, a member is refused', async () => {
    await term.type('/as amina');
    let out = await term.type('/amparo practice add');
    expect(out).toContain('Record a good practice');
    expect(out).toContain('Do not include names or any detail that could identify a person.');
    // A wrong answer is said at once and asked again; nothing typed before is lost.
    out = await term.typeAll([TITLE, STRATEGY, 'Relocation, NGO support, a,b,c,d,e,f,g']);
    expect(out).toContain('At most 8 tags, separated by commas.');
    out = await term.type('Relocation, NGO support');
    expect(out).toContain(`1. Title: ${TITLE}`);
    expect(out).toContain('3. Tags: Relocation, NGO support');
    out = await term.type('yes');
    expect(out).toContain(`Good practice recorded for CAT: ${TITLE}`);
    expect(out).toContain('Tags: relocation and ngo support.');

    await term.type('/as chen');
    out = await term.type('/amparo practice search #relocation');
    expect(out).toContain('Good practices matching “#relocation” (1)');
    expect(out).toContain(TITLE);
    expect(out).toContain(STRATEGY);
    expect(out).toContain('Committee: CAT');

    await term.type('/as maria');
    expect(await term.type('/amparo practice add')).toContain('Only rapporteurs record good practices (G17)');
    expect(await term.type('/amparo practices')).toContain('Good practices are shared among rapporteurs (G16) and with the chairs');
    expect(await term.quit()).toBe(0);
    expect(await readFile(join(dataDir, 'store.json'), 'utf8')).toContain(TITLE);
  });
});
