import { sgPeriod, type SgReport } from '../../src/domain/sg-report';
import { reportDocument } from '../../src/services/report-documents';
import { numbers } from '../../src/services/report-formats';
import { sgText } from '../../src/services/report-sg';
import { ReportService } from '../../src/services/reports';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { TestClock } from '../support/clock';
import { docxParts, wordBody } from '../support/docx';
import { TEST_KEY } from '../support/harness';
import { planRegister, storeRegister } from '../support/register-generator';

/**
 * The contribution to the Secretary-General's report as a Word document, checked for its
 * structure: the title, the sentences, each table under its heading with its header row
 * repeated, page numbers, the reader's language and, in Arabic, its direction.
 */
const NOW = new Date('2027-06-20T12:00:00Z');
const SG_2027 = sgPeriod(2027);

describe('the contribution to the Secretary-General\'s report in Word', () => {
  let reports: ReportService;
  let report: SgReport<string>;

  beforeAll(async () => {
    const store = new EmbeddedStore();
    await storeRegister(store, planRegister(300, ['CAT', 'CCPR'], 2026));
    reports = new ReportService({ store, clock: new TestClock(NOW), keys: TEST_KEY });
    report = await reports.sg('CAT', SG_2027);
  });

  const sg = (locale: string) => reportDocument(reports, { kind: 'sg', period: SG_2027, locale, committee: 'CAT', files: 'secretary-general-CAT-2027' });

  it('has its title and sentences, each table under its heading with its header row repeated on every page, page numbers, and English as its language', async () => {
    expect(report.newCases.cases).toBeGreaterThan(50);
    const document = await sg('en');
    expect(document.word).toBe('secretary-general-CAT-2027.docx');
    expect(Object.keys(document.files).sort()).toEqual(['follow-up-named.csv', 'follow-up.csv', 'new-cases-named.csv', 'new-cases.csv', 'secretary-general-CAT-2027.docx', 'summary.csv']);
    const parts = docxParts(document.files['secretary-general-CAT-2027.docx'] as Buffer);
    const xml = parts.get('word/document.xml')?.toString('utf8') ?? '';
    const body = wordBody(xml);
    const text = sgText(report, 'en');

    expect(body.paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([text.title]);
    expect(body.paragraphs.filter((p) => p.style === 'Heading2').map((p) => p.text)).toEqual(text.tables.map((t) => t.title));
    for (const line of text.lines) expect(body.paragraphs.map((p) => p.text)).toContain(line);
    const number = numbers('en');
    const withRows = text.tables.filter((t) => t.rows.length > 0);
    expect(body.tables).toEqual(withRows.map((t) => [t.header, ...t.rows.map((row) => row.map((cell) => String(number(cell))))]));
    for (const table of body.tableXml) expect(table).toMatch(/<w:trPr>[^]*?<w:tblHeader\/>/);
    expect(body.tables[0]?.[1]).toEqual(['New cases received in the period', String(report.newCases.cases)]);

    const footer = [...parts.entries()].filter(([name]) => /^word\/footer\d*\.xml$/.test(name)).map(([, data]) => data.toString('utf8')).join('');
    expect(footer).toMatch(/PAGE<\/w:instrText>/);
    expect(parts.get('word/styles.xml')?.toString('utf8')).toMatch(/<w:lang w:val="en-GB"/);
    expect(xml).not.toMatch(/<w:bidi\/>|<w:bidiVisual\/>|<w:rtl\/>/);
  });

  it('G11: the document holds no case reference when no case may be named, and States parties with few cases only on the merged line', async () => {
    expect(report.newCases.named).toEqual([]);
    expect(report.followUp.named).toEqual([]);
    const xml = docxParts((await sg('en')).files['secretary-general-CAT-2027.docx'] as Buffer).get('word/document.xml')?.toString('utf8') ?? '';
    expect(xml).not.toMatch(/CAT-20\d\d-\d{4}/);
    const rows = wordBody(xml).tables.find((t) => t[0]?.[0] === 'State party' && t.length > 1) ?? [];
    for (const row of rows.slice(1, -1)) expect(Number(row[1])).toBeGreaterThanOrEqual(3);
  });

  it('right to left (Arabic): every paragraph and table runs right to left, and Arabic is its language', async () => {
    const document = await sg('ar');
    const parts = docxParts(document.files['secretary-general-CAT-2027.docx'] as Buffer);
    const xml = parts.get('word/document.xml')?.toString('utf8') ?? '';
    const paragraphs = xml.match(/<w:p>[^]*?<\/w:p>/g) ?? [];
    expect(paragraphs.length).toBeGreaterThan(10);
    for (const paragraph of paragraphs) expect(paragraph).toContain('<w:bidi/>');
    const tables = xml.match(/<w:tblPr>[^]*?<\/w:tblPr>/g) ?? [];
    expect(tables.length).toBe(sgText(report, 'ar').tables.filter((t) => t.rows.length > 0).length);
    for (const table of tables) expect(table).toContain('<w:bidiVisual/>');
    expect(parts.get('word/styles.xml')?.toString('utf8')).toMatch(/<w:lang w:val="ar-SA"/);
    expect(wordBody(xml).paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([sgText(report, 'ar').title]);
  });
});
