import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import { registerAmparoCommand } from './amparo';

export function registerCommands(app: App, deps: SlackDeps): void {
  registerAmparoCommand(app, deps);
}
