import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import { registerReportShortcut } from './report';

export function registerShortcuts(app: App, deps: SlackDeps): void {
  registerReportShortcut(app, deps);
}
