import { TREATY_BODIES, type TreatyBody } from '../src/domain/committee';
import { isCalendarDay } from '../src/domain/fields';
import type { ReportPeriod } from '../src/domain/reports';
import { sgPeriod, sgYearOf } from '../src/domain/sg-report';
import { holds } from '../src/domain/roles';
import { AmparoError } from '../src/errors';
import { REPORT_NAMES, type ReportKind } from '../src/services/report-documents';
import { zip } from '../src/services/zip';
import type { FlowContext } from './context';
import { t, WORD_MIME, type DeliveredFile, type Reply } from './view';

/**
 * Reports asked for in chat (G15, G25, G32): `/amparo report-progress [CAT] [2026 |
 * 2026-01-01 2026-06-30]`, `report-ga`, and `report-sg` for the Secretary-General's report on
 * reprisals. The answer is a short message; the report itself comes as files in the person's
 * private chat with Amparo: the Word document, the Markdown, the charts, the tables as CSV in
 * a zip.
 */
export const CHAT_REPORTS: Record<string, Exclude<ReportKind, 'chairs'>> = { 'report.progress': 'progress', 'report.ga': 'ga', 'report.sg': 'sg' };

const DAY_MS = 86_400_000;

interface Asked {
  committee: TreatyBody;
  period: ReportPeriod;
  /** For file names: `2026` or `2026-01-01_2026-06-30`. */
  label: string;
}

function refuse(arg: string): never {
  throw new AmparoError('INVALID_INPUT', 'chat_reports.argument', { argument: arg });
}

/**
 * The committee named, or the one the person reports for; the year named, or this one. The
 * Secretary-General's year runs from 1 May of the year before to 30 April.
 */
function understand(ctx: FlowContext, arg: string, kind: Exclude<ReportKind, 'chairs'>): Asked {
  const words = arg.split(/\s+/).filter((w) => w !== '');
  const codes = words.filter((w) => /^[A-Za-z]{2,6}$/.test(w)).map((w) => w.toUpperCase());
  const years = words.filter((w) => /^\d{4}$/.test(w)).map(Number);
  const days = words.filter((w) => isCalendarDay(w));
  if (codes.length + years.length + days.length !== words.length || codes.length > 1 || years.length > 1 || (days.length !== 0 && days.length !== 2) || (years.length > 0 && days.length > 0)) refuse(arg);
  const code = codes[0];
  if (code !== undefined && !(TREATY_BODIES as readonly string[]).includes(code)) refuse(arg);
  const reportsFor = [...new Set(ctx.actor.roles.map((r) => r.committee))].filter((c) => holds(ctx.actor, c, 'rapporteur') || holds(ctx.actor, c, 'chair'));
  const committee = (code as TreatyBody | undefined) ?? (reportsFor.length === 1 ? reportsFor[0] : undefined);
  if (!committee) {
    if (reportsFor.length === 0) throw new AmparoError('NOT_ALLOWED', 'chat_reports.not_allowed_any');
    throw new AmparoError('INVALID_INPUT', 'chat_reports.which_committee', { committees: reportsFor.join(', ') });
  }
  const [first, last] = days as [string, string] | [];
  if (first !== undefined && last !== undefined) {
    if (first > last) refuse(arg);
    return { committee, period: { from: new Date(`${first}T00:00:00Z`), to: new Date(new Date(`${last}T00:00:00Z`).getTime() + DAY_MS) }, label: `${first}_${last}` };
  }
  const now = ctx.services.clock.now();
  const year = years[0] ?? (kind === 'sg' ? sgYearOf(now) : now.getUTCFullYear());
  if (year < 2000 || year > 2100) refuse(arg);
  const period = kind === 'sg' ? sgPeriod(year) : { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year + 1, 0, 1)) };
  return { committee, period, label: String(year) };
}

export async function chatReport(ctx: FlowContext, action: string, arg: string): Promise<Reply> {
  const kind = CHAT_REPORTS[action];
  if (!kind) throw new AmparoError('INVALID_INPUT', 'errors.unknown_action');
  const asked = understand(ctx, arg, kind);
  const base = `${REPORT_NAMES[kind]}-${asked.committee}-${asked.label}`;
  const document = await ctx.services.reports.documentFor(ctx.actor, { kind, committee: asked.committee, period: asked.period, locale: ctx.locale, files: base });
  const file = (name: string) => Buffer.from(document.files[name] ?? '');
  const tables = Object.entries(document.files).filter(([name]) => name.endsWith('.csv'));
  const files: DeliveredFile[] = [
    ...(document.word ? [{ name: document.word, mime: WORD_MIME, content: file(document.word) } satisfies DeliveredFile] : []),
    { name: `${base}.md`, mime: 'text/markdown', content: Buffer.from(document.markdown, 'utf8') },
    ...document.charts.map((chart): DeliveredFile => ({ name: chart, mime: 'image/png', content: file(chart) })),
    { name: `${base}-tables.zip`, mime: 'application/zip', content: zip(tables.map(([name, content]) => ({ name, data: Buffer.from(content) }))) },
  ];
  const title = t(`chat_reports.ready_${kind}`, { committee: asked.committee, from: { date: asked.period.from }, to: { date: new Date(asked.period.to.getTime() - DAY_MS) } });
  const listed = t(document.charts.length > 0 ? 'chat_reports.files_charts' : 'chat_reports.files_plain');
  const sections = [{ lines: [t('chat_reports.delivered', { count: files.length }), listed, t(`chat_reports.contents_${kind}`)] }];
  return { kind: 'message', view: { tone: 'success', title, sections, buttons: [], sensitive: false }, delivery: { files, again: { action, arg } } };
}
