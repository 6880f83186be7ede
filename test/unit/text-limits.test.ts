import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as limits from '../../adapters/slack/render/limits';
import { slackButton, viewBlocks } from '../../adapters/slack/render/blocks';
import { formModal, inlineErrors, messageModal, workingModal } from '../../adapters/slack/render/modal';
import { CARD_BYTES, formCard, viewCard } from '../../adapters/teams/cards/render';
import { ACTIONS, proposalArg } from '../../flows/actions';
import { CASE_FORMS } from '../../flows/case-forms';
import { showCase, showQueue } from '../../flows/case.flow';
import type { FlowContext } from '../../flows/context';
import { DECISION_FORMS, decidedView } from '../../flows/decision.flow';
import type { FormSpec } from '../../flows/form';
import { homeView } from '../../flows/home.flow';
import { FORM_IDS, runAction, showHelp } from '../../flows';
import { INTAKE_FORM } from '../../flows/intake.flow';
import { chooseLanguage } from '../../flows/language.flow';
import { localize, type Viewer } from '../../flows/localize';
import { notificationView } from '../../flows/notifications';
import { PRACTICE_FORM } from '../../flows/practices.flow';
import { CASE_SEARCH_FORM } from '../../flows/case-search.flow';
import { CONTACT_FORM } from '../../flows/contacts.flow';
import { INFORMATION_FORM } from '../../flows/case-information.flow';
import { LEAD_FORM } from '../../flows/lead.flow';
import { REMINDER_FORMS } from '../../flows/reminders.flow';
import { ASSIGN_ROLE_FORM, END_ROLE_FORM, showRoster } from '../../flows/roles.flow';
import { raw, t, type MessageView, type Reply } from '../../flows/view';
import { fillManifest, MANIFEST_LANGUAGES, manifestLocalization } from '../../scripts/package-teams';
import { ACTION_TYPE_IDS } from '../../src/domain/actions';
import { REMINDER_KINDS } from '../../src/domain/reminders';
import { CATALOGUES, type Translation } from '../../src/i18n/catalogues';
import { silentLogger } from '../../src/logger';
import { escapeMarkdown } from '../../src/services/markdown';
import { NOTIFICATION_KINDS, type Audience } from '../../src/services/notifications';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { allegation, CAST, harness, type Harness } from '../support/harness';

/**
 * Every text a person reads in a title, a button, an option or a label fits its platform's
 * limit in each of the six languages, as the real renderers build it: Block Kit (Slack cuts a
 * text at its limit, adapters/slack/render/limits.ts), Adaptive Cards (Teams refuses a card
 * over its size; the renderer then drops old lines and shortens facts), and the Teams app
 * manifest (its schema's lengths). The renderers cut rather than fail; this test fails instead,
 * so that a translation too long for its place is shortened, never cut in front of a reader.
 */
const LOCALES = Object.keys(CATALOGUES);
const ROOT = join(__dirname, '..', '..');

/** Every cut the Slack renderer makes, with where it was rendering. */
const cuts: string[] = [];
let rendering = '';
const realFit = limits.fit;

let h: Harness;
const ctx = (who = CAST.chair, locale = 'en'): FlowContext => ({ person: who, actor: h.actor(who), locale, timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (key: string) => ({ displayName: key }) });

/** The forms, as flows build them, each once: the texts are keys, rendered in every language below. */
let forms: FormSpec[] = [];
/** The views: notifications of every kind, a case, queues, help, roles, a decision, the language chooser. */
let views: Array<{ name: string; view: MessageView }> = [];

function form(reply: Reply): FormSpec {
  if (reply.kind !== 'form') throw new Error(`expected a form, got ${JSON.stringify(reply).slice(0, 300)}`);
  return reply.form;
}

function viewOf(reply: Reply): MessageView {
  if (reply.kind !== 'message') throw new Error(`expected a message, got ${JSON.stringify(reply).slice(0, 300)}`);
  return reply.view;
}

