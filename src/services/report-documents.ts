import type { TreatyBody } from '../domain/committee';
import type { ReportOptions, ReportPeriod } from '../domain/reports';
import { isRightToLeft } from '../i18n';
import { monthlyChart } from './report-chart';
import { chairsCsv, chairsMarkdown, progressCsv, progressMarkdown, publicCsv, publicMarkdown } from './report-formats';
import type { ReportService } from './reports';

export type ReportKind = 'progress' | 'chairs' | 'ga';

/** A report as delivered: the Markdown, and the files that go with it (CSV per table, the chart). */
export interface ReportDocument {
  name: string;
  markdown: string;
  files: Record<string, string | Buffer>;
}

export interface ReportRequest {
  kind: ReportKind;
  period: ReportPeriod;
  locale: string;
  /** The committee of a progress report or GA input. */
  committee?: TreatyBody;
  /** The committees of a chairs' summary. */
  committees?: TreatyBody[];
  options?: ReportOptions;
  /** The chart's file name when it goes along (a file beside the Markdown); on a terminal there is only text. */
  chart?: string;
}

/** Builds one report in every format: the CLI writes it to a folder, chat uploads it. */
export async function reportDocument(reports: ReportService, request: ReportRequest): Promise<ReportDocument> {
  const { kind, period, locale } = request;
  if (kind === 'chairs') {
    const all = await reports.chairs(request.committees ?? [], period);
    return { name: 'chairs', markdown: chairsMarkdown(all, locale), files: chairsCsv(all, locale) };
  }
  if (!request.committee) throw new Error(`a ${kind} report needs a committee`);
  if (kind === 'ga') {
    const input = await reports.publicInput(request.committee, period);
    return { name: 'general-assembly', markdown: publicMarkdown(input, locale), files: publicCsv(input, locale) };
  }
  const report = await reports.progress(request.committee, period, request.options ?? {});
  const csv = progressCsv(report, locale);
  if (!request.chart) return { name: 'progress', markdown: progressMarkdown(report, locale), files: csv };
  return { name: 'progress', markdown: progressMarkdown(report, locale, request.chart), files: { ...csv, [request.chart]: monthlyChart(report, { rightToLeft: isRightToLeft(locale) }) } };
}
