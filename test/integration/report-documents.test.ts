import { existsSync } from 'node:fs';
import { PNG } from 'pngjs';
import type { ProgressReport } from '../../src/domain/reports';
import { chartSvg, PRINT_WIDTH, renderChart, SCREEN_WIDTH } from '../../src/services/report-chart';
import { reportDocx } from '../../src/services/report-docx';
import { reportDocument } from '../../src/services/report-documents';
import { actionsChart, committeesChart, monthsChart, OUTCOME_ORDER, periodText, statesChart } from '../../src/services/report-figures';
import { chartFontFiles } from '../../src/services/report-fonts';
import { numbers, progressTables, progressText, publicText } from '../../src/services/report-formats';
import { ReportService } from '../../src/services/reports';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { drawnBars, drawnTexts, labelIn, totalsDrawn } from '../support/chart-svg';
import { TestClock } from '../support/clock';
import { docxParts, wordBody } from '../support/docx';
import { TEST_KEY } from '../support/harness';
import { planRegister, storeRegister } from '../support/register-generator';

/**
 * The report's charts and Word documents, checked for what they say, not for their pixels: the
 * numbers a chart draws are the report's counts, its words are in the reader's language, and a
 * Word document has the report's headings, tables, charts, language and direction.
 */
const NOW = new Date('2026-12-20T12:00:00Z');
const YEAR_2026 = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const total = (report: ProgressReport, month: number) => OUTCOME_ORDER.reduce((sum, o) => sum + (report.perMonth[month]?.byOutcome[o] ?? 0), 0);

