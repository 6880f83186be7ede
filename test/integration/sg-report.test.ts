import { runCommand, type FlowContext } from '../../flows';
import type { Person } from '../../src/domain/roles';
import { silentLogger } from '../../src/logger';
import { changesIn, sgPeriod, sgYearOf } from '../../src/domain/sg-report';
import { reportDocument } from '../../src/services/report-documents';
import { sgCsv, sgTables, sgText } from '../../src/services/report-sg';
import { reportMarkdown } from '../../src/services/report-formats';
import type { SgReport } from '../../src/domain/sg-report';
import { TestClock } from '../support/clock';
import { allegation, assessedCase, CAST, harness, type Harness } from '../support/harness';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * The contribution to the Secretary-General's annual report on reprisals to the Human Rights
 * Council: the reporting year runs from 1 May to 30 April; new cases and follow-up to cases
 * received in earlier periods are apart; counts merge small cells (G11); a case is named only
 * under the G25 rule of the report to the General Assembly.
 */
const SG_2026 = sgPeriod(2026);

describe('the Secretary-General\'s reporting year', () => {
  it('runs from 1 May of the year before to 30 April, and a day from May on belongs to the next year\'s report', () => {
    expect(SG_2026).toEqual({ from: new Date('2025-05-01T00:00:00Z'), to: new Date('2026-05-01T00:00:00Z') });
    expect(sgYearOf(new Date('2026-04-30T23:59:59Z'))).toBe(2026);
    expect(sgYearOf(new Date('2026-05-01T00:00:00Z'))).toBe(2027);
  });

  it('G32: counts from the register only the changes made in the period', () => {
    const event = (type: string, at: string, data: Record<string, string> = {}) => ({ id: at, caseId: 'c', seq: 0, prevHash: '', hash: '', actorId: 'x', type, at: new Date(at), data }) as Parameters<typeof changesIn>[0][number];
    const changes = changesIn(
      [
        event('assessment.completed', '2025-04-30T23:59:59Z'),
        event('proposal.decided', '2025-05-01T00:00:00Z', { verdict: 'approved' }),
        event('proposal.decided', '2025-06-01T00:00:00Z', { verdict: 'declined' }),
        event('proposal.completed', '2025-07-01T00:00:00Z'),
        event('case.closed', '2026-04-30T12:00:00Z'),
        event('case.reopened', '2026-05-01T00:00:00Z'),
      ],
      SG_2026,
    );
    expect(changes).toEqual({ outcome_recorded: 0, actions_approved: 1, actions_completed: 1, closed: 1, reopened: 0 });
  });
});

