import fc from 'fast-check';
import { FORM_IDS, prepareSubmission, runAction, runCommand, submitForm, type FlowContext } from '../../flows';
import { RateLimiter } from '../../src/services/rate-limit';
import { ACTION_IDS, ACTIONS } from '../../flows/actions';
import { localize } from '../../flows/localize';
import type { Reply, Text } from '../../flows/view';
import { readMetadata, submittedValues as slackValues } from '../../adapters/slack/render/modal';
import { buttonOf, executeVerbOf, submissionOf, submittedValues as teamsValues } from '../../adapters/teams/cards/render';
import type { Person } from '../../src/domain/roles';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { captureLogs, type CapturedLogs } from '../support/log-capture';
import { allegation, CAST, harness, type Harness } from '../support/harness';
import { openStore, type StoreUnderTest } from '../support/stores';

/**
 * Hostile input, generated: every typed command, pressed button, submitted form and platform
 * payload parser meets random, oversized, wrong-typed, operator-shaped, control-character and
 * mixed-direction input. Each must give a clear answer or store the text literally; none may
 * end in an unexpected error (which the flows would log at level error) or an exception.
 */
const HOSTILE_STRINGS = [
  '{"$gt": ""}',
  '{"$where": "sleep(5000)"}',
  '$ne',
  '__proto__',
  'constructor',
  'CAT-2026-0001#{"$gt":""}',
  '\u0000\u0007\u001b[31mred\u001b[0m\r\n',
  '\u202Eعكس الاتجاه\u202C then English',
  '\u2067مرحبا\u2069 שלום \u200Fmixed\u200E',
  '<script>alert(1)</script> <!channel> <@U0001> *bold*',
  '\uD800 lone half',
  'x'.repeat(70_000),
  '   ',
  '',
];

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom(...HOSTILE_STRINGS),
);
const hostileValue = fc.oneof(hostileString, fc.array(hostileString, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined));

const viewer = { locale: 'en', timeZone: 'UTC' };
const say = (text: Text | undefined) => (text ? localize(text, viewer) : '');
const words = (reply: Reply): string =>
  reply.kind === 'form'
    ? [say(reply.form.title), say(reply.formError), ...Object.values(reply.errors).map(say)].join('\n')
    : [say(reply.view.title), ...reply.view.sections.flatMap((s) => (s.lines ?? []).map(say))].join('\n');

const PEOPLE = [CAST.member, CAST.rapporteur, CAST.chair, CAST.countryRapporteur, CAST.security, CAST.formerRapporteur, CAST.otherCommittee];

