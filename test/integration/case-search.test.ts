import { submitForm, type FlowContext } from '../../flows';
import { ACTIONS } from '../../flows/actions';
import { SEARCH_LIMIT } from '../../src/domain/case-search';
import type { Person } from '../../src/domain/roles';
import { silentLogger } from '../../src/logger';
import { TestClock } from '../support/clock';
import { allegation, CAST, harness, type Harness } from '../support/harness';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/** Finding a case (G11) through the services and the flow, on both stores. */
describe.each(STORE_KINDS)('finding a case on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;

  beforeAll(async () => {
    under = await openStore(kind, 'case-search-flow');
    h = await harness(under.store, new TestClock(new Date('2026-03-10T09:00:00Z')));
    for (let i = 0; i < SEARCH_LIMIT + 2; i++) {
      h.clock.advance(60_000);
      await h.services.cases.submitAllegation(h.actor(CAST.member), allegation({ stateParty: i === 0 ? 'DK' : 'NO' }), `search-${i}`);
    }
  });

  afterAll(async () => {
    await under.dispose();
  });

  const ctx = (person: Person): FlowContext => ({ person, actor: h.actor(person), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (key: string) => ({ displayName: key }) });

  it('G11: lists the newest cases first, at most the limit, and says when more match', async () => {
    const { cases, more } = await h.services.caseSearch.search(h.actor(CAST.rapporteur), { stateParty: 'NO' });
    expect(cases).toHaveLength(SEARCH_LIMIT);
    expect(more).toBe(true);
    expect(cases[0]?.reference).toBe(`CAT-2026-${String(SEARCH_LIMIT + 2).padStart(4, '0')}`);
    expect(Object.keys(cases[0] ?? {}).sort()).toEqual(['_id', 'committee', 'createdAt', 'reference', 'stateParty', 'status']);
  });

  it('G8, G11: a rapporteur of another committee, a member and a country rapporteur are refused', async () => {
    for (const who of [CAST.otherCommittee, CAST.member, CAST.countryRapporteur]) {
      await expect(h.services.caseSearch.search(h.actor(who), { committee: 'CAT' })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    }
  });

  it('the form answers with the cases in a view marked confidential, each with its Open button; a period ending before it starts is refused on its field', async () => {
    const reply = await submitForm(ctx(CAST.chair), ACTIONS.searchCases, '', { stateParty: 'Denmark', from: '2026-03-10', to: '2026-03-10' }, 'k1');
    if (reply.kind !== 'message') throw new Error(`expected a message, got ${reply.kind}`);
    expect(reply.view.sensitive).toBe(true);
    expect(reply.view.buttons.map((b) => [b.action, b.arg])).toEqual([[ACTIONS.openCase, 'CAT-2026-0001'], [ACTIONS.searchCases, '']]);
    const wrong = await submitForm(ctx(CAST.chair), ACTIONS.searchCases, '', { from: '2026-03-10', to: '2026-03-01' }, 'k2');
    expect(wrong.kind === 'form' && wrong.errors).toEqual({ to: { key: 'errors.search_period' } });
  });
});
