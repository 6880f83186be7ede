import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TeamsDeps } from '../deps';
import { registerDecisions } from './decisions';

export function registerActions(app: Application<TurnState>, deps: TeamsDeps): void {
  registerDecisions(app, deps);
}
