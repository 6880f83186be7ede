import { OUTCOMES } from '../domain/case';
import type { ProgressReport } from '../domain/reports';
import { intlLocale } from '../i18n';
import type { BarChart, ChartSeries } from './report-chart';
import { progressTables, sayIn, type Say } from './report-formats';

/**
 * Which charts each report has, and what they count: the report's own figures, worded from the
 * catalogues in the reader's language. Drawing them is `report-chart.ts`'s business.
 */
export const OUTCOME_ORDER = [...OUTCOMES, 'not_assessed'] as const;


const outcomeLabel = (say: Say, outcome: (typeof OUTCOME_ORDER)[number]) => (outcome === 'not_assessed' ? say('reports.not_assessed') : say(`options.outcome.${outcome}`));

/** The period as the reader's language writes a range of days ("1 Jan – 31 Dec 2026"). */
export function periodText(report: ProgressReport, locale: string): string {
  const last = new Date(report.period.to.getTime() - 1);
  return new Intl.DateTimeFormat(intlLocale(locale), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).formatRange(report.period.from, last);
}

/** Months by name ("Jan", "1月", "يناير"), with the year when the period spans more than one. */
function monthNames(months: string[], locale: string): string[] {
  const years = new Set(months.map((m) => m.slice(0, 4)));
  const format = new Intl.DateTimeFormat(intlLocale(locale), { month: 'short', ...(years.size > 1 ? { year: '2-digit' as const } : {}), timeZone: 'UTC' });
  return months.map((m) => format.format(new Date(`${m}-01T00:00:00Z`)));
}

/** Cases received each month, stacked by outcome of the assessment. */
export function monthsChart(report: ProgressReport, locale: string): BarChart {
  const say = sayIn(locale);
  return {
    id: 'months',
    title: say('reports.chart.title'),
    subtitle: `${report.committee} · ${periodText(report, locale)}`,
    categories: monthNames(report.perMonth.map((m) => m.month), locale),
    categoryAxis: say('reports.chart.month_axis'),
    valueAxis: say('reports.chart.cases_axis'),
    series: OUTCOME_ORDER.map((outcome): ChartSeries => ({ key: outcome, label: outcomeLabel(say, outcome), values: report.perMonth.map((m) => m.byOutcome[outcome]) })),
    layout: 'columns',
    empty: say('reports.chart.empty_cases'),
  };
}

/** Cases by State party exactly as the table has them: small cells already merged into one line (G11). */
export function statesChart(report: ProgressReport, locale: string): BarChart {
  const say = sayIn(locale);
  const table = progressTables(report, locale).find((t) => t.name === 'by-state-party');
  const rows = table?.rows ?? [];
  return {
    id: 'states',
    title: say('reports.tables.by_state_party'),
    subtitle: `${report.committee} · ${periodText(report, locale)}`,
    categories: rows.map((r) => String(r[0])),
    valueAxis: say('reports.chart.cases_axis'),
    series: [{ key: 'cases', label: say('reports.chart.cases_axis'), values: rows.map((r) => Number(r[1])) }],
    layout: 'rows',
    empty: say('reports.chart.empty_cases'),
  };
}

/**
 * Each action type proposed in the period, by where its actions stand: done, approved and not
 * yet done, declined, neither approved nor declined. The four add up to those proposed.
 */
export function actionsChart(report: ProgressReport, locale: string): BarChart {
  const say = sayIn(locale);
  const proposed = report.actions.filter((a) => a.proposed > 0);
  const series: ChartSeries[] = [
    { key: 'done', label: say('reports.chart.done'), values: proposed.map((a) => a.completed) },
    { key: 'approved_open', label: say('reports.chart.approved_open'), values: proposed.map((a) => a.approved - a.completed) },
    { key: 'declined', label: say('reports.chart.declined'), values: proposed.map((a) => a.declined) },
    { key: 'undecided', label: say('reports.chart.undecided'), values: proposed.map((a) => a.proposed - a.approved - a.declined) },
  ];
  return {
    id: 'actions',
    title: say('reports.chart.actions_title'),
    subtitle: `${report.committee} · ${periodText(report, locale)}`,
    categories: proposed.map((a) => say(`actionTypes.${a.type}`)),
    valueAxis: say('reports.chart.actions_axis'),
    series,
    layout: 'rows',
    empty: say('reports.chart.empty_actions'),
  };
}

/** G33: the committees side by side, each one's cases by outcome of the assessment. */
export function committeesChart(reports: ProgressReport[], locale: string): BarChart {
  const say = sayIn(locale);
  const first = reports[0];
  return {
    id: 'committees',
    title: say('reports.chart.committees_title'),
    subtitle: first ? periodText(first, locale) : '',
    categories: reports.map((r) => r.committee),
    valueAxis: say('reports.chart.cases_axis'),
    series: OUTCOME_ORDER.map((outcome): ChartSeries => ({ key: outcome, label: outcomeLabel(say, outcome), values: reports.map((r) => r.byOutcome[outcome]) })),
    layout: 'rows',
    empty: say('reports.chart.empty_cases'),
  };
}

/** The progress report's charts, the first being the one a reader sees first. */
export function progressCharts(report: ProgressReport, locale: string): BarChart[] {
  return [monthsChart(report, locale), statesChart(report, locale), actionsChart(report, locale)];
}
