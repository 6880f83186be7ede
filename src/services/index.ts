import type { Clock, IdSource } from '../clock';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { CaseReader } from './case-reading';
import { CaseService } from './cases';
import type { KeyRing } from './crypto';
import { NotificationService, type Notifier } from './notifications';
import { PeopleService } from './people';
import { RegisterService } from './register';

export interface Services {
  store: Store;
  clock: Clock;
  cases: CaseService;
  reader: CaseReader;
  people: PeopleService;
  register: RegisterService;
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
}

export function createServices({ store, keys, clock, ids, notifier, logger, defaults }: ServiceDeps): Services {
  const register = new RegisterService(store, ids);
  const people = new PeopleService(store, clock, ids, defaults);
  const notifications = new NotificationService(notifier, register, logger);
  const cases = new CaseService({ store, keys, clock, ids, register, notifications, people, logger });
  const reader = new CaseReader({ store, keys, clock, cases, register, people });
  return { store, clock, cases, reader, people, register };
}
