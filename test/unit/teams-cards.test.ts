import { CASE_FORMS } from '../../flows/case-forms';
import { showCase, showQueue } from '../../flows/case.flow';
import type { FlowContext } from '../../flows/context';
import { DECISION_FORMS, decidedView } from '../../flows/decision.flow';
import { showHelp } from '../../flows';
import { intakeForm } from '../../flows/intake.flow';
import { notificationView } from '../../flows/notifications';
import type { MessageView, Reply } from '../../flows/view';
import { CARD_BYTES, formCard, viewCard, submittedValues, type Card } from '../../adapters/teams/cards/render';
import { silentLogger } from '../../src/logger';
import { NOTIFICATION_KINDS } from '../../src/services/notifications';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { allegation, CAST, harness, type Harness } from '../support/harness';

/**
 * Every Adaptive Card Amparo builds parses without an error or a warning in Microsoft's own
 * `adaptivecards` package, and stays within the size Teams accepts.
 */
// The package's main entry needs a browser; its distribution build parses in Node.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void; validateProperties(): { validationEvents: Array<{ message: string }> } };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

function problems(card: Card): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const out: string[] = [];
  for (let i = 0; i < context.eventCount; i++) out.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents) out.push(`validate: ${event.message}`);
  // The package is lenient about some things Teams is not: our own checks.
  const json = JSON.stringify(card);
  if (Buffer.byteLength(json) > CARD_BYTES) out.push(`size: ${Buffer.byteLength(json)} bytes`);
  if (card.version !== '1.5') out.push('version is not 1.5');
  for (const id of [...json.matchAll(/"id":"([^"]+)"/g)].map((m) => m[1])) if (json.split(`"id":"${id}"`).length > 2) out.push(`id ${id} repeats`);
  return out;
}

const viewer = { locale: 'en', timeZone: 'Europe/Zurich' };
const long = (n: number) => 'ẞ'.repeat(n);
let h: Harness;
const ctx = (who = CAST.chair): FlowContext => ({ person: who, actor: h.actor(who), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (k: string) => ({ displayName: k }) });

describe('Adaptive Cards parse cleanly and fit in Teams', () => {
  beforeAll(async () => {
    const store = new EmbeddedStore();
    await store.init();
    h = await harness(store);
  });

  it('every form, empty and with every field in error', async () => {
    const member = h.actor(CAST.member);
    const { case: c } = await h.services.cases.submitAllegation(member, allegation(), 'cards-form');
    const forms = [intakeForm([{ _id: 'CAT', name: 'Committee against Torture' }], () => new Date()), ...(await Promise.all([...CASE_FORMS, ...DECISION_FORMS].map((entry) => entry.build(ctx(), c))))];
    for (const form of forms) {
      const errors = Object.fromEntries(form.fields.map((f) => [f.name, { key: 'errors.field.required' }]));
      for (const reply of [
        { kind: 'form', form, context: 'CAT-2026-0001', values: {}, errors: {} },
        { kind: 'form', form, context: 'CAT-2026-0001', values: { sources: ['nhri'], narrative: long(3000) }, errors, formError: { key: 'errors.store_unavailable' } },
      ] as Array<Extract<Reply, { kind: 'form' }>>) {
        expect({ form: form.id, problems: problems(formCard(reply, viewer)) }).toEqual({ form: form.id, problems: [] });
      }
    }
  });

  it('every notification, and a decided proposal', async () => {
    for (const kind of NOTIFICATION_KINDS) {
      const view = notificationView({ kind, audience: 'chair', caseId: 'c', reference: 'CAT-2026-0001', committee: 'CAT', riskLevel: 'high', urgent: true, securityContact: '+41', proposal: { id: 'p', number: 1, type: 'G21', verdict: 'approved', decidedBy: 'Chen' } });
      expect({ kind, problems: problems(viewCard(view, viewer)) }).toEqual({ kind, problems: [] });
    }
  });

  it('the case at its largest keeps its buttons and fits, losing the oldest history first', async () => {
    const member = h.actor(CAST.member);
    const rapporteur = h.actor(CAST.rapporteur);
    const { case: c } = await h.services.cases.submitAllegation(member, allegation({ narrative: long(3000), victim: long(300) }), 'cards-heavy');
    await h.services.cases.recordSources(rapporteur, c.reference, ['nhri'], long(2000));
    await h.services.cases.consultCountryRapporteur(rapporteur, c.reference, CAST.countryRapporteur._id, long(2000));
    await h.services.cases.recordOutcome(rapporteur, c.reference, 'substantiated', long(2000));
    for (let i = 0; i < 10; i++) await h.services.cases.propose(rapporteur, c.reference, { type: 'G28', details: long(2000), doNoHarm: long(2000) });
    for (let i = 0; i < 100; i++) await h.services.reader.open(h.actor(CAST.chair), c.reference);
    const reply = await showCase(ctx(), c.reference);
    const card = viewCard((reply as { view: MessageView }).view, viewer);
    expect(problems(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain('decision.approve');
    expect(json).toContain('Older lines are left out here');
  });

  it('the queue, help, and right-to-left for Arabic', async () => {
    for (const reply of [await showQueue(ctx()), showHelp()]) expect(problems(viewCard((reply as { view: MessageView }).view, viewer))).toEqual([]);
    const c = (await h.store.listCases({})).find((x) => x.proposals.length > 0);
    const decided = await h.services.cases.decide(h.actor(CAST.chair), c!.reference, c!.proposals[0]!.id, 'declined', 'chair', '');
    expect(problems(viewCard((decidedView(decided.case, decided.proposal) as { view: MessageView }).view, viewer))).toEqual([]);
    expect(viewCard(showHelp().kind === 'message' ? (showHelp() as { view: MessageView }).view : ({} as MessageView), { locale: 'ar-EG', timeZone: 'UTC' }).rtl).toBe(true);
    expect(viewCard((showHelp() as { view: MessageView }).view, viewer).rtl).toBeUndefined();
  });

  it('reads a submitted card back: lists, people, and nothing that is not an answer', () => {
    expect(
      submittedValues({ verb: 'x', context: 'c', nonce: 'n', msteams: {}, kinds: { sources: 'multichoice', person: 'person' }, sources: 'nhri,civil_society', person: 'obj-1', narrative: 'text', deadlineDays: 30 }, 'tenant-1'),
    ).toEqual({ sources: ['nhri', 'civil_society'], person: 'teams:tenant-1:obj-1', narrative: 'text', deadlineDays: '30' });
  });
});
