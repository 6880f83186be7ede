import type { CaseInformation } from '../../src/domain/case-information';
import type { Sealed } from '../../src/domain/sealed';
import { StoreConflict, type Store } from '../../src/store/store';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/** The Store contract for information added to a case (G10, G11), on both stores. */
const AT = new Date('2026-03-10T09:00:00Z');

function information(id: string, overrides: Partial<CaseInformation> = {}): CaseInformation {
  return { _id: id, caseId: 'case-1', committee: 'CAT', text: `v2.k.sealed-${id}` as Sealed, source: 'ngo', channel: 'written', addedBy: 'maria', addedAs: 'reporter', addedAt: AT, ...overrides };
}

describe.each(STORE_KINDS)('Store contract, information added to a case: %s', (kind) => {
  let under: StoreUnderTest;
  let store: Store;

  beforeEach(async () => {
    under = await openStore(kind, 'case-information');
    store = under.store;
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('G11: stores an addition and reads it back whole, its time a date, after a restart too', async () => {
    const added = information('i1', { incidentOn: '2026-03-09' });
    await store.insertCaseInformation(added);
    expect(await store.listCaseInformation('case-1')).toEqual([added]);
    const [read] = await (await under.reopen()).listCaseInformation('case-1');
    expect(read).toEqual(added);
    expect(read?.addedAt).toBeInstanceOf(Date);
  });

  it('refuses a second addition with the same id (a retry), keeping the first', async () => {
    await store.insertCaseInformation(information('i1'));
    const again = store.insertCaseInformation(information('i1', { source: 'media' }));
    await expect(again).rejects.toBeInstanceOf(StoreConflict);
    await expect(again).rejects.toMatchObject({ constraint: '_id' });
    expect((await store.listCaseInformation('case-1')).map((i) => i.source)).toEqual(['ngo']);
  });

  it('replaces a text only while it is still the one expected (key rotation), and only that addition\'s', async () => {
    await store.insertCaseInformation(information('i1'));
    await store.insertCaseInformation(information('i2'));
    expect(await store.replaceCaseInformationText('i1', 'v2.k.sealed-i2' as Sealed, 'v2.new.x' as Sealed)).toBe(false);
    expect(await store.replaceCaseInformationText('i1', 'v2.k.sealed-i1' as Sealed, 'v2.new.x' as Sealed)).toBe(true);
    expect(await store.replaceCaseInformationText('i1', 'v2.k.sealed-i1' as Sealed, 'v2.new.y' as Sealed)).toBe(false);
    expect(await store.replaceCaseInformationText('nobody', 'v2.k.sealed-i1' as Sealed, 'v2.new.y' as Sealed)).toBe(false);
    const again = await under.reopen();
    expect((await again.listCaseInformation('case-1')).map((i) => [i._id, i.text])).toEqual([
      ['i1', 'v2.new.x'],
      ['i2', 'v2.k.sealed-i2'],
    ]);
  });

  it('G10: names the additions that owe their alert, in the order they were added, until each is settled, after a restart too', async () => {
    await store.insertCaseInformation(information('late', { owed: true, addedAt: new Date(AT.getTime() + 60_000) }));
    await store.insertCaseInformation(information('told'));
    await store.insertCaseInformation(information('first', { owed: true, caseId: 'case-2' }));
    expect((await store.informationOwed()).map((i) => i._id)).toEqual(['first', 'late']);
    await store.settleInformation('first');
    await store.settleInformation('first');
    await store.settleInformation('told');
    expect((await store.informationOwed()).map((i) => i._id)).toEqual(['late']);
    const again = await under.reopen();
    expect((await again.informationOwed()).map((i) => i._id)).toEqual(['late']);
    expect((await again.listCaseInformation('case-2'))[0]).toEqual(information('first', { caseId: 'case-2' }));
  });

  it('lists only the case\'s additions, in the order they were added', async () => {
    await store.insertCaseInformation(information('late', { addedAt: new Date(AT.getTime() + 60_000) }));
    await store.insertCaseInformation(information('other', { caseId: 'case-2' }));
    await store.insertCaseInformation(information('first', { addedAt: new Date(AT.getTime() - 60_000) }));
    await store.insertCaseInformation(information('b', { addedAt: AT }));
    await store.insertCaseInformation(information('a', { addedAt: AT }));
    expect((await store.listCaseInformation('case-1')).map((i) => i._id)).toEqual(['first', 'a', 'b', 'late']);
    expect(await store.listCaseInformation('case-3')).toEqual([]);
  });
});
