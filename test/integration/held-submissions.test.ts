import { KeyRing } from '../../src/services/crypto';
import { HeldSubmissions } from '../../src/services/held-submissions';
import { TestClock } from '../support/clock';
import { captureLogs } from '../support/log-capture';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * Reports acknowledged to Slack before they are saved are held in the store until saved: what
 * was typed is sealed there like a case's details (G11), and survives a restart.
 */
const NARRATIVE = 'Zxcvb was visited at home by two officers after the hearing.';
const answers = { committee: 'CAT', narrative: NARRATIVE, sources: ['ngo', 'nhri'] };

describe.each(STORE_KINDS)('held submissions (%s store)', (kind) => {
  let under: StoreUnderTest;
  const keys = new KeyRing([{ id: 'k1', key: Buffer.alloc(32, 1) }]);

  beforeEach(async () => {
    under = await openStore(kind, 'held');
  });

  afterEach(async () => {
    await under.dispose();
  });

  const service = (store = under.store, ring = keys, logs = captureLogs()) => new HeldSubmissions({ store, keys: ring, clock: new TestClock(), logger: logs.logger });

  it('G11: keeps what was typed sealed at rest, and gives it back after a restart', async () => {
    await service().hold({ key: 'slack:V1', personId: 'maria', formId: 'intake', context: '', answers, replyTo: { teamId: 'T1', userId: 'U1', viewId: 'V1' } });
    expect(await under.rawDump()).not.toContain('Zxcvb');
    const again = service(await under.reopen());
    expect(await again.unfinished()).toEqual([{ key: 'slack:V1', personId: 'maria', formId: 'intake', context: '', answers, replyTo: { teamId: 'T1', userId: 'U1', viewId: 'V1' } }]);
    await again.release('slack:V1');
    expect(await again.unfinished()).toEqual([]);
  });

  it('one that cannot be opened (its key is gone) is kept and reported, never dropped or shown', async () => {
    await service().hold({ key: 'slack:V2', personId: 'maria', formId: 'intake', context: '', answers, replyTo: { teamId: 'T1', userId: 'U1', viewId: 'V2' } });
    const logs = captureLogs();
    const withoutKey = service(under.store, new KeyRing([{ id: 'k2', key: Buffer.alloc(32, 2) }]), logs);
    expect(await withoutKey.unfinished()).toEqual([]);
    expect(logs.text()).toContain('a held submission cannot be opened');
    expect(logs.text()).not.toContain('Zxcvb');
    expect((await under.store.heldSubmissions()).map((h) => h._id)).toEqual(['slack:V2']);
  });
});
