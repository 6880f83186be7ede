import { ACTIONS } from '../../flows/actions';
import { CASE_FORMS } from '../../flows/case-forms';
import { showCase, showQueue } from '../../flows/case.flow';
import type { FlowContext } from '../../flows/context';
import { DECISION_FORMS, decidedView } from '../../flows/decision.flow';
import { showHelp } from '../../flows';
import { homeView } from '../../flows/home.flow';
import { intakeForm } from '../../flows/intake.flow';
import { notificationView } from '../../flows/notifications';
import type { MessageView, Reply } from '../../flows/view';
import { viewBlocks } from '../../adapters/slack/render/blocks';
import { formModal, messageModal, submittedValues, workingModal } from '../../adapters/slack/render/modal';
import { SLACK_LIMITS } from '../../adapters/slack/render/limits';
import { silentLogger } from '../../src/logger';
import { NOTIFICATION_KINDS } from '../../src/services/notifications';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { blockProblems, modalProblems } from '../support/slack/block-kit-limits';
import { allegation, CAST, harness, type Harness } from '../support/harness';

/**
 * Every view and message Amparo builds for Slack, rendered at its largest, stays within
 * Slack's documented limits (block counts, text lengths, option counts, ids).
 */
const viewer = { locale: 'en', timeZone: 'Europe/Zurich' };
const long = (n: number) => 'ẞ'.repeat(n);

let h: Harness;
const ctx = (who = CAST.chair): FlowContext => ({ person: who, actor: h.actor(who), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (key: string) => ({ displayName: key }) });

/** A case with everything at its longest: 3000-character texts, many proposals, a long history. */
async function heavyCase(): Promise<string> {
  const member = h.actor(CAST.member);
  const rapporteur = h.actor(CAST.rapporteur);
  const { case: c } = await h.services.cases.submitAllegation(member, allegation({ narrative: long(3000), victim: long(300), place: long(300), sourceContact: long(300) }), `heavy-${Math.random()}`);
  await h.services.cases.recordSources(rapporteur, c.reference, ['state_party', 'nhri', 'civil_society', 'secretariat', 'other_un_bodies', 'ohchr_field_presence', 'individuals_concerned', 'national_preventive_mechanism'], long(2000));
  await h.services.cases.consultCountryRapporteur(rapporteur, c.reference, CAST.countryRapporteur._id, long(2000));
  await h.services.cases.recordOutcome(rapporteur, c.reference, 'substantiated', long(2000));
  for (let i = 0; i < 12; i++) await h.services.cases.propose(rapporteur, c.reference, { type: 'G28', details: long(2000), doNoHarm: long(2000), deadlineDays: 30 });
  for (let i = 0; i < 120; i++) await h.services.reader.open(h.actor(CAST.chair), c.reference);
  return c.reference;
}

