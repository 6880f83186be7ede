import { commandAction, DECLARED, runAction, runCommand, type FlowContext } from '../../flows';
import { ACTION_IDS, ACTIONS, type ActionId } from '../../flows/actions';
import type { Reply } from '../../flows/view';
import type { Person } from '../../src/domain/roles';
import { silentLogger } from '../../src/logger';
import { allegation, CAST, harness, type Harness } from '../support/harness';
import { openStore, type StoreUnderTest } from '../support/stores';

/**
 * A typed command and its button are the same deed: every action that has both, typed in one
 * world and pressed in an identical other, leaves the same answer (the same form, the same
 * message). Every adapter types through `runCommand` and presses through `runAction`, so this
 * holds on Slack, Teams and the console alike. One store kind is enough: this is about
 * dispatch, which the Store contract does not touch.
 */
const REF = 'CAT-2026-0001';

interface Step {
  action: ActionId;
  who: Person;
  typed: string;
  /** What the button carries. */
  arg: string;
}

/** In the order a case goes, so that each step finds the case in a state where it means something. */
const STEPS: Step[] = [
  { action: ACTIONS.report, who: CAST.member, typed: 'report', arg: '' },
  { action: ACTIONS.openCase, who: CAST.rapporteur, typed: `case ${REF}`, arg: REF },
  { action: ACTIONS.startAssessment, who: CAST.rapporteur, typed: `assess ${REF}`, arg: REF },
  { action: ACTIONS.recordSources, who: CAST.rapporteur, typed: `sources ${REF}`, arg: REF },
  { action: ACTIONS.recordContact, who: CAST.rapporteur, typed: `contact ${REF}`, arg: REF },
  { action: ACTIONS.addInformation, who: CAST.member, typed: `add-info ${REF}`, arg: REF },
  { action: ACTIONS.consult, who: CAST.rapporteur, typed: `consult ${REF}`, arg: REF },
  { action: ACTIONS.recordOutcome, who: CAST.rapporteur, typed: `outcome ${REF}`, arg: REF },
  { action: ACTIONS.propose, who: CAST.rapporteur, typed: `propose ${REF}`, arg: REF },
  { action: ACTIONS.consent, who: CAST.rapporteur, typed: `consent ${REF}`, arg: REF },
  { action: ACTIONS.refer, who: CAST.rapporteur, typed: `refer ${REF}`, arg: REF },
  { action: ACTIONS.askMore, who: CAST.chair, typed: `more ${REF} 2`, arg: `${REF}#2` },
  { action: ACTIONS.plenary, who: CAST.chair, typed: `plenary ${REF} 2`, arg: `${REF}#2` },
  { action: ACTIONS.approvePublic, who: CAST.chair, typed: `publish ${REF}#2`, arg: `${REF}#2` },
  { action: ACTIONS.approve, who: CAST.chair, typed: `approve ${REF} 1`, arg: `${REF}#1` },
  { action: ACTIONS.decline, who: CAST.chair, typed: `decline ${REF} 2`, arg: `${REF}#2` },
  { action: ACTIONS.completeAction, who: CAST.rapporteur, typed: `done ${REF} 1`, arg: `${REF}#1` },
  { action: ACTIONS.extendDeadline, who: CAST.chair, typed: `extend ${REF} 1`, arg: `${REF}#1` },
  { action: ACTIONS.takeLead, who: CAST.rapporteur, typed: `lead ${REF}`, arg: REF },
  { action: ACTIONS.assignLead, who: CAST.rapporteur, typed: `handover ${REF}`, arg: REF },
  { action: ACTIONS.close, who: CAST.rapporteur, typed: `close ${REF}`, arg: REF },
  { action: ACTIONS.reopen, who: CAST.rapporteur, typed: `reopen ${REF}`, arg: REF },
  { action: ACTIONS.assignRole, who: CAST.chair, typed: 'roles add', arg: '' },
  { action: ACTIONS.endRole, who: CAST.chair, typed: 'roles end', arg: '' },
  { action: ACTIONS.addPractice, who: CAST.rapporteur, typed: 'practice add', arg: '' },
  { action: ACTIONS.searchPractices, who: CAST.rapporteur, typed: 'practice search visit #detention', arg: 'visit #detention' },
  { action: ACTIONS.searchCases, who: CAST.rapporteur, typed: 'search', arg: '' },
  { action: ACTIONS.help, who: CAST.member, typed: 'help', arg: '' },
  { action: ACTIONS.language, who: CAST.member, typed: 'language fr', arg: 'fr' },
];