/** Leaves of a catalogue subtree, by path. */
function leaves(tree: Translation, prefix: string): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}.${key}`] : leaves(value, `${prefix}.${key}`)));
}

/** What Teams would not show whole: the card over its size, history left out, a fact shortened. */
function teamsCuts(view: MessageView, viewer: Viewer): string[] {
  const card = viewCard(view, viewer);
  const json = JSON.stringify(card);
  const problems: string[] = [];
  if (Buffer.byteLength(json) > CARD_BYTES) problems.push(`card of ${Buffer.byteLength(json)} bytes`);
  if (json.includes(JSON.stringify(escapeMarkdown(localize(t('teams.truncated'), viewer))).slice(1, -1))) problems.push('lines left out');
  const facts = card.body.flatMap((element) => (element.type === 'FactSet' ? (element.facts as Array<{ value: string }>) : [])).map((f) => f.value);
  const whole = view.sections.flatMap((s) => s.fields ?? []).map((f) => escapeMarkdown(localize(f.value, viewer)));
  facts.forEach((fact, i) => {
    if (fact !== whole[i]) problems.push(`fact shortened: ${fact.slice(0, 40)}…`);
  });
  return problems;
}

describe('every text fits its place on each platform, in each of the six languages', () => {
  beforeAll(async () => {
    jest.spyOn(limits, 'fit').mockImplementation((text: string, max: number) => {
      const length = [...text].length;
      if (length > max) cuts.push(`${rendering}: ${length} > ${max}: ${text}`);
      return realFit(text, max);
    });
    const store = new EmbeddedStore();
    await store.init();
    h = await harness(store);
    const rapporteur = h.actor(CAST.rapporteur);
    const { case: c } = await h.services.cases.submitAllegation(h.actor(CAST.member), allegation({ imminentThreat: 'yes' }), 'limits-1');
    await h.services.cases.recordSources(rapporteur, c.reference, ['state_party', 'nhri'], 'notes');
    await h.services.cases.consultCountryRapporteur(rapporteur, c.reference, CAST.countryRapporteur._id, 'view');
    await h.services.cases.recordOutcome(rapporteur, c.reference, 'may_have_occurred', 'findings');
    await h.services.cases.propose(rapporteur, c.reference, { type: 'G30', details: 'details', doNoHarm: 'note', deadlineDays: 30 });
    await h.services.cases.propose(rapporteur, c.reference, { type: 'G25', details: 'details', doNoHarm: 'note', publicSummary: 'A human rights defender was detained after the session.' });
    await h.services.cases.propose(rapporteur, c.reference, { type: 'G21', details: 'details', doNoHarm: 'note', deadlineDays: 14 });
    const withProposals = await h.services.cases.load(rapporteur, c.reference, 'propose');
    const [p1, p2, p3] = withProposals.proposals;
    await h.services.cases.decide(h.actor(CAST.chair), c.reference, p3!.id, 'approved', 'chair', '');
    const { case: closed } = await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'limits-2');
    await h.services.cases.close(h.actor(CAST.chair), closed.reference, 'duplicate', 'note');

    const asRapporteur = ctx(CAST.rapporteur);
    const asChair = ctx(CAST.chair);
    const ref = c.reference;
    forms = [
      form(await INTAKE_FORM.open(ctx(CAST.member))),
      form(await ASSIGN_ROLE_FORM.open(asChair)),
      form(await END_ROLE_FORM.open(asChair)),
      form(await PRACTICE_FORM.open(asRapporteur)),
      form(await CASE_SEARCH_FORM.open(asChair)),
      await CONTACT_FORM.build(asRapporteur, withProposals, ref),
      await INFORMATION_FORM.build(asRapporteur, withProposals, ref),
      await LEAD_FORM.build(asChair, withProposals, ref),
      ...(await Promise.all(CASE_FORMS.map((entry) => entry.build(asRapporteur, withProposals, ref)))),
      ...(await Promise.all(DECISION_FORMS.map((entry) => entry.build(asChair, withProposals, proposalArg(ref, p2!.number))))),
      await DECISION_FORMS.find((entry) => entry.id === ACTIONS.approvePublic)!.build(asChair, withProposals, proposalArg(ref, p1!.number)),
      ...(await Promise.all(REMINDER_FORMS.map((entry) => entry.build(asChair, withProposals, proposalArg(ref, p3!.number))))),
      form(await runAction(asChair, ACTIONS.reopen, closed.reference)),
    ];

    const audiences: Audience[] = ['rapporteur', 'chair', 'country_rapporteur', 'security_focal_point'];
    const base = { caseId: c._id, reference: 'CEDAW-2026-12345', committee: 'CEDAW' as const, riskLevel: 'medium' as const, securityContact: '+41 22 917 90 00' };
    for (const kind of NOTIFICATION_KINDS) {
      for (const audience of audiences) {
        for (const urgent of [false, true]) {
          for (const type of kind.startsWith('proposal') ? ACTION_TYPE_IDS : (['G30'] as const)) {
            const reminders = kind === 'reminder' ? REMINDER_KINDS : ([undefined] as const);
            for (const reminder of reminders) {
              views.push({
                name: `${kind}/${audience}/${urgent ? 'urgent' : 'routine'}/${type}${reminder ? `/${reminder}` : ''}`,
                view: notificationView({
                  ...base,
                  kind,
                  audience,
                  urgent,
                  proposal: { id: 'p', number: 99, type, verdict: 'more_requested', decidedBy: 'Chen' },
                  referral: { number: 9, to: 'CCPR' },
                  // G10: the longest an alert of new information reads: a new incident on a closed case, with its Reopen button.
                  information: { addedAs: 'reporter', newIncident: true, closed: true },
                  ...(reminder ? { reminder: { id: 'r-1', kind: reminder, about: new Date('2026-09-30T10:00:00Z'), recipientName: 'Amina' } } : {}),
                }),
              });
            }
          }
        }
      }
    }
    const decided = await h.services.cases.decide(h.actor(CAST.chair), ref, p2!.id, 'declined', 'chair', '');
    // G13: the case view lists its contacts, each summary at its longest.
    for (const on of ['2026-03-01', '2026-03-08']) await h.services.contacts.record(rapporteur, ref, { on, means: 'through_ngo', party: 'representative', summary: 'x'.repeat(2000), nextDueOn: '2026-04-01' });
    // G12: the case view and the rapporteur's queue say who leads.
    await h.services.lead.take(rapporteur, ref);
    views.push(
      { name: 'case', view: viewOf(await showCase(asChair, ref)) },
      { name: 'case status', view: viewOf(await showCase(ctx(CAST.member), ref)) },
      { name: 'queue', view: viewOf(await showQueue(asChair)) },
      { name: 'queue (rapporteur)', view: viewOf(await showQueue(asRapporteur)) },
      // G12: an alert offering the lead, and one brought up to date with who leads.
      { name: 'alert offering the lead', view: notificationView({ ...base, kind: 'allegation.alert', audience: 'rapporteur', urgent: true, lead: { offered: true } }) },
      { name: 'alert with its lead', view: notificationView({ ...base, kind: 'allegation.alert', audience: 'rapporteur', urgent: true, settled: { how: 'led', by: 'Amina Rahman-Castillo', at: new Date('2026-03-10T09:00:00Z') } }) },
      { name: 'lead given', view: notificationView({ ...base, kind: 'lead.assigned', audience: 'rapporteur', urgent: false, lead: { givenBy: 'Chen' } }) },
      { name: 'home (chair)', view: await homeView(asChair) },
      { name: 'home (member)', view: await homeView(ctx(CAST.member)) },
      { name: 'help', view: viewOf(showHelp()) },
      { name: 'roles', view: viewOf(await showRoster(asChair)) },
      { name: 'language', view: viewOf(await chooseLanguage(asChair, '')) },
      { name: 'decided', view: viewOf(decidedView(decided.case, decided.proposal)) },
    );
  });

  afterAll(() => jest.restoreAllMocks());

  it('would catch a text cut on either platform (the check itself works)', () => {
    const viewer: Viewer = { locale: 'en', timeZone: 'UTC' };
    cuts.length = 0;
    rendering = 'probe';
    slackButton({ action: 'x', arg: 'x', label: raw('x'.repeat(limits.SLACK_LIMITS.buttonText + 1)) }, viewer);
    expect(cuts).toEqual([expect.stringContaining('probe: 76 > 75')]);
    const huge: MessageView = { tone: 'info', title: raw('x'), sections: [{ fields: [{ label: raw('x'), value: raw('x'.repeat(CARD_BYTES)) }] }], buttons: [], sensitive: true };
    expect(teamsCuts(huge, viewer)).toEqual([expect.stringContaining('fact shortened')]);
  });

  it('builds every form a person can open', () => {
    expect(forms.map((f) => f.id).filter((id, i, all) => all.indexOf(id) === i).sort()).toEqual([...FORM_IDS].sort());
  });

  describe.each(LOCALES)('%s', (locale) => {
    const viewer: Viewer = { locale, timeZone: 'Europe/Geneva' };
    beforeEach(() => {
      cuts.length = 0;
    });

    it('Slack: every form, empty and with an error on every field, keeps its title, buttons, labels, hints and options whole', () => {
      for (const spec of forms) {
        rendering = `${locale} form ${spec.id}`;
        const errors = Object.fromEntries(spec.fields.map((f) => [f.name, f.kind === 'choice' || f.kind === 'multichoice' ? t('errors.field.choose') : t('errors.field.too_long', { count: f.maxLength ?? 3000 })]));
        formModal({ kind: 'form', form: spec, context: 'CEDAW-2026-12345', values: {}, errors: {} }, viewer);
        formModal({ kind: 'form', form: spec, context: 'CEDAW-2026-12345', values: {}, errors, formError: t('errors.store_unavailable') }, viewer);
        inlineErrors(errors, viewer);
      }
      rendering = `${locale} working modal`;
      workingModal(viewer);
      expect(cuts).toEqual([]);
    });

    it('Slack: every notification, the case, queues, help, roles, a decision and the language chooser, as messages and in modals', () => {
      for (const { name, view } of views) {
        rendering = `${locale} ${name}`;
        viewBlocks(view, viewer, limits.SLACK_LIMITS.messageBlocks);
        messageModal({ ...view, sensitive: true }, viewer);
      }
      expect(cuts).toEqual([]);
    });

    it('Slack: every button and every option of the catalogues, with the longest values they carry', () => {
      const catalogue = CATALOGUES.en as Translation;
      for (const key of leaves(catalogue.buttons as Translation, 'buttons')) {
        rendering = `${locale} ${key}`;
        slackButton({ action: 'x', arg: 'x', label: t(key, { number: 99, reference: 'CEDAW-2026-12345' }) }, viewer);
      }
      const options = catalogue.options as Translation;
      for (const set of Object.keys(options)) {
        rendering = `${locale} options.${set}`;
        const values = Object.keys(options[set] as Translation);
        const spec: FormSpec = {
          id: 'x',
          title: t('slack.title'),
          submit: t('forms.assessment.sources.submit'),
          fields: [{ name: 'x', kind: 'choice', label: t('fields.actionType.label'), required: true, schema: undefined as never, options: values.map((value) => ({ value, label: t(`options.${set}.${value}`) })) }],
        } as unknown as FormSpec;
        formModal({ kind: 'form', form: spec, context: '', values: {}, errors: {} }, viewer);
      }
      expect(cuts).toEqual([]);
    });

    it('Teams: every card fits whole, without history left out or a fact shortened', () => {
      const problems: string[] = [];
      for (const { name, view } of views) for (const problem of teamsCuts(view, viewer)) problems.push(`${name}: ${problem}`);
      for (const spec of forms) {
        const card = formCard({ kind: 'form', form: spec, context: 'CEDAW-2026-12345', values: {}, errors: {} }, viewer);
        if (Buffer.byteLength(JSON.stringify(card)) > CARD_BYTES) problems.push(`form ${spec.id}: over ${CARD_BYTES} bytes`);
      }
      expect(problems).toEqual([]);
    });
  });

  describe('the Teams app manifest', () => {
    const manifest = JSON.parse(fillManifest(readFileSync(join(ROOT, 'manifest', 'teams', 'manifest.json'), 'utf8'), { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', AMPARO_PUBLIC_HOST: 'amparo.example.org' })) as {
      manifestVersion: string;
      name: Record<string, string>;
      description: Record<string, string>;
      bots: Array<{ commandLists: Array<{ commands: Array<{ title: string; description: string }> }> }>;
    };
    const schemas = join(ROOT, 'node_modules', '@microsoft', 'app-manifest', 'build', 'json-schemas', 'teams', `v${manifest.manifestVersion}`);
    type Rule = { maxLength?: number; properties?: Record<string, Rule>; items?: Rule };
    const app = JSON.parse(readFileSync(join(schemas, 'MicrosoftTeams.schema.json'), 'utf8')) as { properties: Record<string, Rule> };
    const localization = JSON.parse(readFileSync(join(schemas, 'MicrosoftTeams.Localization.schema.json'), 'utf8')) as { properties: Record<string, Rule>; patternProperties: Record<string, Rule> };
    const commands = manifest.bots[0]?.commandLists[0]?.commands ?? [];
    const command = app.properties.bots?.items?.properties?.commandLists?.items?.properties?.commands?.items?.properties ?? {};

    it('in English (manifest.json): name, description and command menu within the schema\'s lengths', () => {
      const over: string[] = [];
      const check = (where: string, text: string, max: number | undefined) => {
        if (max === undefined) throw new Error(`no length for ${where} in the schema`);
        if ([...text].length > max) over.push(`${where}: ${[...text].length} > ${max}`);
      };
      for (const part of ['short', 'full']) {
        check(`name.${part}`, manifest.name[part] as string, app.properties.name?.properties?.[part]?.maxLength);
        check(`description.${part}`, manifest.description[part] as string, app.properties.description?.properties?.[part]?.maxLength);
      }
      commands.forEach((c, i) => {
        check(`commands[${i}].title`, c.title, command.title?.maxLength);
        check(`commands[${i}].description`, c.description, command.description?.maxLength);
      });
      expect(over).toEqual([]);
    });

    it.each(MANIFEST_LANGUAGES)('in %s: the localization file within the schema\'s lengths', (language) => {
      const file = manifestLocalization(language);
      const over: string[] = [];
      for (const [key, value] of Object.entries(file)) {
        if (key === '$schema') continue;
        const rule = localization.properties[key] ?? Object.entries(localization.patternProperties).find(([pattern]) => new RegExp(pattern).test(key))?.[1];
        if (rule?.maxLength === undefined) throw new Error(`no length for ${key} in the schema`);
        if ([...value].length > rule.maxLength) over.push(`${key}: ${[...value].length} > ${rule.maxLength}: ${value}`);
      }
      expect(over).toEqual([]);
    });
  });
});
