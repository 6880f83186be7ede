import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyRing } from '../../src/services/crypto';
import { parseDataKeys } from '../../src/keys';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { readSnapshot, writeSnapshot } from '../../src/store/json-file';
import { amparo } from '../support/cli';
import { allegation, CAST, harness } from '../support/harness';

/**
 * The operators' command line, run as the built program with only the environment it is
 * given: exit codes and messages are what a cron job or a person at a terminal relies on.
 */
const OLD_KEY = `old2025:${Buffer.alloc(32, 1).toString('base64')}`;
const NEW_KEY = `new2026:${Buffer.alloc(32, 2).toString('base64')}`;

describe('the amparo command line', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amparo-cli-'));
    env = { AMPARO_DATA_DIR: dir, AMPARO_DATA_KEY: OLD_KEY };
    const store = new EmbeddedStore(join(dir, 'store.json'));
    await store.init();
    const h = await harness(store, undefined, new KeyRing(parseDataKeys(OLD_KEY)));
    const member = h.actor(CAST.member);
    const rapporteur = h.actor(CAST.rapporteur);
    for (const key of ['one', 'two']) {
      const { case: c } = await h.services.cases.submitAllegation(member, allegation(), key);
      await h.services.cases.recordSources(rapporteur, c.reference, ['secretariat'], 'spoke to the NGO');
    }
    await store.close();
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function tamper(reference: string, seq: number): Promise<void> {
    const file = join(dir, 'store.json');
    const data = (await readSnapshot(file)) as { cases: Array<{ _id: string; reference: string }>; events: Array<Record<string, unknown>> };
    const caseId = data.cases.find((c) => c.reference === reference)?._id;
    data.events = data.events.map((e) => (e.caseId === caseId && e.seq === seq ? { ...e, actorId: 'somebody-else' } : e));
    await writeSnapshot(file, data);
  }

  it('G11: "audit verify" exits 0 and counts what it checked when the register is intact', async () => {
    const run = await amparo(['audit', 'verify'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/CAT-2026-0001: intact, \d+ entries, last [0-9a-f]{16}\n/);
    expect(run.stdout).toMatch(/Register intact: 2 cases, \d+ entries checked\./);
  });

  it('G11: "audit verify" exits 1 and names the case and the entry that was altered', async () => {
    await tamper('CAT-2026-0002', 2);
    const run = await amparo(['audit', 'verify'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('CAT-2026-0001: intact');
    expect(run.stdout).toContain('CAT-2026-0002: BROKEN, entry 2 was altered');
    expect(run.stderr).toContain('Register NOT intact: 1 of 2 cases');
  });

  it('G11: "audit verify" checks each committee\'s register of roles and exits 1 when a grant was altered', async () => {
    const store = new EmbeddedStore(join(dir, 'store.json'));
    await store.init();
    const h = await harness(store, undefined, new KeyRing(parseDataKeys(OLD_KEY)));
    await h.services.people.assignRole(h.actor(CAST.chair), { identityKey: 'console:nina', committee: 'CAT', role: 'rapporteur', start: h.clock.now() }, async () => ({ displayName: 'Nina' }));
    await store.close();
    const intact = await amparo(['audit', 'verify'], env);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/roles:CAT: intact, 1 entry, last [0-9a-f]{16}\n/);

    const file = join(dir, 'store.json');
    const data = (await readSnapshot(file)) as { events: Array<Record<string, unknown>> };
    data.events = data.events.map((e) => (e.caseId === 'roles:CAT' ? { ...e, actorId: 'somebody-else' } : e));
    await writeSnapshot(file, data);
    const run = await amparo(['audit', 'verify'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('roles:CAT: BROKEN, entry 1 was altered');
  });

  it('"keys rotate" reports each case as it goes, and afterwards the old key can be dropped', async () => {
    const rotate = await amparo(['keys', 'rotate'], { ...env, AMPARO_DATA_KEY: `${NEW_KEY},${OLD_KEY}` });
    expect(rotate.code).toBe(0);
    expect(rotate.stdout).toContain('[1/2] CAT-2026-0001: sealed again under "new2026" (was old2025)');
    expect(rotate.stdout).toContain('[2/2] CAT-2026-0002: sealed again under "new2026" (was old2025)');
    expect(rotate.stdout).toContain('Key rotation done: 2 cases sealed again');

    const onlyNew = { ...env, AMPARO_DATA_KEY: NEW_KEY };
    const second = await amparo(['keys', 'rotate'], onlyNew);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('[1/2] CAT-2026-0001: already under "new2026"');
    expect((await amparo(['audit', 'verify'], onlyNew)).code).toBe(0);
  });

  it('"keys rotate" without the old key exits 1, says which key is missing and that nothing was lost', async () => {
    const run = await amparo(['keys', 'rotate'], { ...env, AMPARO_DATA_KEY: NEW_KEY });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('CAT-2026-0001: FAILED, cannot open a value sealed under key "old2025"');
    expect(run.stderr).toContain('Keep every older key in AMPARO_DATA_KEY and run the rotation again');
    expect((await amparo(['keys', 'rotate'], { ...env, AMPARO_DATA_KEY: `${NEW_KEY},${OLD_KEY}` })).code).toBe(0);
  });

  it('an unknown command or a bad key exits 2 with a message, not a stack trace', async () => {
    const unknown = await amparo(['audit', 'fix'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'fix'/);
    const badKey = await amparo(['audit', 'verify'], { ...env, AMPARO_DATA_KEY: 'k:short' });
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain('AMPARO_DATA_KEY');
    expect(badKey.stderr).not.toMatch(/\n\s+at /);
  });
});