describe('report charts', () => {
  let reports: ReportService;
  let report: ProgressReport;

  beforeAll(async () => {
    const store = new EmbeddedStore();
    await storeRegister(store, planRegister(600, ['CAT', 'CCPR', 'CED'], 2026));
    reports = new ReportService({ store, clock: new TestClock(NOW), keys: TEST_KEY });
    report = await reports.progress('CAT', YEAR_2026);
  });

  it('each chart counts what the report counts: months by outcome, States parties as merged (G11), actions by where they stand', () => {
    const months = monthsChart(report, 'en');
    expect(months.categories).toEqual(MONTHS_EN);
    expect(months.series.map((s) => s.key)).toEqual([...OUTCOME_ORDER]);
    for (const [i, outcome] of OUTCOME_ORDER.entries()) expect(months.series[i]?.values).toEqual(report.perMonth.map((m) => m.byOutcome[outcome]));

    const states = statesChart(report, 'en');
    const table = progressTables(report, 'en').find((t) => t.name === 'by-state-party');
    expect(report.byStateParty.merged).toBeGreaterThan(0);
    expect(states.categories).toEqual(table?.rows.map((r) => r[0]));
    expect(states.series[0]?.values).toEqual(table?.rows.map((r) => r[1]));
    expect(states.categories.at(-1)).toMatch(/^Other States parties/);

    const actions = actionsChart(report, 'en');
    const proposed = report.actions.filter((a) => a.proposed > 0);
    expect(actions.categories).toHaveLength(proposed.length);
    proposed.forEach((a, i) => {
      const [done, open, declined, undecided] = actions.series.map((s) => s.values[i] as number);
      expect({ done, open, declined }).toEqual({ done: a.completed, open: a.approved - a.completed, declined: a.declined });
      expect([done, open, declined, undecided].every((n) => (n as number) >= 0)).toBe(true);
      expect((done as number) + (open as number) + (declined as number) + (undecided as number)).toBe(a.proposed);
    });
  });

  it('the numbers drawn on the monthly chart are the report\'s: each segment carries its own count when it fits, each bar its total', () => {
    const { svg } = chartSvg(monthsChart(report, 'en'), 'en');
    const texts = drawnTexts(svg);
    const bars = drawnBars(svg).filter((b) => b.series < OUTCOME_ORDER.length);
    const cells = report.perMonth.flatMap((m) => OUTCOME_ORDER.filter((o) => m.byOutcome[o] > 0));
    expect(bars).toHaveLength(cells.length);
    const heights: Array<[number, number]> = [];
    for (const bar of bars) {
      const count = report.perMonth[bar.index]?.byOutcome[OUTCOME_ORDER[bar.series] as (typeof OUTCOME_ORDER)[number]] as number;
      expect(count).toBeGreaterThan(0);
      heights.push([bar.bottom - bar.top, count]);
      const label = labelIn(texts.filter((t) => !t.bold), bar);
      if (bar.bottom - bar.top >= 18) expect(label?.text).toBe(String(count));
      if (label) expect(label.text).toBe(String(count));
    }
    // One scale for every segment: a case is as tall everywhere (give or take the pixel a boundary is rounded to).
    const scale = heights.reduce((sum, [h]) => sum + h, 0) / heights.reduce((sum, [, n]) => sum + n, 0);
    for (const [height, count] of heights) expect(Math.abs(height - count * scale)).toBeLessThan(1);
    report.perMonth.forEach((_, month) => {
      const column = bars.filter((b) => b.index === month);
      if (column.length === 0) return;
      const top = Math.min(...column.map((b) => b.top));
      const drawn = totalsDrawn(texts).find((t) => t.x > (column[0]?.left ?? 0) && t.x < (column[0]?.right ?? 0) && t.y < top);
      expect(drawn?.text).toBe(String(total(report, month)));
    });
    const words = texts.map((t) => t.text);
    for (const word of ['Cases received per month, by outcome of the assessment', `CAT · ${periodText(report, 'en')}`, 'Cases', 'Month received', ...MONTHS_EN, 'Substantiated', 'Not yet assessed']) expect(words).toContain(word);
  });

  it('the State-party chart draws each row\'s count at its bar\'s end, the merged line included', () => {
    const chart = statesChart(report, 'en');
    const texts = drawnTexts(chartSvg(chart, 'en').svg);
    expect(totalsDrawn(texts).map((t) => t.text)).toEqual(chart.series[0]?.values.map(String));
    expect(texts.map((t) => t.text)).toEqual(expect.arrayContaining(['Cases by State party', 'Norway']));
  });

  it('right to left (Arabic): the months run from the right, the value axis stands on the right and the legend on the left; every line is set right to left', () => {
    const { svg } = chartSvg(monthsChart(report, 'ar'), 'ar');
    const texts = drawnTexts(svg);
    const months = new Intl.DateTimeFormat('ar', { month: 'short', timeZone: 'UTC' });
    const x = (word: string) => texts.find((t) => t.text === word)?.x ?? NaN;
    const january = x(months.format(new Date(Date.UTC(2026, 0, 1))));
    const december = x(months.format(new Date(Date.UTC(2026, 11, 1))));
    expect(january).toBeGreaterThan(december);
    expect(x('القضايا')).toBeGreaterThan(600);
    expect(x('مثبت')).toBeLessThan(200);
    for (const match of svg.matchAll(/<text[^>]*>([^<]*[\u0600-\u06FF][^<]*)<\/text>/g)) expect(match[1]?.startsWith('\u2067')).toBe(true);
  });

  it('speaks the reader\'s language and digits, and asks for that language\'s font first', () => {
    const zh = drawnTexts(chartSvg(monthsChart(report, 'zh'), 'zh').svg).map((t) => t.text);
    expect(zh).toEqual(expect.arrayContaining(['1月', '6月', '12月', '收到月份']));
    expect(chartSvg(monthsChart(report, 'zh'), 'zh').svg).toContain('font-family:Noto Sans S Chinese, Noto Sans, Noto Sans Arabic');
    const ru = drawnTexts(chartSvg(monthsChart(report, 'ru'), 'ru').svg).map((t) => t.text);
    expect(ru).toEqual(expect.arrayContaining(['янв.', 'дек.', 'Месяц получения']));
    const egypt = totalsDrawn(drawnTexts(chartSvg(monthsChart(report, 'ar-EG'), 'ar-EG').svg));
    expect(egypt.map((t) => t.text)).toContain(new Intl.NumberFormat('ar-EG').format(total(report, 0)));
    expect(egypt.every((t) => /^[\u0660-\u0669]+$/.test(t.text))).toBe(true);
  });

  it('the G33 chart puts the committees side by side, each one\'s cases by outcome', async () => {
    const all = await reports.chairs(['CAT', 'CCPR', 'CED'], YEAR_2026);
    const chart = committeesChart(all, 'en');
    expect(chart.categories).toEqual(['CAT', 'CCPR', 'CED']);
    expect(totalsDrawn(drawnTexts(chartSvg(chart, 'en').svg)).map((t) => t.text)).toEqual(all.map((r) => String(r.received)));
  });

  it('each chart comes as a PNG for screens and chats (1000 pixels wide) and one twice as fine for print, drawn with the fonts the packages ship', () => {
    for (const file of chartFontFiles()) expect(existsSync(file)).toBe(true);
    const rendered = renderChart(statesChart(report, 'ar'), 'ar');
    const screen = PNG.sync.read(rendered.png);
    const print = PNG.sync.read(rendered.print);
    expect([screen.width, print.width]).toEqual([SCREEN_WIDTH, PRINT_WIDTH]);
    expect(screen.height).toBe(Math.round((SCREEN_WIDTH * rendered.height) / rendered.width));
    expect(screen.width).toBeLessThanOrEqual(1024);
  });

  it('a period with nothing in it says so on the chart instead of drawing empty axes', async () => {
    const empty = await reports.progress('CAT', { from: new Date('2030-01-01T00:00:00Z'), to: new Date('2030-02-01T00:00:00Z') });
    const texts = drawnTexts(chartSvg(actionsChart(empty, 'fr'), 'fr').svg).map((t) => t.text);
    expect(texts).toContain('Aucune mesure proposée pendant cette période.');
  });
});

