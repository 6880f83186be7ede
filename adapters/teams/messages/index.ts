import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TeamsDeps } from '../deps';
import { registerCommands } from './commands';
import { registerWelcome } from './welcome';

export function registerMessages(app: Application<TurnState>, deps: TeamsDeps): void {
  registerWelcome(app, deps);
  registerCommands(app, deps);
}
