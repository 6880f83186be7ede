import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESTROYED } from '../../src/domain/case';
import { informationBinding } from '../../src/domain/case-information';
import { ArchiveService } from '../../src/services/archive';
import { contactSummaryBinding } from '../../src/services/contacts';
import { RegisterService } from '../../src/services/register';
import { RetentionService } from '../../src/services/retention';
import type { Store } from '../../src/store/store';
import { DAY, sequentialIds } from '../support/clock';
import { allegation, CAST, harness, TEST_KEY, type Harness } from '../support/harness';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * G13 with retention and archives: a case's contacts travel in its archive with their summaries
 * still sealed, the retention policy destroys the summaries with the case's texts once the
 * archive is written and read back, and an import restores them as they were. The same holds
 * for the information added to a case after its report.
 */
const SUMMARY = 'Xqjw met the lawyer at the NGO office; no further incident since the letter.';

describe.each(STORE_KINDS)('contacts and added information in archives and under retention, on the %s store', (kind) => {
  let under: StoreUnderTest;
  let other: StoreUnderTest;
  let h: Harness;
  let dir: string;
  const tools = (store: Store) => {
    const ids = sequentialIds('archive');
    const register = new RegisterService(store, ids);
    const archive = new ArchiveService({ store, keys: TEST_KEY, clock: h.clock, ids, register });
    return { archive, retention: new RetentionService({ store, clock: h.clock, ids, register, archive }) };
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amparo-contacts-retention-'));
    under = await openStore(kind, 'contacts-retention');
    other = await openStore(kind, 'contacts-restored');
    h = await harness(under.store);
  });

  afterEach(async () => {
    await under.dispose();
    await other.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('G13: retention archives the contacts, then destroys their summaries with the case texts; an import restores them', async () => {
    const rapporteur = h.actor(CAST.rapporteur);
    const { case: c } = await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'retention-1');
    const { contact } = await h.services.contacts.record(rapporteur, c.reference, { on: '2026-03-09', means: 'through_ngo', party: 'representative', summary: SUMMARY });
    await h.services.cases.close(h.actor(CAST.chair), c.reference, 'actions_completed', '');
    await h.services.scheduler.planned();
    h.clock.advance(4 * 366 * DAY);

    const file = join(dir, 'retention.amparo');
    const report = await tools(under.store).retention.apply('CAT', 3, null, file);
    expect(report).toMatchObject({ destroyed: 1, failed: [] });
    const [stored] = await under.store.listContacts(c._id);
    expect(stored?.summary).toBe(DESTROYED);
    expect(stored).toMatchObject({ _id: contact._id, on: '2026-03-09', means: 'through_ngo', party: 'representative' });

    const archived = await tools(under.store).archive.read(file);
    expect(archived.header.sealedUnder).toEqual(['test1']);
    const [kept] = archived.cases[0]?.contacts ?? [];
    expect(kept?.summary).toBe(contact.summary);
    expect(TEST_KEY.open(kept!.summary, contactSummaryBinding(c._id, contact._id))).toBe(SUMMARY);

    // Restored elsewhere, twice (an import run again), the contact is there once, as it was.
    await tools(other.store).archive.import(archived);
    await tools(other.store).archive.import(archived);
    const restored = await other.store.listContacts(c._id);
    expect(restored).toHaveLength(1);
    expect(TEST_KEY.open(restored[0]!.summary, contactSummaryBinding(c._id, contact._id))).toBe(SUMMARY);
  });

  it('G10, G11: retention archives the information added to a case, then destroys its texts with the case texts; an import restores them', async () => {
    const { case: c } = await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'retention-2');
    const TEXT = 'Wkzt was questioned again at the border about the session.';
    const { information } = await h.services.information.add(h.actor(CAST.member), c.reference, { text: TEXT, source: 'person', channel: 'written', newIncident: 'yes', incidentOn: '2026-03-09' });
    await h.services.cases.close(h.actor(CAST.chair), c.reference, 'actions_completed', '');
    await h.services.scheduler.planned();
    h.clock.advance(4 * 366 * DAY);

    const file = join(dir, 'retention-information.amparo');
    expect(await tools(under.store).retention.apply('CAT', 3, null, file)).toMatchObject({ destroyed: 1, failed: [] });
    const [stored] = await under.store.listCaseInformation(c._id);
    expect(stored).toMatchObject({ _id: information._id, text: DESTROYED, source: 'person' });

    const archived = await tools(under.store).archive.read(file);
    const [kept] = archived.cases[0]?.information ?? [];
    expect(TEST_KEY.open(kept!.text, informationBinding(c._id, information._id))).toBe(TEXT);
    await tools(other.store).archive.import(archived);
    await tools(other.store).archive.import(archived);
    const restored = await other.store.listCaseInformation(c._id);
    expect(restored).toHaveLength(1);
    expect(TEST_KEY.open(restored[0]!.text, informationBinding(c._id, information._id))).toBe(TEXT);
  });
});
