import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import { registerAppHome } from './app-home';

export function registerEvents(app: App, deps: SlackDeps): void {
  registerAppHome(app, deps);
}
