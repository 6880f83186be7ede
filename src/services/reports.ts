import type { Clock } from '../clock';
import type { TreatyBody } from '../domain/committee';
import { inPeriod, progressReport, type ProgressReport, type ReportedCase, type ReportOptions, type ReportPeriod } from '../domain/reports';
import type { Store } from '../store/store';

/** Gathers what a report counts: the committee's cases received in the period, with their registers. */
export class ReportService {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  async progress(committee: TreatyBody, period: ReportPeriod, options: ReportOptions = {}): Promise<ProgressReport> {
    const { store, clock } = this.deps;
    const reported: ReportedCase[] = [];
    for (const c of await store.listCases({ committees: [committee] })) {
      if (inPeriod(c, period)) reported.push({ case: c, events: await store.listEvents(c._id) });
    }
    return progressReport(committee, period, reported, clock.now(), options);
  }
}
