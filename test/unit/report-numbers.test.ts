import { progressReport } from '../../src/domain/reports';
import { progressCsv, progressMarkdown } from '../../src/services/report-formats';
import { caseRecord } from '../support/case-record';

/** A report's figures are written as the reader's language writes numbers; its CSV keeps plain digits. */
const YEAR_2026 = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
const report = progressReport('CAT', YEAR_2026, Array.from({ length: 1200 }, (_, i) => ({ case: caseRecord(i + 1), events: [] })), new Date('2026-12-31T00:00:00Z'));

describe('numbers in reports', () => {
  it('are grouped the way each language groups them in the Markdown', () => {
    expect(progressMarkdown(report, 'en')).toMatch(/\| Allegations received \| 1,200 \|/);
    expect(progressMarkdown(report, 'fr')).toMatch(/\| [^|]+ \| 1 200 \|/);
    expect(progressMarkdown(report, 'de-CH')).toMatch(/\| Allegations received \| 1'200 \|/);
  });

  it('stay plain digits in the CSV, for spreadsheets', () => {
    expect(progressCsv(report, 'fr')['summary.csv']).toMatch(/,1200\r\n/);
  });
});
