import type { TreatyBody } from '../domain/committee';
import type { ProgressReport, PublicInput, ReportOptions, ReportPeriod } from '../domain/reports';
import type { SgReport } from '../domain/sg-report';
import { renderChart, type BarChart, type RenderedChart } from './report-chart';
import { reportDocx } from './report-docx';
import { committeesChart, progressCharts } from './report-figures';
import { chairsCsv, chairsText, progressCsv, progressText, publicCsv, publicText, reportMarkdown, type ReportText } from './report-formats';
import { sgCsv, sgText } from './report-sg';

export type ReportKind = 'progress' | 'chairs' | 'ga' | 'sg';

/** What each report is called, in file names. */
export const REPORT_NAMES: Record<ReportKind, string> = { progress: 'progress', chairs: 'chairs', ga: 'general-assembly', sg: 'secretary-general' };

/**
 * A report as delivered: the Markdown, and the files that go with it: one CSV per table and,
 * when files go along, the charts (PNG) and the Word document.
 */
export interface ReportDocument {
  name: string;
  markdown: string;
  files: Record<string, string | Buffer>;
  /** The charts' file names among `files`, the first being the one to show first. */
  charts: string[];
  /** The Word document's file name among `files`, when files go along. */
  word?: string;
}

export interface ReportRequest {
  kind: ReportKind;
  period: ReportPeriod;
  locale: string;
  /** The committee of a progress report, a GA input or a contribution to the Secretary-General's report. */
  committee?: TreatyBody;
  /** The committees of a chairs' summary. */
  committees?: TreatyBody[];
  options?: ReportOptions;
  /**
   * Files go along (a folder, a chat): the stem of their names (`progress-CAT-2026` gives
   * `progress-CAT-2026.docx`, `progress-CAT-2026.png`, `progress-CAT-2026-states.png`), or
   * `true` for the report's own name. On a terminal there is only text.
   */
  files?: string | true;
}

/** The figures a document is made from (`ReportService` gives them). */
export interface ReportSource {
  progress(committee: TreatyBody, period: ReportPeriod, options?: ReportOptions): Promise<ProgressReport>;
  chairs(committees: TreatyBody[], period: ReportPeriod): Promise<ProgressReport[]>;
  publicInput(committee: TreatyBody, period: ReportPeriod): Promise<PublicInput>;
  sg(committee: TreatyBody, period: ReportPeriod, options?: ReportOptions): Promise<SgReport<string>>;
}

interface Contents {
  text: ReportText;
  csv: Record<string, string>;
  charts: BarChart[];
}

async function contents(reports: ReportSource, request: ReportRequest): Promise<Contents> {
  const { kind, period, locale } = request;
  if (kind === 'chairs') {
    const all = await reports.chairs(request.committees ?? [], period);
    return { text: chairsText(all, locale), csv: chairsCsv(all, locale), charts: [committeesChart(all, locale)] };
  }
  if (!request.committee) throw new Error(`a ${kind} report needs a committee`);
  if (kind === 'ga') {
    const input = await reports.publicInput(request.committee, period);
    return { text: publicText(input, locale), csv: publicCsv(input, locale), charts: progressCharts(input.progress, locale) };
  }
  if (kind === 'sg') {
    const sg = await reports.sg(request.committee, period, request.options ?? {});
    return { text: sgText(sg, locale), csv: sgCsv(sg, locale), charts: [] };
  }
  const report = await reports.progress(request.committee, period, request.options ?? {});
  return { text: progressText(report, locale), csv: progressCsv(report, locale), charts: progressCharts(report, locale) };
}

/** Builds one report in every format: the CLI writes it to a folder, chat uploads it. */
export async function reportDocument(reports: ReportSource, request: ReportRequest): Promise<ReportDocument> {
  const { kind, locale } = request;
  const name = REPORT_NAMES[kind];
  const { text, csv, charts } = await contents(reports, request);
  if (!request.files) return { name, markdown: reportMarkdown(text, locale), files: csv, charts: [] };
  const stem = request.files === true ? name : request.files;
  const rendered: Array<{ file: string; chart: RenderedChart }> = charts.map((chart, index) => ({
    file: index === 0 ? `${stem}.png` : `${stem}-${chart.id}.png`,
    chart: renderChart(chart, locale),
  }));
  const word = `${stem}.docx`;
  return {
    name,
    markdown: reportMarkdown(text, locale, rendered.map(({ file, chart }) => ({ title: chart.chart.title, file }))),
    files: { ...csv, ...Object.fromEntries(rendered.map(({ file, chart }) => [file, chart.png])), [word]: await reportDocx({ text, charts: rendered.map((r) => r.chart), locale }) },
    charts: rendered.map((r) => r.file),
    word,
  };
}
