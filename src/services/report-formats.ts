import type { ProgressReport } from '../domain/reports';
import { statePartyName } from '../domain/state-party';
import { translate } from '../i18n';

/**
 * A progress report as people read it: one Markdown document (readable in chat and in a
 * browser) and one CSV file per table (for a spreadsheet). Both come from the same tables,
 * so they cannot disagree.
 */
interface Table {
  /** File name of its CSV, without extension. */
  name: string;
  title: string;
  header: string[];
  rows: Array<Array<string | number>>;
}

type Say = (key: string, vars?: Record<string, string | number>) => string;

const day = (date: Date) => date.toISOString().slice(0, 10);
const lastDay = (to: Date) => day(new Date(to.getTime() - 1));

function counts(say: Say, name: string, title: string, labelKey: (code: string) => string, values: Record<string, number>): Table {
  return { name, title, header: [say('reports.columns.category'), say('reports.columns.cases')], rows: Object.entries(values).map(([code, count]) => [say(labelKey(code)), count]) };
}

export function progressTables(report: ProgressReport, locale: string): Table[] {
  const say: Say = (key, vars = {}) => translate(locale, key, vars);
  const nd = (value: number | null) => (value === null ? say('reports.none') : value);
  const states: Table = {
    name: 'by-state-party',
    title: say('reports.tables.by_state_party'),
    header: [say('reports.columns.state_party'), say('reports.columns.cases')],
    rows: report.byStateParty.rows.map((r) => [statePartyName(r.stateParty, locale), r.count]),
  };
  if (report.byStateParty.merged > 0) {
    states.rows.push([say('reports.merged_states', { states: report.byStateParty.mergedStates, threshold: report.byStateParty.smallCell ?? 0 }), report.byStateParty.merged]);
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
  ];
}

/** A cell for a Markdown table: one line, pipes escaped. */
const mdCell = (value: string | number) => String(value).replace(/\s+/g, ' ').replace(/\|/g, '\\|');

export function progressMarkdown(report: ProgressReport, locale: string): string {
  const say: Say = (key, vars = {}) => translate(locale, key, vars);
  const lines = [
    `# ${say('reports.progress.title', { committee: report.committee })}`,
    '',
    say('reports.progress.period', { from: day(report.period.from), to: lastDay(report.period.to), generated: day(report.generatedAt) }),
    '',
    say('reports.progress.confidentiality'),
  ];
  if (report.byStateParty.smallCell === null) lines.push('', say('reports.small_cells_shown'));
  for (const table of progressTables(report, locale)) {
    lines.push('', `## ${table.title}`, '');
    if (table.rows.length === 0) {
      lines.push(say('reports.none'));
      continue;
    }
    lines.push(`| ${table.header.map(mdCell).join(' | ')} |`, `|${table.header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
    for (const row of table.rows) lines.push(`| ${row.map(mdCell).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF line ends. */
export function csvField(value: string | number): string {
  const text = String(value);
  // A leading =, +, - or @ would be read as a formula by spreadsheets: prefixed with a quote.
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function progressCsv(report: ProgressReport, locale: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const table of progressTables(report, locale)) {
    files[`${table.name}.csv`] = [table.header, ...table.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
  }
  return files;
}
