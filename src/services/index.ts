import type { Clock, IdSource } from '../clock';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { noMetrics, type Metrics } from '../metrics';
import { answering } from './answering-store';
import { CaseReader } from './case-reading';
import { CaseSearchService } from './case-search';
import { CaseService } from './cases';
import { CaseInformationService } from './case-information';
import { ContactService } from './contacts';
import { LeadService } from './lead';
import type { KeyRing } from './crypto';
import { HeldSubmissions } from './held-submissions';
import { NotificationService, type Notifier } from './notifications';
import { PeopleService } from './people';
import { PlatformRecords } from './platform';
import { PracticeService } from './practices';
import { RegisterService } from './register';
import { RateLimiter, type LimitedKind, type RateRule } from './rate-limit';
import { ReferralService } from './referrals';
import { ReferralInbox } from './referral-inbox';
import { ReportService } from './reports';
import { DEFAULT_SCHEDULER_SETTINGS, SchedulerService, type SchedulerSettings } from './scheduler';

/**
 * The one door from flows and adapters to the data: there is no store here. A store that
 * cannot answer reaches them as the coded error `STORE_UNAVAILABLE` (`answering`).
 */
export interface Services {
  clock: Clock;
  cases: CaseService;
  reader: CaseReader;
  /** G11: finding a case among a committee's cases. */
  caseSearch: CaseSearchService;
  people: PeopleService;
  register: RegisterService;
  scheduler: SchedulerService;
  limiter: RateLimiter;
  reports: ReportService;
  referrals: ReferralService;
  /** G16: the referrals made to a committee; G5e: their readers told when consent narrows. */
  referralInbox: ReferralInbox;
  practices: PracticeService;
  /** G13: the contacts kept with the person at risk. */
  contacts: ContactService;
  /** G12: the lead rapporteur on a case. */
  lead: LeadService;
  /** G10, G11: information added to a case after its report. */
  information: CaseInformationService;
  held: HeldSubmissions;
  notifications: NotificationService;
  platform: PlatformRecords;
}

export interface ServiceDeps {
  store: Store;
  keys: KeyRing;
  clock: Clock;
  ids: IdSource;
  notifier: Notifier;
  logger: Logger;
  /** Language and time zone of people first met on a platform that does not say. */
  defaults?: { locale: string; timeZone: string };
  /** Names this process in the scheduler's claims; several processes need different names. */
  owner?: string;
  scheduler?: Partial<SchedulerSettings>;
  rateRules?: Record<LimitedKind, RateRule>;
  /** What the process counts for `/metrics`; nothing is counted without it. */
  metrics?: Metrics;
}

export function createServices({ store: port, keys, clock, ids, notifier, logger, defaults, owner, scheduler: schedulerSettings, rateRules, metrics = noMetrics }: ServiceDeps): Services {
  const store = answering(port);
  const register = new RegisterService(store, ids);
  const people = new PeopleService(store, clock, ids, register, defaults);
  const notifications = new NotificationService({ notifier, register, store, clock, logger, claimMs: schedulerSettings?.leaseMs ?? DEFAULT_SCHEDULER_SETTINGS.leaseMs });
  const cases = new CaseService({ store, keys, clock, ids, register, notifications, people, logger, metrics });
  const reader = new CaseReader({ store, keys, clock, cases, register, people });
  const scheduler = new SchedulerService({ store, clock, people, register, notifier, logger, metrics, owner: owner ?? ids.next(), ...(schedulerSettings ? { settings: schedulerSettings } : {}) });
  cases.observe(async (c, previous, known) => scheduler.planLater(c, previous, known));
  people.observeRoles(async (committee) => {
    const settings = await store.getCommittee(committee);
    if (settings) await scheduler.planCommittee(settings);
  });
  const referrals = new ReferralService({ store, keys, clock, cases, register, people, notifications });
  const referralInbox = new ReferralInbox({ store, clock, people, notifications });
  cases.observe(async (c) => referralInbox.consentChanged(c));
  const information = new CaseInformationService({ store, keys, clock, ids, cases, register, people, notifications });
  // Notices owed in the store go out with the owed alerts: at start and on every sweep tick.
  cases.sweepOwed(() => information.alertOwed());
  cases.sweepOwed(() => referralInbox.tellPending());
  return {
    clock,
    cases,
    reader,
    caseSearch: new CaseSearchService({ store }),
    people,
    register,
    scheduler,
    limiter: new RateLimiter(clock, rateRules),
    reports: new ReportService({ store, clock, keys }),
    referrals,
    referralInbox,
    practices: new PracticeService({ store, clock }),
    contacts: new ContactService({ store, keys, clock, ids, cases, register }),
    lead: new LeadService({ clock, cases, people, notifications }),
    information,
    held: new HeldSubmissions({ store, keys, clock, logger, retryAfterMs: schedulerSettings?.leaseMs ?? DEFAULT_SCHEDULER_SETTINGS.leaseMs }),
    notifications,
    platform: new PlatformRecords({ store, clock }),
  };
}
