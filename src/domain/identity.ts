import type { Platform } from './roles';

/**
 * How a person is known on each platform, the one place these keys are written and read
 * (`Person.identityKeys`, a form's person field, Teams conversation references):
 * `slack:<team id>:<user id>`, `teams:<tenant id>:<Entra object id>`, `console:<handle>`.
 */
export type SlackIdentity = `slack:${string}:${string}`;
export type TeamsIdentity = `teams:${string}:${string}`;
export type ConsoleIdentity = `console:${string}`;

export function slackIdentity(teamId: string, userId: string): SlackIdentity {
  return `slack:${teamId}:${userId}`;
}

export function teamsIdentity(tenantId: string, objectId: string): TeamsIdentity {
  return `teams:${tenantId}:${objectId}`;
}

/** Console handles are typed by people: one spelling per person. */
export function consoleIdentity(handle: string): ConsoleIdentity {
  return `console:${handle.trim().toLowerCase()}`;
}

export type ParsedIdentity =
  | { platform: 'slack'; teamId: string; userId: string }
  | { platform: 'teams'; tenantId: string; objectId: string }
  | { platform: 'console'; handle: string };

/** What an identity key says, or undefined when it is not one. */
export function parseIdentity(key: string): ParsedIdentity | undefined {
  const colon = key.indexOf(':');
  const platform = key.slice(0, colon);
  const rest = key.slice(colon + 1);
  if (colon < 1 || rest === '') return undefined;
  if (platform === 'console') return { platform, handle: rest };
  const [first, second, ...more] = rest.split(':');
  if (!first || !second || more.length > 0) return undefined;
  if (platform === 'slack') return { platform, teamId: first, userId: second };
  if (platform === 'teams') return { platform, tenantId: first, objectId: second };
  return undefined;
}

/** The platform an identity key belongs to. */
export function platformOf(key: string): Platform | undefined {
  return parseIdentity(key)?.platform;
}

/** The Slack user behind one of a person's identity keys, if they are known on Slack. */
export function slackUserIn(keys: readonly string[]): { teamId: string; userId: string } | undefined {
  for (const key of keys) {
    const parsed = parseIdentity(key);
    if (parsed?.platform === 'slack') return { teamId: parsed.teamId, userId: parsed.userId };
  }
  return undefined;
}

/** The Teams user behind one of a person's identity keys, if they are known on Teams. */
export function teamsUserIn(keys: readonly string[]): { tenantId: string; objectId: string } | undefined {
  for (const key of keys) {
    const parsed = parseIdentity(key);
    if (parsed?.platform === 'teams') return { tenantId: parsed.tenantId, objectId: parsed.objectId };
  }
  return undefined;
}

/** The console handle among a person's identity keys, if they have one. */
export function consoleHandleIn(keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const parsed = parseIdentity(key);
    if (parsed?.platform === 'console') return parsed.handle;
  }
  return undefined;
}

/** The user a key names on its platform (a Slack user id, an Entra object id, a handle). */
export function userOf(key: string): string | undefined {
  const parsed = parseIdentity(key);
  if (!parsed) return undefined;
  return parsed.platform === 'slack' ? parsed.userId : parsed.platform === 'teams' ? parsed.objectId : parsed.handle;
}
