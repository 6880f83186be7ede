import type { GoodPractice } from '../../src/domain/practices';
import { StoreConflict, type PracticeFilter, type Store } from '../../src/store/store';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/** The Store contract for the good-practice log (G17), on both stores. */
const AT = new Date('2026-03-10T09:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

function practice(id: string, overrides: Partial<GoodPractice> = {}): GoodPractice {
  return { _id: id, committee: 'CAT', title: `Practice ${id}`, strategy: 'Relocate the family before the State is contacted.', tags: ['relocation', 'state dialogue'], authorId: 'amina', createdAt: AT, ...overrides };
}

describe.each(STORE_KINDS)('Store contract, good practices: %s', (kind) => {
  let under: StoreUnderTest;
  let store: Store;

  beforeEach(async () => {
    under = await openStore(kind, 'practices');
    store = under.store;
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('G17: stores a practice and reads it back whole, its date a date, after a restart too', async () => {
    const p = practice('p1');
    await store.insertPractice(p);
    expect(await store.listPractices({})).toEqual([p]);
    const again = await under.reopen();
    const [read] = await again.listPractices({});
    expect(read).toEqual(p);
    expect(read?.createdAt).toBeInstanceOf(Date);
  });

  it('refuses a second practice with the same id (a retried submission), keeping the first', async () => {
    await store.insertPractice(practice('p1'));
    const retry = store.insertPractice(practice('p1', { title: 'again' }));
    await expect(retry).rejects.toBeInstanceOf(StoreConflict);
    await expect(retry).rejects.toMatchObject({ constraint: '_id' });
    expect((await store.listPractices({})).map((p) => p.title)).toEqual(['Practice p1']);
  });

  it('filters by committee and by period (from inclusive, to exclusive), oldest first', async () => {
    await store.insertPractice(practice('late', { createdAt: new Date(AT.getTime() + 10 * DAY) }));
    await store.insertPractice(practice('early', { createdAt: new Date(AT.getTime() - DAY) }));
    await store.insertPractice(practice('now'));
    await store.insertPractice(practice('ccpr', { committee: 'CCPR' }));
    const ids = async (filter: PracticeFilter) => (await store.listPractices(filter)).map((p) => p._id);
    expect(await ids({ committees: ['CAT'] })).toEqual(['early', 'now', 'late']);
    expect(await ids({ committees: ['CAT', 'CCPR'], from: AT })).toEqual(['ccpr', 'now', 'late']);
    expect(await ids({ from: AT, to: new Date(AT.getTime() + 10 * DAY) })).toEqual(['ccpr', 'now']);
    expect(await ids({ to: AT })).toEqual(['early']);
    expect(await ids({ committees: [] })).toEqual([]);
  });

  it('hands out copies: changing what was read changes nothing stored', async () => {
    await store.insertPractice(practice('p1'));
    const [read] = await store.listPractices({});
    read?.tags.push('changed');
    expect((await store.listPractices({}))[0]?.tags).toEqual(['relocation', 'state dialogue']);
  });

  it('creates its practice index idempotently', async () => {
    await store.init();
    await store.init();
    await store.insertPractice(practice('p1'));
    expect(await store.listPractices({ committees: ['CAT'] })).toHaveLength(1);
  });
});
