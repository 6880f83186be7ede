import type { Logger } from '../../src/logger';
import type { Services } from '../../src/services';

/** What every Slack listener needs. */
export interface SlackDeps {
  services: Services;
  logger: Logger;
  defaultLocale: string;
}
