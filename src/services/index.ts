import type { Clock, IdSource } from '../clock';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { noMetrics, type Metrics } from '../metrics';
import { CaseReader } from './case-reading';
import { CaseService } from './cases';
import type { KeyRing } from './crypto';
import { HeldSubmissions } from './held-submissions';
import { NotificationService, type Notifier } from './notifications';
import { PeopleService } from './people';
import { PracticeService } from './practices';
import { RegisterService } from './register';
import { RateLimiter, type LimitedKind, type RateRule } from './rate-limit';
import { ReferralService } from './referrals';
import { ReportService } from './reports';
import { DEFAULT_SCHEDULER_SETTINGS, SchedulerService, type SchedulerSettings } from './scheduler';

export interface Services {
  store: Store;
  clock: Clock;
  cases: CaseService;
  reader: CaseReader;
  people: PeopleService;
  register: RegisterService;
  scheduler: SchedulerService;
  limiter: RateLimiter;
  reports: ReportService;
  referrals: ReferralService;
  practices: PracticeService;
  held: HeldSubmissions;
  notifications: NotificationService;
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

export function createServices({ store, keys, clock, ids, notifier, logger, defaults, owner, scheduler: schedulerSettings, rateRules, metrics = noMetrics }: ServiceDeps): Services {
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
  return {
    store,
    clock,
    cases,
    reader,
    people,
    register,
    scheduler,
    limiter: new RateLimiter(clock, rateRules),
    reports: new ReportService({ store, clock, keys }),
    referrals,
    practices: new PracticeService({ store, clock }),
    held: new HeldSubmissions({ store, keys, clock, logger }),
    notifications,
  };
}
