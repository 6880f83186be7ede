import type { Clock } from '../clock';
import type { TreatyBody } from '../domain/committee';
import { isDestroyed, proposalOwner, type Sealed } from '../domain/case';
import { inPeriod, progressReport, publicCases, type ProgressReport, type PublicInput, type ReportedCase, type ReportOptions, type ReportPeriod } from '../domain/reports';
import { can } from '../domain/policy';
import { sgReport, type SgReport, type SgSection } from '../domain/sg-report';
import type { Actor } from '../domain/roles';
import { AmparoError } from '../errors';
import { caseBinding, type KeyRing } from './crypto';
import { reportDocument, type ReportDocument, type ReportRequest } from './report-documents';
import type { Store } from '../store/store';

export type { PublicInput } from '../domain/reports';

/** Gathers what a report counts: the committee's cases received in the period, with their registers. */
export class ReportService {
  constructor(private readonly deps: { store: Store; clock: Clock; keys: KeyRing }) {}

  private async gather(committee: TreatyBody, period: ReportPeriod): Promise<ReportedCase[]> {
    const reported: ReportedCase[] = [];
    for (const c of await this.deps.store.listCases({ committees: [committee] })) {
      if (inPeriod(c, period)) reported.push({ case: c, events: await this.deps.store.listEvents(c._id) });
    }
    return reported;
  }

  /** G17: the practices the committee's rapporteurs recorded in the period. */
  private practices(committee: TreatyBody, period: ReportPeriod) {
    return this.deps.store.listPractices({ committees: [committee], from: period.from, to: period.to });
  }

  async progress(committee: TreatyBody, period: ReportPeriod, options: ReportOptions = {}): Promise<ProgressReport> {
    return progressReport(committee, period, await this.gather(committee, period), this.deps.clock.now(), options, await this.practices(committee, period));
  }

  /** G33: the progress of several committees, for the chairs' annual meeting. */
  async chairs(committees: TreatyBody[], period: ReportPeriod): Promise<ProgressReport[]> {
    const reports: ProgressReport[] = [];
    for (const committee of committees) reports.push(await this.progress(committee, period));
    return reports;
  }

  /**
   * G25: the input to the report to the General Assembly or ECOSOC. The counts are the
   * progress report's; a case is named only with informed consent to publication and an
   * approved G25 action whose public summary the chair approved as public: that summary is
   * opened here, and nothing else of the case.
   */
  async publicInput(committee: TreatyBody, period: ReportPeriod): Promise<PublicInput> {
    const reported = await this.gather(committee, period);
    const named = this.published(publicCases(reported, committee, period)).map((n) => ({ reference: n.reference, stateParty: n.stateParty, summary: n.summary }));
    return { progress: progressReport(committee, period, reported, this.deps.clock.now(), {}, await this.practices(committee, period)), named };
  }

  /**
   * The contribution to the Secretary-General's report on reprisals: new cases and follow-up
   * to earlier ones. A case received before the period is read only if it changed since the
   * period began; a named case's public summary is opened here, and nothing else of it (G25).
   */
  async sg(committee: TreatyBody, period: ReportPeriod, options: ReportOptions = {}): Promise<SgReport<string>> {
    const reported: ReportedCase[] = [];
    for (const c of await this.deps.store.listCases({ committees: [committee] })) {
      if (c.createdAt < period.to && (inPeriod(c, period) || c.updatedAt >= period.from)) reported.push({ case: c, events: await this.deps.store.listEvents(c._id) });
    }
    const report = sgReport(committee, period, reported, this.deps.clock.now(), options);
    const open = (section: SgSection): SgSection<string> => ({ ...section, named: this.published(section.named) });
    return { ...report, newCases: open(report.newCases), followUp: open(report.followUp) };
  }

  /** G25: the public summaries of cases that may be named, opened; one destroyed under the retention policy can no longer be published. */
  private published<N extends { caseId: string; proposalId: string; summary: Sealed }>(named: N[]): Array<Omit<N, 'summary'> & { summary: string }> {
    return named.filter((n) => !isDestroyed(n.summary)).map((n) => ({ ...n, summary: this.deps.keys.open(n.summary, caseBinding(n.caseId, 'publicSummary', proposalOwner(n.proposalId))) }));
  }

  /**
   * A report asked for in chat: only the rapporteurs and the chair of every committee it
   * covers may have it (G15, G25, G32, G33), the Secretary-General's included.
   */
  async documentFor(actor: Actor, request: ReportRequest): Promise<ReportDocument> {
    const committees = request.kind === 'chairs' ? (request.committees ?? []) : request.committee ? [request.committee] : [];
    const refused = committees.find((committee) => !can(actor, 'view_reports', { committee }));
    if (committees.length === 0 || refused) throw new AmparoError('NOT_ALLOWED', 'chat_reports.not_allowed', { committee: refused ?? '—' });
    return reportDocument(this, request);
  }
}
