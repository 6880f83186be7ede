import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TeamsDeps } from '../deps';
import { registerDialogs as registerTaskModules } from './task-modules';

export function registerDialogs(app: Application<TurnState>, deps: TeamsDeps): void {
  registerTaskModules(app, deps);
}
