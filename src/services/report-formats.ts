import type { ProgressReport, PublicInput } from '../domain/reports';
import { escapeMarkdown } from './markdown';
import { statePartyName } from '../domain/state-party';
import { intlLocale, isolate, isRightToLeft, translate } from '../i18n';

/**
 * A report as people read it: its text and tables (`ReportText`), made into one Markdown
 * document (readable in chat and in a browser), one CSV file per table (for a spreadsheet)
 * and, in `report-docx.ts`, a Word document. All come from the same tables, so they cannot
 * disagree.
 */
export interface Table {
  /** File name of its CSV, without extension. */
  name: string;
  title: string;
  header: string[];
  rows: Array<Array<string | number>>;
}

export type Say = (key: string, vars?: Record<string, string | number>) => string;

/** The catalogue's words in one language. */
export const sayIn = (locale: string): Say => (key, vars = {}) => translate(locale, key, vars);

export const day = (date: Date) => date.toISOString().slice(0, 10);
export const lastDay = (to: Date) => day(new Date(to.getTime() - 1));

function counts(say: Say, name: string, title: string, labelKey: (code: string) => string, values: Record<string, number>): Table {
  return { name, title, header: [say('reports.columns.category'), say('reports.columns.cases')], rows: Object.entries(values).map(([code, count]) => [say(labelKey(code)), count]) };
}

export function progressTables(report: ProgressReport, locale: string): Table[] {
  const say = sayIn(locale);
  const nd = (value: number | null) => (value === null ? say('reports.none') : value);
  const states: Table = {
    name: 'by-state-party',
    title: say('reports.tables.by_state_party'),
    header: [say('reports.columns.state_party'), say('reports.columns.cases')],
    rows: report.byStateParty.rows.map((r) => [statePartyName(r.stateParty, locale), r.count]),
  };
  if (report.byStateParty.merged > 0) {
    states.rows.push([say('reports.merged_states', { states: report.byStateParty.mergedStates, count: report.byStateParty.smallCell ?? 0 }), report.byStateParty.merged]);
  }
  return [
    {
      name: 'summary',
      title: say('reports.tables.summary'),
      header: [say('reports.columns.measure'), say('reports.columns.value')],
      rows: [
        [say('reports.measures.received'), report.received],
        [say('reports.measures.urgent'), report.urgent],
        [say('reports.measures.median_acknowledged'), nd(report.medianDays.acknowledged)],
        [say('reports.measures.median_assessed'), nd(report.medianDays.assessed)],
        [say('reports.measures.median_decided'), nd(report.medianDays.decided)],
        [say('reports.measures.deadlines_met'), report.deadlines.met],
        [say('reports.measures.deadlines_missed'), report.deadlines.missed],
        [say('reports.measures.deadlines_open'), report.deadlines.open],
        [say('reports.measures.pending_follow_ups'), report.pendingFollowUps],
        [say('reports.measures.contacts'), report.contacts.recorded],
        [say('reports.measures.cases_with_contact'), report.contacts.cases],
        [say('practices.report.measure'), report.practices.recorded],
      ],
    },
    counts(say, 'by-status', say('reports.tables.by_status'), (code) => `status.${code}`, report.byStatus),
    counts(say, 'by-outcome', say('reports.tables.by_outcome'), (code) => (code === 'not_assessed' ? 'reports.not_assessed' : `options.outcome.${code}`), report.byOutcome),
    {
      name: 'by-action-type',
      title: say('reports.tables.by_action_type'),
      header: [say('reports.columns.action_type'), ...['proposed', 'approved', 'declined', 'completed'].map((column) => say(`reports.columns.${column}`))],
      rows: report.actions.filter((a) => a.proposed > 0).map((a) => [say(`actionTypes.${a.type}`), a.proposed, a.approved, a.declined, a.completed]),
    },
    states,
    counts(say, 'by-channel', say('reports.tables.by_channel'), (code) => `options.channel.${code}`, report.byChannel),
    counts(say, 'by-perpetrator', say('reports.tables.by_perpetrator'), (code) => `options.perpetrator.${code}`, report.byPerpetrator),
    counts(say, 'by-gender-risk', say('reports.tables.by_gender_risk'), (code) => `options.yesNoUnknown.${code}`, report.byGenderRisk),
    practicesTable(say, report),
  ];
}

