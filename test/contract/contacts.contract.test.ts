import type { Contact } from '../../src/domain/contacts';
import type { Sealed } from '../../src/domain/sealed';
import { StoreConflict, type Store } from '../../src/store/store';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/** The Store contract for the contact log (G13), on both stores. */
const AT = new Date('2026-03-10T09:00:00Z');

function contact(id: string, overrides: Partial<Contact> = {}): Contact {
  return { _id: id, caseId: 'case-1', committee: 'CAT', on: '2026-03-09', means: 'phone', party: 'person', summary: `v2.k.sealed-${id}` as Sealed, recordedBy: 'amina', recordedAt: AT, ...overrides };
}

describe.each(STORE_KINDS)('Store contract, contacts: %s', (kind) => {
  let under: StoreUnderTest;
  let store: Store;

  beforeEach(async () => {
    under = await openStore(kind, 'contacts');
    store = under.store;
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('G13: stores a contact and reads it back whole, its recording time a date, after a restart too', async () => {
    const c = contact('k1', { nextDueOn: '2026-03-24' });
    await store.insertContact(c);
    expect(await store.listContacts('case-1')).toEqual([c]);
    const [read] = await (await under.reopen()).listContacts('case-1');
    expect(read).toEqual(c);
    expect(read?.recordedAt).toBeInstanceOf(Date);
  });

  it('refuses a second contact with the same id, keeping the first', async () => {
    await store.insertContact(contact('k1'));
    const again = store.insertContact(contact('k1', { means: 'email' }));
    await expect(again).rejects.toBeInstanceOf(StoreConflict);
    await expect(again).rejects.toMatchObject({ constraint: '_id' });
    expect((await store.listContacts('case-1')).map((c) => c.means)).toEqual(['phone']);
  });

  it('replaces a summary only while it is still the one expected (key rotation), and only that contact\'s', async () => {
    await store.insertContact(contact('k1'));
    await store.insertContact(contact('k2'));
    expect(await store.replaceContactSummary('k1', 'v2.k.sealed-k2' as Sealed, 'v2.new.x' as Sealed)).toBe(false);
    expect(await store.replaceContactSummary('k1', 'v2.k.sealed-k1' as Sealed, 'v2.new.x' as Sealed)).toBe(true);
    expect(await store.replaceContactSummary('k1', 'v2.k.sealed-k1' as Sealed, 'v2.new.y' as Sealed)).toBe(false);
    expect(await store.replaceContactSummary('nobody', 'v2.k.sealed-k1' as Sealed, 'v2.new.y' as Sealed)).toBe(false);
    const again = await under.reopen();
    expect((await again.listContacts('case-1')).map((c) => [c._id, c.summary])).toEqual([
      ['k1', 'v2.new.x'],
      ['k2', 'v2.k.sealed-k2'],
    ]);
  });

  it('lists only the case\'s contacts, by the day they happened, then by when they were recorded', async () => {
    await store.insertContact(contact('late', { on: '2026-03-09', recordedAt: new Date(AT.getTime() + 60_000) }));
    await store.insertContact(contact('other', { caseId: 'case-2', on: '2026-01-01' }));
    await store.insertContact(contact('first', { on: '2026-02-01' }));
    await store.insertContact(contact('early', { on: '2026-03-09' }));
    expect((await store.listContacts('case-1')).map((c) => c._id)).toEqual(['first', 'early', 'late']);
    expect((await store.listContacts('case-2')).map((c) => c._id)).toEqual(['other']);
    expect(await store.listContacts('case-3')).toEqual([]);
  });
});