describe('hostile input through the flows', () => {
  let h: Harness;
  let logs: CapturedLogs;
  let reference: string;
  const ctx = (person: Person): FlowContext => ({ person, actor: h.actor(person), locale: 'en', timeZone: 'UTC', services: h.services, logger: logs.logger, profileOf: async (key: string) => ({ displayName: key }) });

  beforeAll(async () => {
    logs = captureLogs('warn');
    h = await harness(new EmbeddedStore(), undefined, undefined, logs.logger);
    const { case: c } = await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'seed');
    reference = c.reference;
  });

  beforeEach(() => {
    // Each property runs many times; the per-person rate limits are proven on their own below.
    h.clock.advance(15 * 60 * 1000);
  });

  afterEach(() => {
    expect(logs.errors()).toEqual([]);
  });

  /** Ends each generated run with a fresh allowance, so the limiter never masks an answer. */
  const fresh = () => h.clock.advance(15 * 60 * 1000);

  it('any typed command gets an answer, from anyone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PEOPLE), fc.oneof(hostileString, hostileString.map((s) => `case ${s}`), hostileString.map((s) => `approve ${reference} ${s}`)), async (person, text) => {
        fresh();
        const reply = await runCommand(ctx(person), text);
        expect(['form', 'message']).toContain(reply.kind);
        expect(words(reply)).not.toMatch(/\n\s+at .*:\d+:\d+/);
      }),
      { numRuns: 150 },
    );
  });

  it('any button, real or forged, with any argument, gets an answer', async () => {
    const action = fc.oneof(fc.constantFrom(...ACTION_IDS), hostileString);
    const arg = fc.oneof(hostileString, fc.constant(reference), hostileString.map((s) => `${reference}#${s}`), hostileString.map((s) => `${s}|7`));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PEOPLE), action, arg, async (person, id, argument) => {
        fresh();
        const reply = await runAction(ctx(person), id, argument);
        expect(['form', 'message']).toContain(reply.kind);
      }),
      { numRuns: 200 },
    );
  });

  it('any submitted form, with any answers of any type, gets an answer, and a form comes back with strings only', async () => {
    const answers = fc.dictionary(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('narrative', 'victim', 'note', 'reason', 'days', 'sources', 'verdict', '$where', 'reporterId')), hostileValue, { maxKeys: 8 });
    const context = fc.oneof(fc.constant(reference), fc.constant(`${reference}#1`), hostileString);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PEOPLE), fc.oneof(fc.constantFrom(...FORM_IDS), hostileString), context, answers, fc.uuid(), async (person, formId, formContext, submitted, key) => {
        fresh();
        const reply = await submitForm(ctx(person), formId, formContext, submitted, key);
        expect(['form', 'message']).toContain(reply.kind);
        if (reply.kind === 'form') {
          for (const value of Object.values(reply.values)) expect(typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('G11: hostile text in an allegation is refused with a clear reason or stored and read back exactly as typed', async () => {
    const texts = fc.record({ narrative: hostileString, victim: hostileString, place: hostileString, sourceContact: hostileString });
    let stored = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(texts, fc.uuid(), async (typed, key) => {
        fresh();
        const submitted = { ...allegation(), ...typed, stateParty: 'Norway' };
        const reply = await submitForm(ctx(CAST.member), ACTIONS.report, '', submitted, key);
        if (reply.kind === 'form') {
          // Refused: the person sees why, and everything typed is still in the form.
          expect(Object.keys(reply.errors).length + (reply.formError ? 1 : 0)).toBeGreaterThan(0);
          for (const name of ['narrative', 'victim', 'place', 'sourceContact'] as const) expect(reply.values[name]).toBe(typed[name]);
          refused += 1;
          return;
        }
        const created = (await h.store.findCaseBySubmissionKey(`maria:${key}`)) ?? fail('the case was not stored');
        const opened = await h.services.reader.open(h.actor(CAST.rapporteur), created.reference);
        expect(opened.texts.narrative).toBe(typed.narrative.trim());
        expect(opened.texts.victim).toBe(typed.victim.trim());
        expect(opened.texts.place ?? '').toBe(typed.place.trim());
        expect(opened.texts.sourceContact ?? '').toBe(typed.sourceContact.trim());
        stored += 1;
      }),
      { numRuns: 120 },
    );
    // Both paths were really taken, not just one of them.
    expect(stored).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  });

  it('a text with a broken character is refused on its field, never stored altered', async () => {
    const reply = await submitForm(ctx(CAST.member), ACTIONS.report, '', { ...allegation(), victim: 'Ingrid \uDC00', stateParty: 'Norway' }, 'broken-1');
    expect(reply.kind).toBe('form');
    expect(reply.kind === 'form' && say(reply.errors.victim)).toBe('This answer contains a broken character; please type it again.');
  });
});