describe('report Word documents', () => {
  let reports: ReportService;
  let report: ProgressReport;

  beforeAll(async () => {
    const store = new EmbeddedStore();
    await storeRegister(store, planRegister(300, ['CAT', 'CCPR'], 2026));
    reports = new ReportService({ store, clock: new TestClock(NOW), keys: TEST_KEY });
    report = await reports.progress('CAT', YEAR_2026);
  });

  const progress = (locale: string) => reportDocument(reports, { kind: 'progress', period: YEAR_2026, locale, committee: 'CAT', files: true });

  it('the progress report in Word: its title and sentences, a heading and a picture for each chart, each table under its heading with its header row repeated, page numbers, English as its language', async () => {
    const document = await progress('en');
    expect(Object.keys(document.files).filter((f) => !f.endsWith('.csv')).sort()).toEqual(['progress-actions.png', 'progress-states.png', 'progress.docx', 'progress.png']);
    expect(document.charts).toEqual(['progress.png', 'progress-states.png', 'progress-actions.png']);
    expect(document.markdown).toContain('](progress-states.png)');
    const parts = docxParts(document.files['progress.docx'] as Buffer);
    const xml = parts.get('word/document.xml')?.toString('utf8') ?? '';
    const body = wordBody(xml);
    const text = progressText(report, 'en');
    const charts = [monthsChart(report, 'en'), statesChart(report, 'en'), actionsChart(report, 'en')];

    expect(body.paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([text.title]);
    expect(body.paragraphs.filter((p) => p.style === 'Heading2').map((p) => p.text)).toEqual([...charts.map((c) => c.title), ...text.tables.map((t) => t.title)]);
    for (const line of text.lines) expect(body.paragraphs.map((p) => p.text)).toContain(line);

    const number = numbers('en');
    const withRows = text.tables.filter((t) => t.rows.length > 0);
    expect(body.tables).toEqual(withRows.map((t) => [t.header, ...t.rows.map((row) => row.map((cell) => String(number(cell))))]));
    for (const table of body.tableXml) expect(table).toMatch(/<w:trPr>[^]*?<w:tblHeader\/>/);
    expect(body.tables.find((t) => t[0]?.[0] === 'Measure')?.[1]).toEqual(['Allegations received', String(report.received)]);

    const media = [...parts.keys()].filter((name) => name.startsWith('word/media/') && name.endsWith('.png'));
    expect(media).toHaveLength(3);
    for (const name of media) expect(PNG.sync.read(parts.get(name) as Buffer).width).toBe(PRINT_WIDTH);
    expect(xml.match(/<w:drawing>/g)).toHaveLength(3);
    for (const chart of charts) expect(xml).toContain(`descr="${chart.title}.`);

    const footer = [...parts.entries()].filter(([name]) => /^word\/footer\d*\.xml$/.test(name)).map(([, data]) => data.toString('utf8')).join('');
    expect(footer).toMatch(/PAGE<\/w:instrText>/);
    expect(footer).toMatch(/NUMPAGES<\/w:instrText>/);
    expect(parts.get('word/styles.xml')?.toString('utf8')).toMatch(/<w:lang w:val="en-GB"/);
    expect(xml).not.toMatch(/<w:bidi\/>|<w:bidiVisual\/>|<w:rtl\/>/);
  });

  it('the same report makes the same Word document each time it is made (a Teams file card announces the size of a file made again on acceptance)', async () => {
    const [first, second] = [await progress('en'), await progress('en')];
    expect((second.files['progress.docx'] as Buffer).equals(first.files['progress.docx'] as Buffer)).toBe(true);
    expect(docxParts(first.files['progress.docx'] as Buffer).get('docProps/core.xml')?.toString('utf8')).toMatch(/<dcterms:created[^>]*>\d{4}-\d{2}-\d{2}T00:00:00Z</);
  });

  it('right to left (Arabic): every paragraph and table of the Word document runs right to left, Arabic runs are marked so, and Arabic is its language', async () => {
    const document = await progress('ar');
    const parts = docxParts(document.files['progress.docx'] as Buffer);
    const xml = parts.get('word/document.xml')?.toString('utf8') ?? '';
    const paragraphs = xml.match(/<w:p>[^]*?<\/w:p>/g) ?? [];
    expect(paragraphs.length).toBeGreaterThan(50);
    for (const paragraph of paragraphs) expect(paragraph).toContain('<w:bidi/>');
    const tables = xml.match(/<w:tblPr>[^]*?<\/w:tblPr>/g) ?? [];
    expect(tables.length).toBe(progressText(report, 'ar').tables.filter((t) => t.rows.length > 0).length);
    for (const table of tables) expect(table).toContain('<w:bidiVisual/>');
    for (const run of xml.match(/<w:r>[^]*?<\/w:r>/g) ?? []) if (/<w:t[^>]*>[^<]*[\u0600-\u06FF]/.test(run)) expect(run).toContain('<w:rtl/>');
    expect(parts.get('word/styles.xml')?.toString('utf8')).toMatch(/<w:lang w:val="ar-SA" w:eastAsia="zh-CN" w:bidi="ar-SA"\/>/);
    // A date in a sentence keeps its order even where isolates are not understood.
    expect(xml).toContain('\u2068\u200E2026-01-01\u2069');
    expect(wordBody(xml).paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([progressText(report, 'ar').title]);
  });

  it('the GA input and the chairs\' summary come as Word documents too, each with its charts', async () => {
    const ga = await reportDocument(reports, { kind: 'ga', period: YEAR_2026, locale: 'fr', committee: 'CAT', files: 'general-assembly-CAT-2026' });
    expect(ga.word).toBe('general-assembly-CAT-2026.docx');
    expect(ga.charts).toEqual(['general-assembly-CAT-2026.png', 'general-assembly-CAT-2026-states.png', 'general-assembly-CAT-2026-actions.png']);
    const gaParts = docxParts(ga.files[ga.word as string] as Buffer);
    expect(wordBody(gaParts.get('word/document.xml')?.toString('utf8') ?? '').paragraphs.find((p) => p.style === 'Heading2')?.text).toBe(monthsChart(report, 'fr').title);
    expect(gaParts.get('word/styles.xml')?.toString('utf8')).toMatch(/<w:lang w:val="fr-FR"/);

    const chairs = await reportDocument(reports, { kind: 'chairs', period: YEAR_2026, locale: 'zh', committees: ['CAT', 'CCPR'], files: true });
    expect(chairs.charts).toEqual(['chairs.png']);
    const chairsParts = docxParts(chairs.files['chairs.docx'] as Buffer);
    expect([...chairsParts.keys()].filter((n) => n.startsWith('word/media/') && n.endsWith('.png'))).toHaveLength(1);
    expect(chairsParts.get('word/styles.xml')?.toString('utf8')).toMatch(/<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/);
  });

  it('without files (a terminal), a report is its Markdown and tables only: no chart is drawn', async () => {
    const document = await reportDocument(reports, { kind: 'progress', period: YEAR_2026, locale: 'en', committee: 'CAT' });
    expect(document.charts).toEqual([]);
    expect(document.word).toBeUndefined();
    expect(Object.keys(document.files).every((f) => f.endsWith('.csv'))).toBe(true);
    expect(document.markdown).not.toContain('.png');
  });

  it('a text typed by a person stays text in Word: a practice title or a public summary is one cell\'s text, escaped, whatever markup it holds', async () => {
    const typed = ['=HYPERLINK("https://evil.example")', '</w:t></w:r></w:p><w:p><w:r><w:t>injected', '[link](https://evil.example) <b>bold</b> &amp; { PAGE }', 'bell\u0007 and a lone \uD800 surrogate'];
    const withPractices = { ...report, practices: { recorded: typed.length, rows: typed.map((title) => ({ title, tags: ['<tag>'], recordedAt: NOW })) } };
    const word = await reportDocx({ text: publicText({ progress: withPractices, named: typed.map((summary) => ({ reference: 'CAT-2026-0001', stateParty: 'NO', summary })) }, 'en'), charts: [], locale: 'en' });
    const xml = docxParts(word).get('word/document.xml')?.toString('utf8') ?? '';
    expect(xml).not.toMatch(/<w:hyperlink|<w:fldSimple|<w:instrText|<w:t>injected/);
    expect((xml.match(/<w:p[ >]/g) ?? []).length).toBe((xml.match(/<\/w:p>/g) ?? []).length);
    const cells = wordBody(xml).tables.flat(2);
    for (const text of typed.slice(0, 3)) expect(cells.filter((c) => c === text)).toHaveLength(2);
    expect(cells).toContain('bell and a lone  surrogate');
  });
});
