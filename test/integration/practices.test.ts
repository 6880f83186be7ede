import { runAction, runCommand, submitForm, type FlowContext } from '../../flows';
import { ACTIONS } from '../../flows/actions';
import { localize } from '../../flows/localize';
import type { Reply, Text } from '../../flows/view';
import { fold, matchPractices, normaliseTags, parseQuery, type GoodPractice } from '../../src/domain/practices';
import type { Person } from '../../src/domain/roles';
import { silentLogger } from '../../src/logger';
import { CAST, harness, type Harness } from '../support/harness';
import { person } from '../support/people';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * The good-practice log (G16, G17) as people use it through the flows' entrance: a rapporteur
 * records a strategy with tags, rapporteurs of every committee and the chair find it, anyone
 * else is refused in plain words.
 */
const viewer = { locale: 'en', timeZone: 'UTC' };
const say = (text: Text | undefined) => (text ? localize(text, viewer) : '');
const words = (reply: Reply): string =>
  reply.kind === 'form'
    ? [say(reply.form.title), say(reply.form.intro), say(reply.formError), ...Object.values(reply.errors).map(say)].join('\n')
    : [say(reply.view.title), ...reply.view.sections.flatMap((s) => [say(s.heading), ...(s.fields ?? []).map((f) => `${say(f.label)}: ${say(f.value)}`), ...(s.lines ?? []).map(say)])].join('\n');

const RELOCATION = {
  title: 'Relocation before contacting the State party',
  strategy: 'The family was moved to a safe place, with the help of a national NGO, before the committee wrote to the State party. Détention was avoided.',
  tags: 'Relocation, NGO support ,relocation',
};

describe('good practices (G17): the record and its search, without a store', () => {
  const at = new Date('2026-03-10T09:00:00Z');
  const practice = (id: string, over: Partial<GoodPractice>): GoodPractice => ({ _id: id, committee: 'CAT', title: 't', strategy: 's', tags: ['x'], authorId: 'a', createdAt: at, ...over });

  it('tags are trimmed, lower-cased, one space between words, without duplicates', () => {
    expect(normaliseTags([' Relocation', 'NGO   Support', 'relocation', '', '#State dialogue'])).toEqual(['relocation', 'ngo support', 'state dialogue']);
  });

  it('finds by every word in title, strategy or tags, ignoring case and accents; #tag asks for a tag; newest first', () => {
    const a = practice('a', { title: 'Détention visits', tags: ['detention'], createdAt: new Date(at.getTime() - 1000) });
    const b = practice('b', { strategy: 'Joint letter with the NHRI about detention', tags: ['nhri'] });
    const c = practice('c', { title: 'Relocation', tags: ['relocation'] });
    expect(fold('Détention')).toBe('detention');
    expect(matchPractices([a, b, c], parseQuery('DETENTION')).map((p) => p._id)).toEqual(['b', 'a']);
    expect(matchPractices([a, b, c], parseQuery('#detention')).map((p) => p._id)).toEqual(['a']);
    expect(matchPractices([a, b, c], parseQuery('detention nhri')).map((p) => p._id)).toEqual(['b']);
    expect(matchPractices([a, b, c], parseQuery('')).map((p) => p._id)).toEqual(['b', 'c', 'a']);
    expect(matchPractices([a, b, c], parseQuery('nothing-like-this'))).toEqual([]);
  });
});

