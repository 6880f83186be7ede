import type { Actor, Person } from '../src/domain/roles';
import type { Services } from '../src/services';
import type { Logger } from '../src/logger';

/** Everything a flow needs for one request: who acts, in which language and zone, and the services. */
export interface FlowContext {
  person: Person;
  actor: Actor;
  locale: string;
  timeZone: string;
  services: Services;
  logger: Logger;
}
