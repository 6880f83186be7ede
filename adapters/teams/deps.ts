import type { Logger } from '../../src/logger';
import type { Services } from '../../src/services';
import type { Conversations } from './conversations';

/** What every Teams handler needs. */
export interface TeamsDeps {
  services: Services;
  logger: Logger;
  conversations: Conversations;
}