/** What has to have happened, in both worlds, before a step. */
async function before(action: ActionId, h: Harness): Promise<void> {
  const rapporteur = h.actor(CAST.rapporteur);
  if (action === ACTIONS.openCase) {
    await h.services.cases.submitAllegation(h.actor(CAST.member), allegation({ consentReferral: 'yes' }), 'key-1');
  }
  if (action === ACTIONS.askMore) {
    await h.services.cases.recordSources(rapporteur, REF, ['nhri'], '');
    await h.services.cases.consultCountryRapporteur(rapporteur, REF, CAST.countryRapporteur._id, '');
    await h.services.cases.recordOutcome(rapporteur, REF, 'substantiated', 'f');
    await h.services.cases.propose(rapporteur, REF, { type: 'G19', details: '', doNoHarm: 'low', deadlineDays: 30 });
    await h.services.cases.propose(rapporteur, REF, { type: 'G28', details: '', doNoHarm: 'none' });
  }
  if (action === ACTIONS.reopen) await h.services.cases.close(rapporteur, REF, 'actions_completed', '');
  await h.services.scheduler.planned();
}

const withWords = (id: ActionId) => (DECLARED[id].words ?? []).length > 0;

describe('a typed command and its button', () => {
  const worlds: Array<{ under: StoreUnderTest; h: Harness }> = [];
  const ctx = (h: Harness, person: Person): FlowContext => ({ person, actor: h.actor(person), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (key: string) => ({ displayName: key }) });

  beforeAll(async () => {
    for (const label of ['typed', 'pressed']) {
      const under = await openStore('embedded', `words-and-buttons-${label}`);
      worlds.push({ under, h: await harness(under.store) });
    }
  });

  afterAll(async () => {
    for (const { under } of worlds) await under.dispose();
  });

  it('are tried for every action that has both', () => {
    const both = ACTION_IDS.filter((id) => withWords(id) && DECLARED[id].button !== undefined);
    expect(STEPS.map((s) => s.action).sort()).toEqual([...both].sort());
  });

  it.each(STEPS.map((step) => [step.typed, step] as const))('"%s" asks for what its button carries', (_typed, step) => {
    expect(commandAction(step.typed)).toEqual({ action: step.action, arg: step.arg });
  });

  it('do the same deed, step by step along a case', async () => {
    const [typed, pressed] = worlds;
    if (!typed || !pressed) throw new Error('two worlds are opened before the steps');
    const differences: string[] = [];
    const seen: string[] = [];
    for (const step of STEPS) {
      await before(step.action, typed.h);
      await before(step.action, pressed.h);
      const byWord: Reply = await runCommand(ctx(typed.h, step.who), step.typed);
      const byButton: Reply = await runAction(ctx(pressed.h, step.who), step.action, step.arg);
      if (JSON.stringify(byWord) !== JSON.stringify(byButton)) differences.push(`${step.typed}: ${JSON.stringify(byWord)} <> ${JSON.stringify(byButton)}`);
      seen.push(byButton.kind === 'form' ? `form ${byButton.form.id}` : `${byButton.view.tone}`);
    }
    expect(differences).toEqual([]);
    // The journey means something: the assessment starts, the forms open, the decisions are taken.
    expect(seen).toEqual([
      'form intake',
      'info',
      'success',
      ...[ACTIONS.recordSources, ACTIONS.recordContact, ACTIONS.addInformation, ACTIONS.consult, ACTIONS.recordOutcome, ACTIONS.propose, ACTIONS.consent, ACTIONS.refer, ACTIONS.askMore, ACTIONS.plenary, ACTIONS.approvePublic].map((id) => `form ${id}`),
      'success',
      'info',
      `form ${ACTIONS.completeAction}`,
      `form ${ACTIONS.extendDeadline}`,
      'success',
      `form ${ACTIONS.assignLead}`,
      `form ${ACTIONS.close}`,
      `form ${ACTIONS.reopen}`,
      `form ${ACTIONS.assignRole}`,
      `form ${ACTIONS.endRole}`,
      `form ${ACTIONS.addPractice}`,
      'info',
      `form ${ACTIONS.searchCases}`,
      'info',
      'success',
    ]);
  });
});
