import { runCommand, type FlowContext } from '../../flows';
import { localize } from '../../flows/localize';
import type { Reply, Text } from '../../flows/view';
import type { Person } from '../../src/domain/roles';
import { silentLogger } from '../../src/logger';
import { CAST, harness, type Harness } from '../support/harness';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * A person chooses the language Amparo speaks to them with `/amparo language <code>`; the
 * choice is remembered and wins over what their platform reports, until they say `auto`.
 */
const viewer = { locale: 'en', timeZone: 'UTC' };
const say = (text: Text | undefined) => (text ? localize(text, viewer) : '');
const words = (reply: Reply) => (reply.kind === 'message' ? [say(reply.view.title), ...reply.view.sections.flatMap((s) => (s.lines ?? []).map(say))].join('\n') : say(reply.form.title));

describe.each(STORE_KINDS)('choosing a language (%s store)', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  const ctx = (person: Person): FlowContext => ({ person, actor: h.actor(person), locale: person.locale, timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (key: string) => ({ displayName: key }) });
  const stored = async (person: Person) => (await under.store.getPerson(person._id)) as Person;

  beforeEach(async () => {
    under = await openStore(kind, 'language');
    h = await harness(under.store);
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('is remembered, and the platform\'s language no longer changes it', async () => {
    const reply = await runCommand(ctx(CAST.member), 'language fr');
    expect(words(reply)).toContain('From now on Amparo speaks to you in français');
    const chosen = await stored(CAST.member);
    expect([chosen.locale, chosen.languageChosen]).toEqual(['fr', true]);
    // Slack reports en-GB the next day: the choice stays.
    const refreshed = await h.services.people.refreshProfile(chosen, { displayName: 'Maria', locale: 'en-GB', timeZone: 'Europe/Madrid' });
    expect(refreshed.locale).toBe('fr');
    expect(refreshed.timeZone).toBe('Europe/Madrid');
  });

  it('auto gives the choice back to the platform at its next report', async () => {
    await runCommand(ctx(CAST.member), 'language ar');
    expect(words(await runCommand(ctx(await stored(CAST.member)), 'language auto'))).toContain('the language your platform gives');
    const released = await stored(CAST.member);
    expect(released.languageChosen).toBeUndefined();
    expect(h.services.people.profileStale(released)).toBe(true);
    expect((await h.services.people.refreshProfile(released, { displayName: 'Maria', locale: 'es-ES' })).locale).toBe('es-ES');
  });

  it('without a language, shows the one in use and offers the six, each named in itself', async () => {
    const reply = await runCommand(ctx(CAST.member), 'language');
    expect(words(reply)).toContain('Amparo speaks to you in');
    expect(reply.kind === 'message' && reply.view.buttons.map((b) => b.arg)).toEqual(['ar', 'zh', 'en', 'fr', 'ru', 'es', 'auto']);
    expect(reply.kind === 'message' && reply.view.buttons.slice(0, 6).map((b) => ('raw' in b.label ? b.label.raw : ''))).toEqual(['العربية', '中文', 'English', 'français', 'русский', 'español']);
  });

  it('a language Amparo does not speak is refused, naming the six, and nothing changes', async () => {
    expect(words(await runCommand(ctx(CAST.member), 'language klingon'))).toContain('"klingon" is not one of the languages Amparo speaks: ar, zh, en, fr, ru, es.');
    expect((await stored(CAST.member)).languageChosen).toBeUndefined();
  });
});
