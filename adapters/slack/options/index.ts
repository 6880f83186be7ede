import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import { registerSearches } from './search';

export function registerOptions(app: App, deps: SlackDeps): void {
  registerSearches(app, deps);
}