describe.each(STORE_KINDS)('the contribution to the Secretary-General\'s report on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  let report: SgReport<string>;
  const refs: Record<string, string> = {};

  /** Moves the test clock forward to a moment. */
  const at = (iso: string) => h.clock.advance(new Date(iso).getTime() - h.clock.now().getTime());
  const submit = async (name: string, stateParty: string) => {
    refs[name] = (await h.services.cases.submitAllegation(h.actor(CAST.member), allegation({ stateParty }), `key-${name}`)).case.reference;
  };
  const include = async (reference: string, publicSummary: string, publish: 'approved' | 'withheld') => {
    const { proposal } = await h.services.cases.propose(h.actor(CAST.rapporteur), reference, { type: 'G25', details: `Internal: the source is at the lawyer's office (${reference}).`, publicSummary, doNoHarm: 'agreed with the person' });
    await h.services.cases.decide(h.actor(CAST.chair), reference, proposal.id, 'approved', 'chair', '', publish);
  };

  beforeAll(async () => {
    under = await openStore(kind, 'sg-report');
    h = await harness(under.store, new TestClock(new Date('2025-02-03T09:00:00Z')));
    const rapporteur = h.actor(CAST.rapporteur);
    const chair = h.actor(CAST.chair);
    // Before the period: cases received and handled in the previous reporting year.
    refs.followed = await assessedCase(h);
    at('2025-02-04T09:00:00Z');
    refs.quiet = await assessedCase(h);
    at('2025-02-05T09:00:00Z');
    refs.earlierNamed = await assessedCase(h, { consentPublication: 'yes', consentInformed: 'yes' });
    await include(refs.earlierNamed, 'A journalist was questioned after meeting the Committee.', 'approved');
    at('2025-02-06T09:00:00Z');
    await submit('reopened', 'DK');
    at('2025-03-01T09:00:00Z');
    await h.services.cases.close(chair, refs.reopened as string, 'duplicate', '');

    // In the period: follow-up on the earlier cases.
    at('2025-06-02T09:00:00Z');
    const { proposal } = await h.services.cases.propose(rapporteur, refs.followed, { type: 'G24', details: 'In the concluding observations.', doNoHarm: 'no one is named' });
    await h.services.cases.decide(chair, refs.followed, proposal.id, 'approved', 'chair', '');
    await h.services.cases.completeAction(rapporteur, refs.followed, proposal.id, 'done');
    at('2025-06-03T09:00:00Z');
    await h.services.cases.close(chair, refs.earlierNamed, 'actions_completed', '');
    at('2025-06-04T09:00:00Z');
    await h.services.cases.reopen(chair, refs.reopened as string, 'new information from the source');

    // In the period: new cases.
    at('2025-07-01T09:00:00Z');
    refs.named = await assessedCase(h, { consentPublication: 'yes', consentInformed: 'yes' });
    await include(refs.named, 'A defender was detained for two days after addressing the Committee.', 'approved');
    refs.withheld = await assessedCase(h, { consentPublication: 'yes', consentInformed: 'yes' });
    await include(refs.withheld, 'The chair kept this one out of the report.', 'withheld');
    refs.refusing = await assessedCase(h, { consentPublication: 'no' });
    await include(refs.refusing, 'Must never be published.', 'approved');
    at('2025-07-02T09:00:00Z');
    await submit('denmark', 'DK');
    at('2025-08-01T09:00:00Z');
    await submit('sweden', 'SE');
    at('2026-04-30T23:00:00Z');
    await submit('lastDay', 'NO');

    // After the period: neither counts.
    at('2026-05-02T09:00:00Z');
    await submit('after', 'NO');
    await h.services.cases.close(chair, refs.followed, 'actions_completed', '');

    report = await h.services.reports.sg('CAT', SG_2026);
  });

  afterAll(async () => {
    await under.dispose();
  });

  const ctx = (person: Person): FlowContext => ({ person, actor: h.actor(person), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (key: string) => ({ displayName: key }) });

  it('G15, G25: in chat, `report-sg CAT 2026` sends the chair the files privately, and refuses a member', async () => {
    const reply = await runCommand(ctx(CAST.chair), 'report-sg CAT 2026');
    if (reply.kind !== 'message') throw new Error(`expected a message, got ${reply.kind}`);
    expect(reply.delivery?.files.map((f) => f.name)).toEqual(['secretary-general-CAT-2026.docx', 'secretary-general-CAT-2026.md', 'secretary-general-CAT-2026-tables.zip']);
    const markdown = reply.delivery?.files.find((f) => f.name.endsWith('.md'))?.content.toString('utf8') ?? '';
    expect(markdown).toContain('Reporting period from 2025-05-01 to 2026-04-30');
    expect(markdown).toContain(refs.named);
    expect(reply.view.sensitive).toBe(false);
    const refused = await runCommand(ctx(CAST.member), 'report-sg CAT 2026');
    expect(refused.kind === 'message' && refused.delivery).toBeFalsy();
  });

  it('G10, G11: new cases are those received from 1 May to 30 April, counted by State party with what changed on them, small cells merged (G11)', () => {
    expect(report.newCases.cases).toBe(6);
    expect(report.newCases.rows).toEqual([{ stateParty: 'NO', cases: 4, changes: { outcome_recorded: 3, actions_approved: 3, actions_completed: 0, closed: 0, reopened: 0 } }]);
    expect(report.newCases.merged).toEqual({ stateParty: '', states: 2, cases: 2, changes: { outcome_recorded: 0, actions_approved: 0, actions_completed: 0, closed: 0, reopened: 0 } });
  });

  it('G14, G19, G32: follow-up covers cases received earlier on which something changed in the period: actions approved and done, closed, reopened; a quiet case and later changes are left out', async () => {
    expect(report.followUp.cases).toBe(3);
    expect(report.followUp.rows).toEqual([]);
    expect(report.followUp.merged).toMatchObject({ states: 2, cases: 3 });
    const everything = await h.services.reports.sg('CAT', SG_2026, { showSmallCells: true });
    expect(everything.smallCell).toBeNull();
    expect(everything.followUp.merged).toBeNull();
    expect(everything.followUp.rows).toEqual([
      { stateParty: 'NO', cases: 2, changes: { outcome_recorded: 0, actions_approved: 1, actions_completed: 1, closed: 1, reopened: 0 } },
      { stateParty: 'DK', cases: 1, changes: { outcome_recorded: 0, actions_approved: 0, actions_completed: 0, closed: 0, reopened: 1 } },
    ]);
    expect(everything.newCases.rows.map((r) => [r.stateParty, r.cases])).toEqual([['NO', 4], ['DK', 1], ['SE', 1]]);
  });

  it('G25: a case is named, new or followed up, only with informed consent to publication and a public summary the chair approved as public', () => {
    expect(report.newCases.named.map((n) => [n.reference, n.stateParty, n.summary])).toEqual([[refs.named, 'NO', 'A defender was detained for two days after addressing the Committee.']]);
    expect(report.followUp.named.map((n) => [n.reference, n.receivedAt.toISOString().slice(0, 10), n.changes.closed, n.summary])).toEqual([[refs.earlierNamed, '2025-02-05', 1, 'A journalist was questioned after meeting the Committee.']]);
  });

  it('G11, G25: the Markdown and CSV name only those cases and hold no detail, narrative or name', () => {
    const markdown = reportMarkdown(sgText(report, 'en'), 'en');
    expect(markdown).toContain('# Intimidation and reprisals — CAT: contribution to the Secretary-General’s report to the Human Rights Council');
    expect(markdown).toContain('Reporting period from 2025-05-01 to 2026-04-30');
    expect(markdown).toContain('| New cases received in the period | 6 |');
    expect(markdown).toContain('| Norway | 4 | 3 | 3 | 0 | 0 | 0 |');
    expect(markdown).toContain('| Other States parties (2, each with fewer than 3 cases) | 2 | 0 | 0 | 0 | 0 | 0 |');
    expect(markdown).toContain(`| ${refs.named} | Norway | 2025-07-01 | A defender was detained for two days after addressing the Committee. |`);
    expect(markdown).toContain(`| ${refs.earlierNamed} | Norway | 2025-02-05 | Closed (1) | A journalist was questioned after meeting the Committee. |`);
    for (const hidden of [refs.quiet, refs.withheld, refs.refusing, refs.followed, refs.reopened, refs.after, refs.denmark, 'Internal:', 'lawyer', 'kept this one out', 'Must never be published', 'Ingrid', 'Oslo', 'Detained for two days']) expect(markdown).not.toContain(hidden);
    const csv = sgCsv(report, 'en');
    expect(Object.keys(csv).sort()).toEqual(['follow-up-named.csv', 'follow-up.csv', 'new-cases-named.csv', 'new-cases.csv', 'summary.csv']);
    expect(csv['new-cases.csv']).toBe('State party,Cases,Outcome recorded,Actions approved,Actions done,Closed,Reopened\r\nNorway,4,3,3,0,0,0\r\n"Other States parties (2, each with fewer than 3 cases)",2,0,0,0,0,0\r\n');
  });

  it('in each of the six languages every table has a title and a header the catalogue gives', () => {
    for (const locale of ['en', 'fr', 'es', 'ru', 'zh', 'ar']) {
      const tables = sgTables(report, locale);
      expect(tables.map((t) => t.name)).toEqual(['summary', 'new-cases', 'new-cases-named', 'follow-up', 'follow-up-named']);
      for (const table of tables) expect([table.title, ...table.header].every((text) => text !== '' && !/^reports\./.test(text))).toBe(true);
    }
  });

  it('G15, G25: only the rapporteurs and the chair of the committee may have it', async () => {
    const request = { kind: 'sg' as const, committee: 'CAT' as const, period: SG_2026, locale: 'en' };
    await expect(h.services.reports.documentFor(h.actor(CAST.member), request)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(h.services.reports.documentFor(h.actor(CAST.otherCommittee), request)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    const document = await h.services.reports.documentFor(h.actor(CAST.chair), request);
    expect(document.name).toBe('secretary-general');
    expect(document.markdown).toContain(refs.named);
    const direct = await reportDocument(h.services.reports, request);
    expect(direct.markdown).toBe(document.markdown);
  });
});