describe('per-person rate limits', () => {
  let under: StoreUnderTest;
  let h: Harness;
  const rawIntake = () => ({ ...allegation(), stateParty: 'Norway' }) as Record<string, string>;
  const ctx = (person: Person): FlowContext => ({ person, actor: h.actor(person), locale: 'en', timeZone: 'UTC', services: h.services, logger: captureLogs('silent').logger, profileOf: async (key: string) => ({ displayName: key }) });

  beforeEach(async () => {
    under = await openStore('embedded', 'limits');
    h = await harness(under.store);
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('a flood of intake submissions is refused with a clear message, and the answers are kept', async () => {
    for (let i = 0; i < 10; i++) expect(words(await submitForm(ctx(CAST.member), ACTIONS.report, '', rawIntake(), `flood-${i}`))).toContain('Allegation received');
    const refused = await submitForm(ctx(CAST.member), ACTIONS.report, '', rawIntake(), 'flood-10');
    expect(refused.kind).toBe('form');
    expect(refused.kind === 'form' && refused.values.narrative).toBe(allegation().narrative);
    expect(words(refused)).toContain('Too many requests in a short time.');
    expect(await under.store.listCases({})).toHaveLength(10);
    h.clock.advance(10 * 60 * 1000);
    expect(words(await submitForm(ctx(CAST.member), ACTIONS.report, '', rawIntake(), 'flood-10'))).toContain('Allegation received: CAT-2026-0011');
  });

  it('a flood of button presses is refused with a clear message, for that person only', async () => {
    for (let i = 0; i < 60; i++) await runAction(ctx(CAST.chair), ACTIONS.help, '');
    expect(words(await runAction(ctx(CAST.chair), ACTIONS.help, ''))).toBe('Too many requests in a short time. Please wait a few minutes and try again; what you typed is kept.');
    expect(words(await runAction(ctx(CAST.rapporteur), ACTIONS.help, ''))).toContain('how it works');
  });

  it('a flood of inline form checks is refused on the form, for that person only', async () => {
    const check = async (who: Person) => (await prepareSubmission(ctx(who), ACTIONS.report, '', rawIntake())).errors();
    for (let i = 0; i < 120; i++) expect(await check(CAST.member)).toEqual({});
    expect(await check(CAST.member)).toEqual({ committee: { key: 'errors.rate_limited' } });
    expect(await check(CAST.rapporteur)).toEqual({});
    h.clock.advance(60 * 1000);
    expect(await check(CAST.member)).toEqual({});
  });

  it('remembers only people active lately: ten thousand people over a day leave it bounded', () => {
    const limiter = new RateLimiter(h.clock);
    for (let i = 0; i < 10_000; i++) {
      expect(limiter.take(`person-${i}`, i % 2 ? 'action' : 'check')).toBe(true);
      h.clock.advance(9 * 1000);
    }
    // 10,000 people, one every 9 s: only those of the last ten minutes or so are still held.
    expect(limiter.remembered).toBeLessThan(200);
    expect(limiter.take('person-9999', 'intake')).toBe(true);
  });
});

describe('platform payload parsers', () => {
  const anyPayload = fc.oneof(fc.anything(), fc.jsonValue(), fc.constant(null), fc.constant(undefined));
  const isAnswer = (value: unknown) => typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));

  it('Slack view state of any shape reads as answers or as nothing, never a crash', () => {
    const slackState = fc.oneof(anyPayload, fc.record({ values: fc.dictionary(fc.string(), fc.dictionary(fc.string(), fc.oneof(anyPayload, fc.record({ type: fc.string(), value: fc.oneof(hostileString, anyPayload) })))) }));
    fc.assert(
      fc.property(slackState, hostileString, (state, team) => {
        const values = slackValues(state, team);
        expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
        for (const value of Object.values(values)) expect(isAnswer(value)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('Slack modal metadata of any shape reads as a context string', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, fc.jsonValue().map((v) => JSON.stringify(v)), anyPayload), (raw) => {
        expect(typeof readMetadata(raw).context).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('Teams dialog and card data of any shape read as answers, verbs and arguments, never a crash', () => {
    const teamsData = fc.oneof(anyPayload, fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('verb', 'context', 'kinds', 'nonce', 'arg')), fc.oneof(hostileValue, fc.dictionary(fc.string(), fc.constantFrom('multichoice', 'person', 'other')))));
    fc.assert(
      fc.property(teamsData, hostileString, (data, tenant) => {
        for (const value of Object.values(teamsValues(data, tenant))) expect(isAnswer(value)).toBe(true);
        const button = buttonOf(data);
        expect([typeof button.verb, typeof button.arg]).toEqual(['string', 'string']);
        const submission = submissionOf(data);
        expect([typeof submission.verb, typeof submission.context]).toEqual(['string', 'string']);
        if (submission.nonce !== undefined) expect(submission.nonce).toMatch(/^[\w-]{8,64}$/);
        expect(typeof executeVerbOf(data)).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('a field named __proto__ or constructor never reaches the answers\' prototype', () => {
    const slack = slackValues(JSON.parse('{"values":{"__proto__":{"a":{"type":"plain_text_input","value":"x"}},"narrative":{"a":{"type":"plain_text_input","value":"told"}}}}'));
    expect(slack).toEqual({ narrative: 'told' });
    expect(Object.getPrototypeOf(slack)).toBe(Object.prototype);
    const teams = teamsValues(JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":"x","victim":"named"}'), 't');
    expect(teams).toEqual({ victim: 'named' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
