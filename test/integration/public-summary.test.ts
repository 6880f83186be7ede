import { runAction, runCommand, submitForm, type FlowContext } from '../../flows';
import { ACTIONS } from '../../flows/actions';
import { notificationView } from '../../flows/notifications';
import { localize } from '../../flows/localize';
import type { Reply, Text } from '../../flows/view';
import type { Person } from '../../src/domain/roles';
import { silentLogger } from '../../src/logger';
import { publicMarkdown } from '../../src/services/report-formats';
import { assessedCase, CAST, harness, type Harness } from '../support/harness';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * G25, G5e: what leaves Amparo in the input to the report to the General Assembly is a public
 * summary the rapporteur wrote for it and the chair approved as public, having read it with a
 * statement that approving makes it public. The proposal's own details never leave.
 */
const viewer = { locale: 'en', timeZone: 'UTC' };
const say = (text: Text | undefined) => (text ? localize(text, viewer) : '');
const words = (reply: Reply): string =>
  reply.kind === 'form'
    ? [say(reply.form.title), say(reply.form.intro), say(reply.formError), ...reply.form.fields.map((f) => say(f.label)), ...Object.values(reply.errors).map(say)].join('\n')
    : [say(reply.view.title), ...reply.view.sections.flatMap((s) => [...(s.lines ?? []).map(say), ...(s.fields ?? []).map((f) => `${say(f.label)}: ${say(f.value)}`)])].join('\n');

const YEAR_2026 = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
const SUMMARY = 'A human rights defender was detained for two days after addressing the Committee.';
const DETAILS = 'Internal: the family asked us to mention the lawyer, Mr Halvorsen, to the secretariat only.';

describe.each(STORE_KINDS)('the public summary of a G25 action on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  let reference: string;
  const ctx = (who: Person): FlowContext => ({ person: who, actor: h.actor(who), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (k: string) => ({ displayName: k }) });

  beforeEach(async () => {
    under = await openStore(kind, 'summary');
    h = await harness(under.store);
    reference = await assessedCase(h, { consentPublication: 'yes', consentInformed: 'yes' });
  });

  afterEach(async () => {
    await under.dispose();
  });

  const propose = (values: Record<string, string>) =>
    submitForm(ctx(CAST.rapporteur), ACTIONS.propose, reference, { actionType: 'G25', details: DETAILS, publicSummary: SUMMARY, doNoHarm: 'agreed with the defender', deadlineDays: '', ...values }, 'k');

  it('G25: the rapporteur proposes a public summary beside the details; only a G25 action carries one', async () => {
    const wrong = await propose({ actionType: 'G19' });
    expect(wrong.kind === 'form' && wrong.errors).toEqual({ publicSummary: { key: 'errors.proposal.public_summary_g25' } });
    expect(words(await propose({}))).toContain(`Proposal #1 on ${reference}`);
    const stored = await h.store.findCaseByReference(reference);
    expect(stored?.proposals[0]?.publicSummary).toMatch(/^v2\.test1\./);
    const dump = await under.rawDump();
    expect([SUMMARY, DETAILS].filter((text) => dump.includes(text))).toEqual([]);
    const opened = await h.services.reader.open(h.actor(CAST.chair), reference);
    expect(opened.texts.proposals[stored?.proposals[0]?.id as string]).toMatchObject({ details: DETAILS, publicSummary: SUMMARY });
  });

  it('G25: one press cannot make a summary public; the decision form shows it and says that approving publishes it', async () => {
    await propose({});
    const arg = `${reference}#1`;
    const pressed = await runAction(ctx(CAST.chair), ACTIONS.approve, arg);
    expect(words(pressed)).toBe('Proposal #1 carries a public summary: approve it with “Approve and publish”, which shows the summary, and say whether it may be published.');
    expect((await h.store.findCaseByReference(reference))?.proposals[0]?.status).toBe('proposed');

    // The request to decide and the case offer the form instead of the one-press approval.
    const request = h.notifier.to(CAST.chair._id).find((n) => n.kind === 'proposal.awaiting_decision');
    expect(notificationView(request!).buttons.map((b) => b.action)).toEqual([ACTIONS.openCase, ACTIONS.approvePublic, ACTIONS.decline, ACTIONS.askMore, ACTIONS.plenary]);
    const shown = await runCommand(ctx(CAST.chair), `case ${reference}`);
    expect(shown.kind === 'message' && shown.view.buttons.map((b) => b.action)).toContain(ACTIONS.approvePublic);
    expect(words(shown)).toContain(`Public summary (proposed for the report to the General Assembly): ${SUMMARY}`);

    const form = await runAction(ctx(CAST.chair), ACTIONS.approvePublic, arg);
    expect(form.kind).toBe('form');
    const intro = form.kind === 'form' ? say(form.form.intro) : '';
    expect(intro).toContain(SUMMARY);
    expect(intro).toContain('Approving with “Yes” makes this summary public');
    expect(intro).not.toContain('Halvorsen');

    const approved = await submitForm(ctx(CAST.chair), ACTIONS.approvePublic, arg, { publish: 'approved', authority: 'chair', note: '' }, 'k');
    expect(words(approved)).toContain('approved by chen');
    expect(words(approved)).toContain('The public summary may be named in the report to the General Assembly.');
    const stored = await h.store.findCaseByReference(reference);
    const decided = stored?.proposals[0];
    expect(decided?.decision).toMatchObject({ verdict: 'approved', publicSummary: 'approved' });

    const input = await h.services.reports.publicInput('CAT', YEAR_2026);
    expect(input.named).toEqual([{ reference, stateParty: 'NO', summary: SUMMARY }]);
    const markdown = publicMarkdown(input, 'en');
    expect(markdown).toContain(SUMMARY);
    expect(markdown).not.toContain('Halvorsen');
    const history = await h.store.listEvents(stored?._id as string);
    expect(history.find((e) => e.type === 'proposal.decided')?.data).toMatchObject({ verdict: 'approved', publicSummary: 'approved' });
  });

  it('G25: the chair may approve the action and keep its summary out of the report', async () => {
    await propose({});
    const kept = await submitForm(ctx(CAST.chair), ACTIONS.approvePublic, `${reference}#1`, { publish: 'withheld', authority: 'chair', note: '' }, 'k');
    expect(words(kept)).toContain('The public summary stays internal: the case is counted, not named.');
    expect((await h.services.reports.publicInput('CAT', YEAR_2026)).named).toEqual([]);
  });

  it('G25: an action without a public summary names no case, whatever its details say', async () => {
    await propose({ publicSummary: '' });
    const form = await runAction(ctx(CAST.chair), ACTIONS.approvePublic, `${reference}#1`);
    expect(form.kind === 'form' && say(form.form.intro)).toContain('No public summary was proposed');
    expect(form.kind === 'form' && form.form.fields.map((f) => f.name)).toEqual(['authority', 'note']);
    expect(words(await runAction(ctx(CAST.chair), ACTIONS.approve, `${reference}#1`))).toContain('approved by chen');
    expect((await h.services.reports.publicInput('CAT', YEAR_2026)).named).toEqual([]);
  });
});
