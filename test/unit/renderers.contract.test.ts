import { viewBlocks } from '../../adapters/slack/render/blocks';
import { formModal } from '../../adapters/slack/render/modal';
import { formCard, viewCard } from '../../adapters/teams/cards/render';
import { CASE_FORMS } from '../../flows/case-forms';
import { CONTACT_FORM } from '../../flows/contacts.flow';
import { LEAD_FORM } from '../../flows/lead.flow';
import { INFORMATION_FORM } from '../../flows/case-information.flow';
import { showCase } from '../../flows/case.flow';
import type { FlowContext } from '../../flows/context';
import { DECISION_FORMS } from '../../flows/decision.flow';
import { showHelp } from '../../flows';
import { intakeForm } from '../../flows/intake.flow';
import { localize } from '../../flows/localize';
import { notificationView } from '../../flows/notifications';
import type { MessageView, Reply, Text } from '../../flows/view';
import type { FormSpec as Spec } from '../../flows/form';
import { silentLogger } from '../../src/logger';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { allegation, CAST, harness, type Harness } from '../support/harness';

/**
 * The renderers' contract: Block Kit and Adaptive Cards render the same View model, so every
 * title, field, option, hint, error and button of a form or a message appears in both.
 */
const viewer = { locale: 'en', timeZone: 'UTC' };
const say = (text: Text) => localize(text, viewer);
const json = (value: unknown) => JSON.stringify(value);
let h: Harness;

function formTexts(form: Spec, reply: Extract<Reply, { kind: 'form' }>): string[] {
  return [
    say(form.title),
    ...form.fields.flatMap((f) => [say(f.label), ...(f.hint ? [say(f.hint)] : []), ...(f.options ?? []).map((o) => say(o.label))]),
    ...Object.values(reply.errors).map(say),
    ...(reply.formError ? [say(reply.formError)] : []),
  ];
}

function viewTexts(view: MessageView): string[] {
  return [
    say(view.title),
    ...view.sections.flatMap((s) => [...(s.heading ? [say(s.heading)] : []), ...(s.lines ?? []).map(say), ...(s.fields ?? []).flatMap((f) => [say(f.label), say(f.value)])]),
    ...view.buttons.map((b) => say(b.label)),
  ];
}

/**
 * Texts missing from a rendering; Slack's mrkdwn escapes (&lt; …) and the Markdown escapes of
 * Teams' texts (`\.`, as JSON writes them `\\.`) are read back first.
 */
const present = (rendered: string, texts: string[]) => {
  const plain = rendered.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const unescaped = rendered.replace(/\\\\([!-/:-@[-`{-~])/g, '$1');
  return texts.filter((text) => !plain.includes(JSON.stringify(text).slice(1, -1)) && !unescaped.includes(JSON.stringify(text).slice(1, -1)));
};

describe('Slack and Teams renderers show the same things', () => {
  beforeAll(async () => {
    const store = new EmbeddedStore();
    await store.init();
    h = await harness(store);
  });

  const ctx = (): FlowContext => ({ person: CAST.chair, actor: h.actor(CAST.chair), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (k: string) => ({ displayName: k }) });

  it('every form, with its errors', async () => {
    const { case: c } = await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'contract');
    const forms = [intakeForm([{ _id: 'CAT', name: 'Committee against Torture' }], () => new Date()), ...(await Promise.all([...CASE_FORMS, ...DECISION_FORMS, CONTACT_FORM, INFORMATION_FORM, LEAD_FORM].map((e) => e.build(ctx(), c))))];
    for (const form of forms as Spec[]) {
      const reply: Extract<Reply, { kind: 'form' }> = {
        kind: 'form',
        form,
        context: c.reference,
        values: {},
        errors: Object.fromEntries(form.fields.slice(0, 2).map((f) => [f.name, { key: 'errors.field.required' }])),
        formError: { key: 'errors.store_unavailable' },
      };
      const texts = formTexts(form, reply);
      expect({ form: form.id, missingInSlack: present(json(formModal(reply, viewer)), texts) }).toEqual({ form: form.id, missingInSlack: [] });
      expect({ form: form.id, missingInTeams: present(json(formCard(reply, viewer)), texts) }).toEqual({ form: form.id, missingInTeams: [] });
    }
  });

  it('notifications, a case, and help', async () => {
    const { case: c } = await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'contract-2');
    const details = await showCase(ctx(), c.reference);
    const views = [
      notificationView({ kind: 'proposal.awaiting_decision', audience: 'chair', caseId: 'c', reference: c.reference, committee: 'CAT', riskLevel: 'low', urgent: false, proposal: { id: 'p', number: 1, type: 'G19' } }),
      notificationView({ kind: 'allegation.alert', audience: 'rapporteur', caseId: 'c', reference: c.reference, committee: 'CAT', riskLevel: 'high', urgent: true, securityContact: '+41 22' }),
      notificationView({ kind: 'referral.request', audience: 'rapporteur', caseId: 'c', reference: c.reference, committee: 'CAT', urgent: false, referral: { number: 1, to: 'CCPR' } }),
      notificationView({ kind: 'referral.narrowed', audience: 'rapporteur', caseId: 'c', reference: c.reference, committee: 'CAT', urgent: false, referral: { number: 1, to: 'CCPR' } }),
      (details as { view: MessageView }).view,
      (showHelp() as { view: MessageView }).view,
    ];
    for (const view of views) {
      const texts = viewTexts(view);
      expect(present(json(viewBlocks(view, viewer, 100)), texts)).toEqual([]);
      expect(present(json(viewCard(view, viewer)), texts)).toEqual([]);
    }
  });
});
