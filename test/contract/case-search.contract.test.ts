import type { CaseSearch } from '../../src/domain/case-search';
import type { Store } from '../../src/store/store';
import { caseRecord, RECORDED_AT } from '../support/case-record';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/** The Store contract for finding a case (G11), on both stores: the same answers, newest first, nothing but what identifies a case. */
const DAY = 24 * 60 * 60 * 1000;
const day = (n: number) => new Date(RECORDED_AT.getTime() + n * DAY);

describe.each(STORE_KINDS)('Store contract, finding a case: %s', (kind) => {
  let under: StoreUnderTest;
  let store: Store;

  beforeAll(async () => {
    under = await openStore(kind, 'case-search');
    store = under.store;
    const assessed = (outcome: 'substantiated' | 'not_substantiated') => ({ startedBy: 'amina', startedAt: RECORDED_AT, sources: [], outcome, assessedBy: 'amina', assessedAt: RECORDED_AT });
    await store.insertCase(caseRecord(1, { createdAt: day(0) }));
    await store.insertCase(caseRecord(2, { createdAt: day(10), stateParty: 'DK', riskLevel: 'low' }));
    await store.insertCase(caseRecord(3, { createdAt: day(20), status: 'assessed', assessment: assessed('substantiated') }));
    await store.insertCase(caseRecord(4, { createdAt: day(30), status: 'closed', assessment: assessed('not_substantiated'), riskLevel: 'medium' }));
    await store.insertCase(caseRecord(5, { createdAt: day(40), committee: 'CCPR', reference: 'CCPR-2026-0005' }));
  });

  afterAll(async () => {
    await under.dispose();
  });

  const found = async (search: Partial<CaseSearch>) => (await store.searchCases({ committees: ['CAT'], limit: 10, ...search })).map((c) => c.reference.slice(-1));

  it('G11: lists the committee\'s cases newest first, at most the limit', async () => {
    expect(await found({})).toEqual(['4', '3', '2', '1']);
    expect(await found({ limit: 2 })).toEqual(['4', '3']);
    expect(await found({ committees: ['CAT', 'CCPR'] })).toEqual(['5', '4', '3', '2', '1']);
    expect(await found({ committees: [] })).toEqual([]);
  });

  it('filters by State party, status, outcome (not yet assessed included) and risk, all criteria together', async () => {
    expect(await found({ stateParty: 'DK' })).toEqual(['2']);
    expect(await found({ status: 'closed' })).toEqual(['4']);
    expect(await found({ outcome: 'substantiated' })).toEqual(['3']);
    expect(await found({ outcome: 'not_assessed' })).toEqual(['2', '1']);
    expect(await found({ riskLevel: 'high' })).toEqual(['3', '1']);
    expect(await found({ riskLevel: 'high', outcome: 'not_assessed', stateParty: 'NO' })).toEqual(['1']);
  });

  it('filters by the period received, from inclusive, to exclusive', async () => {
    expect(await found({ from: day(10), to: day(30) })).toEqual(['3', '2']);
    expect(await found({ from: day(30) })).toEqual(['4']);
    expect(await found({ to: day(10) })).toEqual(['1']);
  });

  it('hands out only what identifies a case: no narrative, victim, consent or assessment', async () => {
    const [first] = await store.searchCases({ committees: ['CAT'], limit: 1 });
    expect(first).toEqual({ _id: 'case-4', reference: 'CAT-2026-0004', committee: 'CAT', stateParty: 'NO', status: 'closed', createdAt: day(30) });
    expect(first?.createdAt).toBeInstanceOf(Date);
  });
});