/** G17: each good practice recorded in the period, by title and tags; who recorded it is not said. */
function practicesTable(say: Say, report: ProgressReport): Table {
  return {
    name: 'good-practices',
    title: say('practices.report.table'),
    header: [say('practices.report.title'), say('practices.report.tags'), say('practices.report.recorded')],
    rows: report.practices.rows.map((p) => [p.title, p.tags.join(', '), day(p.recordedAt)]),
  };
}

/**
 * A cell for a Markdown table: one line, and inert: a practice's title or a public summary is
 * typed by people, and whatever markup it holds (a link, an image, HTML) reads as typed.
 */
const mdCell = (value: string | number) => escapeMarkdown(String(value).replace(/\s+/g, ' '));

/** Counts and medians as the reader's language writes them (1,000 · 1 000 · 2,5); CSV keeps plain digits for spreadsheets. */
export function numbers(locale: string): (value: string | number) => string | number {
  const format = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 });
  return (value) => (typeof value === 'number' ? format.format(value) : value);
}


function markdownTables(tables: Table[], none: string, locale: string): string[] {
  const number = numbers(locale);
  const lines: string[] = [];
  for (const table of tables) {
    lines.push('', `## ${table.title}`, '');
    if (table.rows.length === 0) {
      lines.push(none);
      continue;
    }
    lines.push(`| ${table.header.map(mdCell).join(' | ')} |`, `|${table.header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
    for (const row of table.rows) lines.push(`| ${row.map((cell) => mdCell(number(cell))).join(' | ')} |`);
  }
  return lines;
}

function periodLine(say: Say, report: ProgressReport): string {
  return say('reports.progress.period', { from: day(report.period.from), to: lastDay(report.period.to), generated: day(report.generatedAt) });
}

/** What a report says, in order, whatever its format: the Markdown and the Word document are made from it. */
export interface ReportText {
  title: string;
  /** The sentences under the title: the period, what the report holds, notes. */
  lines: string[];
  tables: Table[];
  /** What an empty table says. */
  none: string;
}

/** A chart beside the report: its title and its file's name. */
export interface ChartLink {
  title: string;
  file: string;
}

/** Each chart's image under its title; the chart has its own legend and numbers. */
function chartLines(charts: ChartLink[]): string[] {
  return charts.flatMap((c) => ['', `## ${c.title}`, '', `![${escapeMarkdown(c.title)}](${c.file})`]);
}

/**
 * How a Markdown report's sentences are worded: in a right-to-left language each value put
 * into a sentence (a committee code, a date, a count) is isolated so it reads as written.
 */
export function sentences(locale: string): Say {
  if (!isRightToLeft(locale)) return (key, vars = {}) => translate(locale, key, vars);
  return (key, vars = {}) => translate(locale, key, Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, isolate(value)])));
}

/** The whole document, set right to left where the language is (HTML in Markdown: renderers honour it). */
function asDocument(lines: string[], locale: string): string {
  const text = `${lines.join('\n')}\n`;
  return isRightToLeft(locale) ? `<div dir="rtl">\n\n${text}\n</div>\n` : text;
}

/** The report in Markdown; `charts`: the charts' files beside it, when there are. */
export function reportMarkdown(text: ReportText, locale: string, charts: ChartLink[] = []): string {
  const lines = [`# ${text.title}`];
  for (const line of text.lines) lines.push('', line);
  lines.push(...chartLines(charts), ...markdownTables(text.tables, text.none, locale));
  return asDocument(lines, locale);
}

export function progressText(report: ProgressReport, locale: string): ReportText {
  const say = sentences(locale);
  const lines = [periodLine(say, report), say('reports.progress.confidentiality')];
  if (report.byStateParty.smallCell === null) lines.push(say('reports.small_cells_shown'));
  return { title: say('reports.progress.title', { committee: report.committee }), lines, tables: progressTables(report, locale), none: say('reports.none') };
}

