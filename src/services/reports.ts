import type { Clock } from '../clock';
import type { TreatyBody } from '../domain/committee';
import { isDestroyed, proposalOwner } from '../domain/case';
import { inPeriod, progressReport, publicCases, type ProgressReport, type ReportedCase, type ReportOptions, type ReportPeriod } from '../domain/reports';
import { can } from '../domain/policy';
import type { Actor } from '../domain/roles';
import { AmparoError } from '../errors';
import { caseBinding, type KeyRing } from './crypto';
import { reportDocument, type ReportDocument, type ReportRequest } from './report-documents';
import type { Store } from '../store/store';

export interface PublicInput {
  progress: ProgressReport;
  /** Cases the person agreed may be named, each with the public summary the chair approved as public. */
  named: Array<{ reference: string; stateParty: string; summary: string }>;
}

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
    // A summary destroyed under the retention policy can no longer be published.
    const named = publicCases(reported, committee, period)
      .filter((n) => !isDestroyed(n.summary))
      .map((n) => ({ reference: n.reference, stateParty: n.stateParty, summary: this.deps.keys.open(n.summary, caseBinding(n.caseId, 'publicSummary', proposalOwner(n.proposalId))) }));
    return { progress: progressReport(committee, period, reported, this.deps.clock.now(), {}, await this.practices(committee, period)), named };
  }

  /**
   * A report asked for in chat: only the rapporteurs and the chair of every committee it
   * covers may have it (G15, G25, G32, G33).
   */
  async documentFor(actor: Actor, request: ReportRequest): Promise<ReportDocument> {
    const committees = request.kind === 'chairs' ? (request.committees ?? []) : request.committee ? [request.committee] : [];
    const refused = committees.find((committee) => !can(actor, 'view_reports', { committee }));
    if (committees.length === 0 || refused) throw new AmparoError('NOT_ALLOWED', 'chat_reports.not_allowed', { committee: refused ?? '—' });
    return reportDocument(this, request);
  }
}
