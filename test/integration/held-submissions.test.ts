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
    expect(await again.unfinished()).toEqual([{ key: 'slack:V1', at: expect.any(Date), personId: 'maria', formId: 'intake', context: '', answers, replyTo: { teamId: 'T1', userId: 'U1', viewId: 'V1' } }]);
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

  it('G10: a report whose saving failed stays held, and the sweep saves it once it has waited a minute', async () => {
    const clock = new TestClock();
    const held = new HeldSubmissions({ store: under.store, keys, clock, logger: captureLogs().logger, retryAfterMs: 60_000 });
    const saved: string[] = [];
    let database = 'away';
    held.register('slack', async (submission) => {
      if (database === 'away') return 'kept';
      saved.push(submission.key);
      return 'saved';
    });
    await held.hold({ key: 'slack:V3', personId: 'maria', formId: 'intake', context: '', answers, replyTo: { teamId: 'T1', userId: 'U1', viewId: 'V3' } });
    // Still being saved by whoever acknowledged it: the sweep leaves it alone.
    clock.advance(30_000);
    expect(await held.retry()).toEqual({ finished: 0, left: 0 });
    // A minute on, the database still away: it stays held.
    clock.advance(31_000);
    expect(await held.retry()).toEqual({ finished: 0, left: 1 });
    database = 'back';
    expect(await held.retry()).toEqual({ finished: 1, left: 0 });
    expect(saved).toEqual(['slack:V3']);
    expect(await under.store.heldSubmissions()).toEqual([]);
  });
});