describe('Slack rendering stays within Block Kit limits', () => {
  beforeAll(async () => {
    const store = new EmbeddedStore();
    await store.init();
    h = await harness(store);
  });

  it('every form, empty, filled at its longest, and with every field in error', async () => {
    const c = (await h.store.listCases({}))[0] ?? (await h.store.findCaseByReference(await heavyCase()));
    const forms = [intakeForm([{ _id: 'CAT', name: long(200) }], () => new Date()), ...(await Promise.all([...CASE_FORMS, ...DECISION_FORMS].map((entry) => entry.build(ctx(), c!))))];
    expect(forms.map((f) => f.id).sort()).toEqual([ACTIONS.report, ...[...CASE_FORMS, ...DECISION_FORMS].map((e) => e.id)].sort());
    for (const form of forms) {
      const values = Object.fromEntries(form.fields.map((f) => [f.name, f.kind === 'multichoice' ? (f.options ?? []).map((o) => o.value) : f.options ? (f.options[0]?.value ?? '') : long(f.maxLength ?? 30)]));
      const errors = Object.fromEntries(form.fields.map((f) => [f.name, { key: 'errors.field.too_long', vars: { count: 3000 } }]));
      for (const reply of [
        { kind: 'form', form, context: `CAT-2026-0001#${long(100)}`, values: {}, errors: {} },
        { kind: 'form', form, context: 'CAT-2026-0001', values, errors, formError: { key: 'errors.store_unavailable' } },
      ] as Array<Extract<Reply, { kind: 'form' }>>) {
        const modal = formModal(reply, viewer) as unknown as Record<string, unknown>;
        expect({ form: form.id, problems: modalProblems(modal) }).toEqual({ form: form.id, problems: [] });
      }
    }
  });

  it('every notification, as a DM', () => {
    for (const kind of NOTIFICATION_KINDS) {
      for (const urgent of [false, true]) {
        const view = notificationView({
          kind,
          audience: 'rapporteur',
          caseId: 'c',
          reference: 'CEDAW-2026-12345',
          committee: 'CEDAW',
          riskLevel: 'high',
          urgent,
          securityContact: long(300),
          proposal: { id: 'p', number: 99, type: 'G30', verdict: 'more_requested', decidedBy: long(200) },
        });
        expect({ kind, problems: blockProblems(viewBlocks(view, viewer, SLACK_LIMITS.messageBlocks) as never, 50) }).toEqual({ kind, problems: [] });
      }
    }
  });

  it('the case at its largest, in a modal, keeps its buttons', async () => {
    const reference = await heavyCase();
    const reply = await showCase(ctx(), reference);
    expect(reply.kind).toBe('message');
    const view = (reply as { view: MessageView }).view;
    const modal = messageModal(view, viewer) as unknown as Record<string, unknown>;
    expect(modalProblems(modal)).toEqual([]);
    const blocks = modal.blocks as Array<{ type: string }>;
    expect(blocks.at(-1)?.type).toBe('actions');
    expect(JSON.stringify(blocks)).toContain('decision.approve');
  });

  it('the App Home, the queue, help, a decision and the working modal', async () => {
    for (let i = 0; i < 40; i++) await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), `queue-${i}`);
    const views: MessageView[] = [await homeView(ctx()), await homeView(ctx(CAST.member))];
    for (const reply of [await showQueue(ctx()), showHelp()]) if (reply.kind === 'message') views.push(reply.view);
    const c = (await h.store.listCases({})).find((x) => x.proposals.length > 0);
    const decided = await h.services.cases.decide(h.actor(CAST.chair), c!.reference, c!.proposals[0]!.id, 'approved', 'chair', '');
    views.push((decidedView(decided.case, decided.proposal) as { view: MessageView }).view);
    for (const view of views) {
      expect(blockProblems(viewBlocks(view, viewer, 100) as never, 100)).toEqual([]);
      expect(blockProblems(viewBlocks(view, viewer, 50) as never, 50)).toEqual([]);
    }
    expect(modalProblems(workingModal(viewer) as unknown as Record<string, unknown>)).toEqual([]);
  });

  it('reads back what a submitted modal holds, for every kind of input', () => {
    expect(
      submittedValues({
        values: {
          narrative: { narrative: { type: 'plain_text_input', value: 'text' } },
          place: { place: { type: 'plain_text_input', value: null } },
          riskLevel: { riskLevel: { type: 'static_select', selected_option: { value: 'high' } } },
          channel: { channel: { type: 'static_select', selected_option: null } },
          sources: { sources: { type: 'checkboxes', selected_options: [{ value: 'nhri' }, { value: 'civil_society' }] } },
          incidentDate: { incidentDate: { type: 'datepicker', selected_date: '2026-01-02' } },
          deadlineDays: { deadlineDays: { type: 'number_input', value: '30' } },
        },
      }),
    ).toEqual({ narrative: 'text', place: '', riskLevel: 'high', channel: '', sources: ['nhri', 'civil_society'], incidentDate: '2026-01-02', deadlineDays: '30' });
  });

  it('shows times in UTC, saying so, for a time zone the runtime does not know', () => {
    const blocks = viewBlocks({ tone: 'info', title: { raw: 'x' }, sections: [{ lines: [{ key: 'common.date', vars: { date: { date: new Date('2026-03-01T10:00:00Z'), withTime: true } } }] }], buttons: [], sensitive: false }, { locale: 'en', timeZone: 'Mars/Olympus' }, 50);
    expect(JSON.stringify(blocks)).toContain('Mar 1, 2026, 10:00 AM UTC');
  });

  it('shows what people typed as plain text, so it cannot become a mention, a link or formatting', () => {
    const typed = '<!channel> & <https://evil.example|click> *bold*';
    const blocks = viewBlocks({ tone: 'info', title: { raw: 'x' }, sections: [{ lines: [{ raw: typed }] }], buttons: [], sensitive: true }, viewer, 50);
    expect(blocks[1]).toEqual({ type: 'section', text: { type: 'plain_text', text: typed, emoji: true } });
    expect(JSON.stringify(blocks)).not.toContain('"mrkdwn"');
  });
});
