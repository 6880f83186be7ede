import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import { registerButtons } from './buttons';

export function registerActions(app: App, deps: SlackDeps): void {
  registerButtons(app, deps);
}
