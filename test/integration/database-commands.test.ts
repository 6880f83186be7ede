import { runAction, runCommand, submitForm, type FlowContext } from '../../flows';
import { ACTIONS } from '../../flows/actions';
import type { Person } from '../../src/domain/roles';
import { silentLogger } from '../../src/logger';
import { MongoStore } from '../../src/store/mongo-store';
import { allegation, CAST, harness, type Harness } from '../support/harness';
import { openStore, type StoreUnderTest } from '../support/stores';

/**
 * How many commands one request sends to MongoDB (counted, never timed). A case is loaded once
 * per request: opening it reads it, records the opening, reads its register, the names in it and
 * the contacts kept with it.
 */
describe('database commands per request, on MongoDB', () => {
  let under: StoreUnderTest;
  let h: Harness;
  const sent: string[] = [];
  const ctx = (person: Person): FlowContext => ({ person, actor: h.actor(person), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (key: string) => ({ displayName: key }) });
  const intake = () => ({ ...allegation(), stateParty: 'Norway' }) as Record<string, string>;

  /** The commands `work` sends, those it leaves running in the background (reminders planned) included. */
  async function commandsOf(work: () => Promise<unknown>): Promise<string[]> {
    sent.length = 0;
    await work();
    await h.services.scheduler.planned();
    return [...sent];
  }

  beforeEach(async () => {
    under = await openStore('mongodb', 'commands');
    h = await harness(under.store);
    if (!(under.store instanceof MongoStore)) throw new Error('counting commands needs the MongoDB store');
    under.store.onCommand((name, collection) => sent.push(`${name} ${collection}`));
    // A first report, so that what follows is what every later request costs.
    await submitForm(ctx(CAST.member), ACTIONS.report, '', intake(), 'slack:view-0');
    await h.services.scheduler.planned();
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('opening a case reads it once, the names in it at once, and sends at most six commands', async () => {
    await runAction(ctx(CAST.rapporteur), ACTIONS.openCase, 'CAT-2026-0001');
    const commands = await commandsOf(() => runAction(ctx(CAST.rapporteur), ACTIONS.openCase, 'CAT-2026-0001'));
    expect(commands.filter((c) => c.endsWith(' cases'))).toEqual(['find cases']);
    expect(commands.filter((c) => c.endsWith(' people'))).toEqual(['find people']);
    // The case, the opening recorded, the register, the names, the contacts kept (G13), the information added (G10).
    expect(commands.length).toBeLessThanOrEqual(6);
  });

  it('the reporter asking for their case reads it once and records no opening', async () => {
    const commands = await commandsOf(() => runAction(ctx(CAST.member), ACTIONS.openCase, 'CAT-2026-0001'));
    expect(commands).toEqual(['find cases']);
  });

  it('an intake, from the form to its alerts and reminders, lists the committees once per request', async () => {
    const opening = await commandsOf(() => runCommand(ctx(CAST.member), 'report'));
    const saving = await commandsOf(() => submitForm(ctx(CAST.member), ACTIONS.report, '', intake(), 'slack:view-1'));
    expect(opening).toEqual(['find committees']);
    expect(saving.filter((c) => c.endsWith(' committees'))).toEqual(['find committees']);
    expect(saving.filter((c) => c.endsWith(' people'))).toEqual(['find people']);
    expect(opening.length + saving.length).toBeLessThanOrEqual(11);
  });
});
