import { ACTION_TYPE_IDS } from '../../src/domain/actions';
import type { ProgressReport } from '../../src/domain/reports';
import { chairsCsv, chairsTables, csvField, progressCsv, progressMarkdown, progressTables, publicMarkdown } from '../../src/services/report-formats';
import { ReportService } from '../../src/services/reports';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { TestClock } from '../support/clock';
import { allegation, assessedCase, CAST, harness, TEST_KEY } from '../support/harness';
import { planRegister, storeRegister, type PlannedCase } from '../support/register-generator';
import { openStore, STORE_KINDS } from '../support/stores';

/**
 * G15, G32: the progress report, checked figure by figure against counts the test makes
 * itself from the plan of a generated register (3,000 cases, three committees, two years).
 */
const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-12-20T12:00:00Z');
const YEAR_2026 = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };

/** The middle value, computed here without the report's code. */
function middle(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  const n = sorted.length;
  const value = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return Math.round(value * 10) / 10;
}

/** RFC 4180, read back independently of the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  return rows;
}

describe('the progress report over a generated register', () => {
  let plans: PlannedCase[];
  let report: ProgressReport;
  let cat: PlannedCase[];
  let reports: ReportService;

  beforeAll(async () => {
    plans = planRegister(3000, ['CAT', 'CCPR', 'CED']);
    const store = new EmbeddedStore();
    await storeRegister(store, plans);
    reports = new ReportService({ store, clock: new TestClock(NOW), keys: TEST_KEY });
    report = await reports.progress('CAT', YEAR_2026);
    cat = plans.filter((p) => p.committee === 'CAT' && p.createdAt >= YEAR_2026.from && p.createdAt < YEAR_2026.to);
  });

  const count = (where: (p: PlannedCase) => boolean) => cat.filter(where).length;

  it('G15: counts only the committee\'s cases received in the period, by status and outcome', () => {
    expect(cat.length).toBeGreaterThan(400);
    expect(report.received).toBe(cat.length);
    expect(report.urgent).toBe(count((p) => p.urgent));
    expect(report.byStatus).toEqual({
      received: count((p) => !p.assessmentStarted),
      under_assessment: count((p) => p.assessmentStarted && !p.outcome),
      assessed: count((p) => !!p.outcome && !p.closed),
      closed: count((p) => p.closed),
    });
    expect(report.byOutcome).toEqual({
      substantiated: count((p) => p.outcome === 'substantiated'),
      may_have_occurred: count((p) => p.outcome === 'may_have_occurred'),
      not_substantiated: count((p) => p.outcome === 'not_substantiated'),
      insufficient_information: count((p) => p.outcome === 'insufficient_information'),
      not_assessed: count((p) => !p.outcome),
    });
  });

  it('G5f, G11: counts by channel, perpetrator and gender-related risk', () => {
    expect(report.byChannel).toEqual({ oral: count((p) => p.channel === 'oral'), written: count((p) => p.channel === 'written') });
    expect(report.byPerpetrator).toEqual({ state: count((p) => p.perpetrator === 'state'), non_state: count((p) => p.perpetrator === 'non_state'), unknown: count((p) => p.perpetrator === 'unknown') });
    expect(report.byGenderRisk).toEqual({ yes: count((p) => p.genderRisk === 'yes'), no: count((p) => p.genderRisk === 'no'), unknown: count((p) => p.genderRisk === 'unknown') });
  });

  it('G19–G31: tallies each action type proposed, approved, declined and done', () => {
    const proposals = cat.flatMap((p) => p.proposals);
    for (const type of ACTION_TYPE_IDS) {
      const of = proposals.filter((p) => p.type === type);
      expect(report.actions.find((a) => a.type === type)).toEqual({
        type,
        proposed: of.length,
        approved: of.filter((p) => p.verdict === 'approved').length,
        declined: of.filter((p) => p.verdict === 'declined').length,
        completed: of.filter((p) => p.completedAfterDays !== undefined).length,
      });
    }
  });

  it('G19: deadlines met, missed and open, and approved actions still to do', () => {
    let met = 0;
    let missed = 0;
    let open = 0;
    let pending = 0;
    for (const plan of cat) {
      for (const p of plan.proposals) {
        if (p.verdict !== 'approved' || p.withdrawn) continue;
        if (p.completedAfterDays === undefined) pending++;
        if (p.dueAfterDays === undefined) continue;
        const due = plan.createdAt.getTime() + p.dueAfterDays * DAY;
        if (p.completedAfterDays !== undefined) plan.createdAt.getTime() + p.completedAfterDays * DAY <= due ? met++ : missed++;
        else due < NOW.getTime() ? missed++ : open++;
      }
    }
    expect(report.deadlines).toEqual({ met, missed, open });
    expect(report.pendingFollowUps).toBe(pending);
    expect(met + missed + open).toBeGreaterThan(50);
  });

  it('G10, G14: median days to the alert being taken up, to the assessment and to the first decision', () => {
    expect(report.medianDays.acknowledged).toBe(middle(cat.flatMap((p) => (p.ackAfterDays === undefined ? [] : [p.ackAfterDays]))));
    expect(report.medianDays.assessed).toBe(middle(cat.flatMap((p) => (p.assessedAfterDays === undefined ? [] : [p.assessedAfterDays]))));
    const firstDecision = cat.flatMap((p) => {
      const decided = p.proposals.flatMap((q) => (q.decidedAfterDays === undefined ? [] : [q.decidedAfterDays]));
      return decided.length ? [Math.min(...decided)] : [];
    });
    expect(report.medianDays.decided).toBe(middle(firstDecision));
  });

  it('G11: States parties with fewer than three cases are merged into one line, unless the chair asks', async () => {
    const perState = new Map<string, number>();
    for (const p of cat) perState.set(p.stateParty, (perState.get(p.stateParty) ?? 0) + 1);
    const small = [...perState.values()].filter((n) => n < 3);
    expect(small.length).toBeGreaterThan(0);
    expect(report.byStateParty.rows.every((r) => r.count >= 3)).toBe(true);
    expect(report.byStateParty.rows.length).toBe(perState.size - small.length);
    expect(report.byStateParty.merged).toBe(small.reduce((a, b) => a + b, 0));
    expect(report.byStateParty.mergedStates).toBe(small.length);

    const everything = await reports.progress('CAT', YEAR_2026, { showSmallCells: true });
    expect(everything.byStateParty).toMatchObject({ smallCell: null, merged: 0, mergedStates: 0 });
    expect(everything.byStateParty.rows).toHaveLength(perState.size);
    expect(progressMarkdown(everything, 'en')).toContain('Every State party is shown');
    const shown = progressTables(report, 'en').find((t) => t.name === 'by-state-party');
    expect(shown?.rows.at(-1)?.[0]).toMatch(/^Other States parties \(\d+, each with fewer than 3 cases\)$/);
  });

  it('cases per month of the period, by outcome, add up to the total', () => {
    expect(report.perMonth.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    const march = cat.filter((p) => p.createdAt.toISOString().startsWith('2026-03'));
    expect(report.perMonth[2]?.byOutcome.not_assessed).toBe(march.filter((p) => !p.outcome).length);
    expect(report.perMonth.reduce((sum, m) => sum + Object.values(m.byOutcome).reduce((a, b) => a + b, 0), 0)).toBe(report.received);
  });

  it('G33: the chairs\' summary puts each committee\'s figures side by side', async () => {
    const all = await reports.chairs(['CAT', 'CCPR', 'CED'], YEAR_2026);
    const [table] = chairsTables(all, 'en');
    expect(table?.header).toEqual(['Measure', 'CAT', 'CCPR', 'CED']);
    const inYear = (committee: string) => plans.filter((p) => p.committee === committee && p.createdAt >= YEAR_2026.from && p.createdAt < YEAR_2026.to);
    expect(table?.rows[0]).toEqual(['Allegations received', inYear('CAT').length, inYear('CCPR').length, inYear('CED').length]);
    const approved = (committee: string) => inYear(committee).flatMap((p) => p.proposals).filter((p) => p.verdict === 'approved').length;
    expect(table?.rows.find((r) => r[0] === 'Actions approved')).toEqual(['Actions approved', approved('CAT'), approved('CCPR'), approved('CED')]);
    expect(parseCsv(chairsCsv(all, 'en')['chairs-summary.csv'] as string)[0]).toEqual(['Measure', 'CAT', 'CCPR', 'CED']);
  });

  it('right to left (Arabic): the Markdown is set right to left, with each value in a sentence isolated', () => {
    const markdown = progressMarkdown(report, 'ar');
    expect(markdown.startsWith('<div dir="rtl">\n\n# ')).toBe(true);
    expect(markdown.trimEnd().endsWith('</div>')).toBe(true);
    expect(markdown).toContain('\u2068CAT\u2069');
    expect(progressMarkdown(report, 'en')).not.toMatch(/[\u2068\u2069]|dir="rtl"/);
  });

  it('every CSV parses back into exactly the report\'s tables', () => {
    const files = progressCsv(report, 'en');
    const tables = progressTables(report, 'en');
    expect(Object.keys(files).sort()).toEqual(tables.map((t) => `${t.name}.csv`).sort());
    for (const table of tables) {
      expect(parseCsv(files[`${table.name}.csv`] as string)).toEqual([table.header, ...table.rows.map((row) => row.map(String))]);
    }
  });

  it('the Markdown report holds every table and no reference, id or sealed value', () => {
    const markdown = progressMarkdown(report, 'en');
    expect(markdown).toContain('# Progress report on intimidation and reprisals — CAT');
    expect(markdown).toContain('Allegations received from 2026-01-01 to 2026-12-31');
    expect(markdown).toContain(`| Allegations received | ${report.received} |`);
    for (const table of progressTables(report, 'en')) expect(markdown).toContain(`## ${table.title}`);
    expect(markdown).not.toMatch(/CAT-20\d\d-\d{4}|case-\d|amina|maria|chen|v[12]\./);
  });
});

describe('report files', () => {
  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "no"')).toBe('"say ""no"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1)).toBe('-1');
  });
});

describe.each(STORE_KINDS)('the progress report on the %s store', (kind) => {
  it('G15, G32: counts a case made through the workflow, from the start of its register', async () => {
    const under = await openStore(kind, 'reports');
    try {
      const clock = new TestClock(new Date('2026-03-10T09:00:00Z'));
      const h = await harness(under.store, clock);
      const reference = await assessedCase(h);
      clock.advance(2 * DAY);
      await h.services.cases.submitAllegation(h.actor(CAST.member), allegation({ channel: 'written' }), 'second');
      const report = await h.services.reports.progress('CAT', YEAR_2026);
      expect(report).toMatchObject({ received: 2, byStatus: { assessed: 1, received: 1 }, byOutcome: { substantiated: 1, not_assessed: 1 }, byChannel: { oral: 1, written: 1 } });
      expect(report.medianDays.acknowledged).toBe(0);
      expect(progressMarkdown(report, 'en')).not.toContain(reference);
      expect((await h.services.reports.progress('CCPR', YEAR_2026)).received).toBe(0);
    } finally {
      await under.dispose();
    }
  });

  it('G17: counts the good practices the committee recorded in the period and lists each by title and tags, never by author', async () => {
    const under = await openStore(kind, 'reports-practices');
    try {
      const clock = new TestClock(new Date('2025-12-31T23:59:59Z'));
      const h = await harness(under.store, clock);
      const rapporteur = h.actor(CAST.rapporteur);
      const record = (title: string, tags: string, committee: 'CAT' | 'CCPR' = 'CAT') =>
        h.services.practices.record(committee === 'CAT' ? rapporteur : h.actor(CAST.otherCommittee), { committee, title, strategy: `How: ${title}.`, tags }, `k-${title}`);
      await record('Before the period', 'old');
      const planned: Array<[string, string, 'CAT' | 'CCPR']> = [
        ['Relocation first', 'relocation, ngo support', 'CAT'],
        ['=Joint letter, with "NHRI"', 'nhri', 'CAT'],
        ['Another committee', 'other', 'CCPR'],
        ['Private meeting with the mission', 'diplomacy, state dialogue', 'CAT'],
      ];
      for (const [title, tags, committee] of planned) {
        clock.advance(30 * DAY);
        await record(title, tags, committee);
      }
      clock.advance(YEAR_2026.to.getTime() - clock.now().getTime());
      await record('After the period', 'late');

      const inCat = planned.filter(([, , committee]) => committee === 'CAT');
      const report = await h.services.reports.progress('CAT', YEAR_2026);
      expect(report.practices.recorded).toBe(inCat.length);
      expect(report.practices.rows.map((r) => [r.title, r.tags.join(', ')])).toEqual(inCat.map(([title, tags]) => [title, tags]));

      const tables = progressTables(report, 'en');
      expect(tables.find((t) => t.name === 'summary')?.rows).toContainEqual(['Good practices recorded (G17)', inCat.length]);
      const markdown = progressMarkdown(report, 'en');
      expect(markdown).toContain('## Good practices recorded (G17)');
      expect(markdown).toMatch(/\| Relocation first \| relocation, ngo support \| 2026-01-30 \|/);
      for (const hidden of ['Before the period', 'After the period', 'Another committee', CAST.rapporteur._id, 'How:']) expect(markdown).not.toContain(hidden);

      const csv = parseCsv(progressCsv(report, 'en')['good-practices.csv'] as string);
      expect(csv).toEqual([['Title', 'Tags', 'Recorded'], ['Relocation first', 'relocation, ngo support', '2026-01-30'], [`'=Joint letter, with "NHRI"`, 'nhri', '2026-03-01'], ['Private meeting with the mission', 'diplomacy, state dialogue', '2026-04-30']]);

      const [chairs] = chairsTables(await h.services.reports.chairs(['CAT', 'CCPR'], YEAR_2026), 'en');
      expect(chairs?.rows.find((r) => r[0] === 'Good practices recorded (G17)')).toEqual(['Good practices recorded (G17)', inCat.length, 1]);
      expect((await h.services.reports.publicInput('CAT', YEAR_2026)).progress.practices.recorded).toBe(inCat.length);
    } finally {
      await under.dispose();
    }
  });

  it('G25: only a case with informed consent to publication and a public summary the chair approved as public is named; internal details never leave', async () => {
    const under = await openStore(kind, 'reports-ga');
    try {
      const h = await harness(under.store, new TestClock(new Date('2026-04-01T09:00:00Z')));
      const rapporteur = h.actor(CAST.rapporteur);
      const chair = h.actor(CAST.chair);
      const include = async (reference: string, publicSummary: string, publish: 'approved' | 'withheld' | undefined) => {
        const { proposal } = await h.services.cases.propose(rapporteur, reference, { type: 'G25', details: `Internal: the source is at the lawyer's office (${reference}).`, publicSummary, doNoHarm: 'agreed with the person' });
        await h.services.cases.decide(chair, reference, proposal.id, 'approved', 'chair', '', publish);
      };
      const consenting = await assessedCase(h, { consentPublication: 'yes', consentInformed: 'yes' });
      await include(consenting, 'A defender was detained for two days after addressing the Committee.', 'approved');
      const withheld = await assessedCase(h, { consentPublication: 'yes', consentInformed: 'yes' });
      await include(withheld, 'The chair kept this one out of the report.', 'withheld');
      const detailsOnly = await assessedCase(h, { consentPublication: 'yes', consentInformed: 'yes' });
      await include(detailsOnly, '', undefined);
      const refusing = await assessedCase(h, { consentPublication: 'no' });
      await include(refusing, 'Must never be published.', 'approved');
      const undecided = await assessedCase(h, { consentPublication: 'yes', consentInformed: 'yes' });

      const input = await h.services.reports.publicInput('CAT', YEAR_2026);
      expect(input.named).toEqual([{ reference: consenting, stateParty: 'NO', summary: 'A defender was detained for two days after addressing the Committee.' }]);
      expect(input.progress.received).toBe(5);
      const markdown = publicMarkdown(input, 'en');
      expect(markdown).toContain(`| ${consenting} | Norway | A defender was detained for two days after addressing the Committee. |`);
      expect(markdown).toContain('1 of the 5 allegations received may be named');
      for (const hidden of [withheld, detailsOnly, refusing, undecided, 'Internal:', 'lawyer', 'kept this one out', 'Must never be published', 'Ingrid']) expect(markdown).not.toContain(hidden);
    } finally {
      await under.dispose();
    }
  });
});
