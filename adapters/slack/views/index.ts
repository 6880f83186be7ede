import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import { registerSubmissions } from './submission';

export function registerViews(app: App, deps: SlackDeps): void {
  registerSubmissions(app, deps);
}
