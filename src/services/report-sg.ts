import { SG_CHANGES, type SgChanges, type SgReport, type SgSection } from '../domain/sg-report';
import { statePartyName } from '../domain/state-party';
import { intlLocale } from '../i18n';
import { csvFiles, day, lastDay, numbers, sayIn, sentences, type ReportText, type Say, type Table } from './report-formats';

/**
 * The contribution to the Secretary-General's report on reprisals as tables: a summary, then
 * the new cases and the follow-up to earlier cases, each by State party (small cells merged)
 * and each with the cases that may be named (G25), as the Secretary-General's annexes list
 * them apart.
 */
type Section = 'new' | 'follow_up';
const FILE: Record<Section, string> = { new: 'new-cases', follow_up: 'follow-up' };

function byStateParty(say: Say, locale: string, which: Section, section: SgSection<string>, smallCell: number | null): Table {
  const row = (label: string, cases: number, changes: SgChanges) => [label, cases, ...SG_CHANGES.map((c) => changes[c])];
  const rows = section.rows.map((r) => row(statePartyName(r.stateParty, locale), r.cases, r.changes));
  if (section.merged) rows.push(row(say('reports.merged_states', { states: section.merged.states, count: smallCell ?? 0 }), section.merged.cases, section.merged.changes));
  return {
    name: FILE[which],
    title: say(`reports.sg.tables.${which}`),
    header: [say('reports.columns.state_party'), say('reports.columns.cases'), ...SG_CHANGES.map((c) => say(`reports.sg.changes.${c}`))],
    rows,
  };
}

/** What changed on a named case in the period, in a list the reader's language punctuates. */
function changesText(say: Say, locale: string, changes: SgChanges): string {
  const number = numbers(locale);
  const said = SG_CHANGES.filter((c) => changes[c] > 0).map((c) => say('reports.sg.change', { change: say(`reports.sg.changes.${c}`), times: number(changes[c]) }));
  return said.length === 0 ? say('reports.none') : new Intl.ListFormat(intlLocale(locale), { type: 'unit' }).format(said);
}

function namedTable(say: Say, locale: string, which: Section, section: SgSection<string>): Table {
  const followUp = which === 'follow_up';
  return {
    name: `${FILE[which]}-named`,
    title: say(`reports.sg.tables.${which}_named`),
    header: [say('reports.columns.reference'), say('reports.columns.state_party'), say('reports.sg.columns.received'), ...(followUp ? [say('reports.sg.columns.changes')] : []), say('reports.columns.summary')],
    rows: section.named.map((n) => [n.reference, statePartyName(n.stateParty, locale), day(n.receivedAt), ...(followUp ? [changesText(say, locale, n.changes)] : []), n.summary]),
  };
}

export function sgTables(report: SgReport<string>, locale: string): Table[] {
  const say = sayIn(locale);
  const { newCases, followUp, smallCell } = report;
  return [
    {
      name: 'summary',
      title: say('reports.tables.summary'),
      header: [say('reports.columns.measure'), say('reports.columns.value')],
      rows: [
        [say('reports.sg.measures.new'), newCases.cases],
        [say('reports.sg.measures.follow_up'), followUp.cases],
        [say('reports.sg.measures.named'), newCases.named.length + followUp.named.length],
      ],
    },
    byStateParty(say, locale, 'new', newCases, smallCell),
    namedTable(say, locale, 'new', newCases),
    byStateParty(say, locale, 'follow_up', followUp, smallCell),
    namedTable(say, locale, 'follow_up', followUp),
  ];
}

export function sgText(report: SgReport<string>, locale: string): ReportText {
  const say = sentences(locale);
  const lines = [say('reports.sg.period', { from: day(report.period.from), to: lastDay(report.period.to), generated: day(report.generatedAt) }), say('reports.sg.intro')];
  if (report.smallCell === null) lines.push(say('reports.small_cells_shown'));
  return { title: say('reports.sg.title', { committee: report.committee }), lines, tables: sgTables(report, locale), none: say('reports.none') };
}

export function sgCsv(report: SgReport<string>, locale: string): Record<string, string> {
  return csvFiles(sgTables(report, locale));
}