describe.each(STORE_KINDS)('good practices through the flows, on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  const ctx = (who: Person): FlowContext => ({ person: who, actor: h.actor(who), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (key: string) => ({ displayName: key }) });

  beforeEach(async () => {
    under = await openStore(kind, 'practices-flow');
    h = await harness(under.store);
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('G17: a rapporteur opens the form (warned not to identify anyone), records a practice once, even when the submission is retried', async () => {
    const form = await runCommand(ctx(CAST.rapporteur), 'practice add');
    expect(form.kind).toBe('form');
    if (form.kind !== 'form') return;
    expect(form.form.fields.map((f) => f.name)).toEqual(['title', 'strategy', 'tags']);
    expect(words(form)).toContain('Do not include names or any detail that could identify a person.');
    expect(form.form.fields.every((f) => !f.sensitive)).toBe(true);

    const done = await submitForm(ctx(CAST.rapporteur), ACTIONS.addPractice, '', RELOCATION, 'slack:view-1');
    expect(words(done)).toContain('Good practice recorded for CAT: Relocation before contacting the State party');
    expect(words(done)).toContain('Tags: relocation and ngo support.');
    await submitForm(ctx(CAST.rapporteur), ACTIONS.addPractice, '', RELOCATION, 'slack:view-1');
    const stored = await under.store.listPractices({});
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ committee: 'CAT', tags: ['relocation', 'ngo support'], authorId: CAST.rapporteur._id, createdAt: h.clock.now() });
  });

  it('wrong answers come back on their fields with everything typed kept', async () => {
    const cases: Array<[string, string]> = [
      ['', 'Give at least one tag'],
      [' , ,', 'Give at least one tag'],
      ['a,b,c,d,e,f,g,h,i', 'At most 8 tags'],
      ['x'.repeat(31), 'at most 30 characters'],
      ['<script>', 'letters, digits, spaces and hyphens'],
    ];
    for (const [tags, error] of cases) {
      const values = { ...RELOCATION, title: '', tags };
      const reply = await submitForm(ctx(CAST.rapporteur), ACTIONS.addPractice, '', values, `k-${tags}`);
      expect(reply.kind).toBe('form');
      if (reply.kind !== 'form') continue;
      expect(Object.keys(reply.errors).sort()).toEqual(['tags', 'title']);
      expect(say(reply.errors.tags)).toContain(error);
      expect(reply.values).toEqual(values);
    }
    expect(await under.store.listPractices({})).toEqual([]);
  });

  it('a member, a country rapporteur and a former rapporteur are refused in plain words, and nothing is stored', async () => {
    for (const who of [CAST.member, CAST.countryRapporteur, CAST.formerRapporteur]) {
      expect(words(await runCommand(ctx(who), 'practice add'))).toBe('Only rapporteurs record good practices (G17), and you are not a rapporteur of any committee.');
      expect(words(await submitForm(ctx(who), ACTIONS.addPractice, '', RELOCATION, 'k'))).toBe('Only rapporteurs record good practices (G17), and you are not a rapporteur of any committee.');
      expect(words(await runCommand(ctx(who), 'practice search relocation'))).toBe('Good practices are shared among rapporteurs (G16) and with the chairs; you hold neither role.');
    }
    expect(await under.store.listPractices({})).toEqual([]);
  });

  it('G16: rapporteurs of another committee and the chair find it by words or #tag, accents and case aside; a CCPR chair does not see it', async () => {
    await submitForm(ctx(CAST.rapporteur), ACTIONS.addPractice, '', RELOCATION, 'k1');
    h.clock.advance(60_000);
    await h.services.practices.record(h.actor(CAST.otherCommittee), { committee: 'CCPR', title: 'Joint letter with the NHRI', strategy: 'A joint letter with the national human rights institution.', tags: 'nhri, letters' }, 'k2');

    const found = words(await runCommand(ctx(CAST.otherCommittee), 'practice search DETENTION relocation'));
    expect(found).toContain('Good practices matching “DETENTION relocation” (1)');
    expect(found).toContain('Relocation before contacting the State party');
    expect(found).toContain('Tags: relocation and ngo support');
    expect(found).toContain('Committee: CAT');
    expect(found).toContain('Recorded: Mar 10, 2026');
    expect(found).toContain(RELOCATION.strategy);
    expect(found).not.toContain(CAST.rapporteur._id);

    expect(words(await runCommand(ctx(CAST.chair), 'practices #relocation'))).toContain('Good practices matching “#relocation” (1)');
    const all = await runCommand(ctx(CAST.otherCommittee), 'practices');
    expect(words(all)).toContain('Good practices (2)');
    expect(all.kind === 'message' && all.view.sections.map((s) => say(s.heading)).slice(0, 2)).toEqual(['Joint letter with the NHRI', 'Relocation before contacting the State party']);
    expect(words(await runCommand(ctx(CAST.chair), 'practice'))).toContain('Good practices (1)');
    expect(words(await runCommand(ctx(CAST.chair), 'practice search letters'))).toContain('No good practice matches.');

    const ccprChair = person('carla', 'chair', { committee: 'CCPR' });
    await under.store.insertPerson(ccprChair);
    expect(words(await runCommand(ctx(ccprChair), 'practices'))).toContain('Good practices (1)');
    expect(words(await runCommand(ctx(ccprChair), 'practices relocation'))).toContain('No good practice matches.');
  });

  it('someone who is rapporteur of two committees chooses the committee; the help names the commands', async () => {
    const both: Person = { ...person('rosa', 'rapporteur'), roles: [...person('rosa', 'rapporteur').roles, ...person('rosa', 'rapporteur', { committee: 'CCPR' }).roles.map((r) => ({ ...r, id: 'rosa-ccpr' }))] };
    await under.store.insertPerson(both);
    const form = await runAction(ctx(both), ACTIONS.addPractice, '');
    expect(form.kind === 'form' && form.form.fields.map((f) => f.name)).toEqual(['committee', 'title', 'strategy', 'tags']);
    const missing = await submitForm(ctx(both), ACTIONS.addPractice, '', RELOCATION, 'k1');
    expect(missing.kind === 'form' && Object.keys(missing.errors)).toEqual(['committee']);
    expect(words(await submitForm(ctx(both), ACTIONS.addPractice, '', { ...RELOCATION, committee: 'CCPR' }, 'k1'))).toContain('Good practice recorded for CCPR');
    expect(words(await runCommand(ctx(CAST.member), 'help'))).toContain('/amparo practice add — record a good practice');
  });

  it('a search too long is refused with its limit; operator-shaped words are only words', async () => {
    await submitForm(ctx(CAST.rapporteur), ACTIONS.addPractice, '', RELOCATION, 'k1');
    expect(words(await runCommand(ctx(CAST.rapporteur), `practice search ${'x'.repeat(201)}`))).toBe('That search is too long: at most 200 characters.');
    expect(words(await runCommand(ctx(CAST.rapporteur), 'practice search {"$gt":""}'))).toContain('No good practice matches.');
  });
});
