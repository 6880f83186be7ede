import { seedPeople } from '../../src/services/seed';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/** The committees file's people: the first chair of a new deployment, made once. */
describe.each(STORE_KINDS)('people from the committees file, on the %s store', (kind) => {
  let under: StoreUnderTest;
  const chair = { name: 'Chen Chair', identities: ['slack:T0123:U0456', 'teams:tenant:aad-1'], roles: [{ committee: 'CAT' as const, role: 'chair' as const, start: '2026-01-01', end: '2027-12-31' }] };

  beforeEach(async () => {
    under = await openStore(kind, 'seed');
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('creates each person once, with the terms written in the file', async () => {
    expect(await seedPeople(under.store, [chair], { locale: 'en', timeZone: 'UTC' })).toBe(1);
    expect(await seedPeople(under.store, [chair], { locale: 'en', timeZone: 'UTC' })).toBe(0);
    const seeded = await under.store.findPersonByIdentity('teams:tenant:aad-1');
    expect(seeded).toMatchObject({ displayName: 'Chen Chair', roles: [{ role: 'chair', committee: 'CAT', start: new Date('2026-01-01T00:00:00Z'), end: new Date('2027-12-31T00:00:00Z'), assignedBy: 'configuration' }] });
  });

  it('leaves a person who is known already as they are', async () => {
    await seedPeople(under.store, [chair], { locale: 'en', timeZone: 'UTC' });
    const changed = { ...chair, name: 'Renamed', roles: [] };
    expect(await seedPeople(under.store, [changed], { locale: 'en', timeZone: 'UTC' })).toBe(0);
    expect((await under.store.findPersonByIdentity('slack:T0123:U0456'))?.roles).toHaveLength(1);
  });
});
