import type { Actor, Person } from '../src/domain/roles';
import type { Services } from '../src/services';
import type { Logger } from '../src/logger';
import type { Profile } from '../src/services/people';

/** Everything a flow needs for one request: who acts, in which language and zone, and the services. */
export interface FlowContext {
  person: Person;
  actor: Actor;
  locale: string;
  timeZone: string;
  services: Services;
  logger: Logger;
  /** What the platform can tell about someone picked in a form, by identity. */
  profileOf: (identityKey: string) => Promise<Profile>;
}