export function progressMarkdown(report: ProgressReport, locale: string, charts: ChartLink[] = []): string {
  return reportMarkdown(progressText(report, locale), locale, charts);
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF line ends. */
export function csvField(value: string | number): string {
  const text = String(value);
  // A leading =, +, - or @ would be read as a formula by spreadsheets: prefixed with a quote.
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvFiles(tables: Table[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const table of tables) files[`${table.name}.csv`] = [table.header, ...table.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
  return files;
}

export function progressCsv(report: ProgressReport, locale: string): Record<string, string> {
  return csvFiles(progressTables(report, locale));
}

/** G33: one column per committee, one row per measure, for the chairs' annual meeting. */
export function chairsTables(reports: ProgressReport[], locale: string): Table[] {
  const say = sayIn(locale);
  const nd = (value: number | null) => (value === null ? say('reports.none') : value);
  const measures: Array<[string, (r: ProgressReport) => string | number]> = [
    [say('reports.measures.received'), (r) => r.received],
    [say('reports.measures.urgent'), (r) => r.urgent],
    ...(['substantiated', 'may_have_occurred', 'not_substantiated', 'insufficient_information'] as const).map((o): [string, (r: ProgressReport) => number] => [say(`options.outcome.${o}`), (r) => r.byOutcome[o]]),
    [say('reports.not_assessed'), (r) => r.byOutcome.not_assessed],
    [say('reports.measures.actions_approved'), (r) => r.actions.reduce((sum, a) => sum + a.approved, 0)],
    [say('reports.measures.median_acknowledged'), (r) => nd(r.medianDays.acknowledged)],
    [say('reports.measures.median_assessed'), (r) => nd(r.medianDays.assessed)],
    [say('reports.measures.median_decided'), (r) => nd(r.medianDays.decided)],
    [say('reports.measures.deadlines_met'), (r) => r.deadlines.met],
    [say('reports.measures.deadlines_missed'), (r) => r.deadlines.missed],
    [say('reports.measures.pending_follow_ups'), (r) => r.pendingFollowUps],
    [say('reports.measures.contacts'), (r) => r.contacts.recorded],
    [say('reports.measures.cases_with_contact'), (r) => r.contacts.cases],
    [say('practices.report.measure'), (r) => r.practices.recorded],
  ];
  return [
    {
      name: 'chairs-summary',
      title: say('reports.tables.chairs'),
      header: [say('reports.columns.measure'), ...reports.map((r) => r.committee)],
      rows: measures.map(([label, value]) => [label, ...reports.map(value)]),
    },
  ];
}

export function chairsText(reports: ProgressReport[], locale: string): ReportText {
  const say = sentences(locale);
  const first = reports[0];
  const lines = [...(first ? [periodLine(say, first)] : []), say('reports.progress.confidentiality')];
  return { title: say('reports.chairs.title'), lines, tables: chairsTables(reports, locale), none: say('reports.none') };
}

export function chairsCsv(reports: ProgressReport[], locale: string): Record<string, string> {
  return csvFiles(chairsTables(reports, locale));
}

/** G25: the cases that may be named, then the same counts as the progress report. */
function namedTable(input: PublicInput, locale: string): Table {
  const say = sayIn(locale);
  return {
    name: 'named-cases',
    title: say('reports.tables.named'),
    header: [say('reports.columns.reference'), say('reports.columns.state_party'), say('reports.columns.summary')],
    rows: input.named.map((n) => [n.reference, statePartyName(n.stateParty, locale), n.summary]),
  };
}

export function publicText(input: PublicInput, locale: string): ReportText {
  const say = sentences(locale);
  const { progress } = input;
  const lines = [periodLine(say, progress), say('reports.public.intro', { named: input.named.length, count: progress.received })];
  return { title: say('reports.public.title', { committee: progress.committee }), lines, tables: [namedTable(input, locale), ...progressTables(progress, locale)], none: say('reports.none') };
}

export function publicMarkdown(input: PublicInput, locale: string, charts: ChartLink[] = []): string {
  return reportMarkdown(publicText(input, locale), locale, charts);
}

export function publicCsv(input: PublicInput, locale: string): Record<string, string> {
  return csvFiles([namedTable(input, locale), ...progressTables(input.progress, locale)]);
}
