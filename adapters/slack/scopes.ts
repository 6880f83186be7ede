/**
 * The Web API methods Amparo calls and the bot scope each needs: the manifest asks for
 * exactly these (checked in test/unit/slack-manifest.test.ts and by the end-to-end suite).
 */
export const SLACK_METHOD_SCOPES: Record<string, string | null> = {
  'auth.test': null, // Bolt learns the bot's own id
  'chat.postMessage': 'chat:write', // alerts, proposals, confirmations: DMs only
  'chat.update': 'chat:write', // a decided proposal's DM, updated in place
  'users.info': 'users:read', // name, language (locale) and time zone
  'files.getUploadURLExternal': 'files:write', // reports, uploaded to the person's DM
  'files.completeUploadExternal': 'files:write',
  'views.open': null,
  'views.push': null,
  'views.update': null,
  'views.publish': null, // the App Home
  'apps.connections.open': null, // Socket Mode, with the app-level token
};

/** Scopes that come with a feature rather than a method. */
const FEATURE_SCOPES = ['commands'] as const; // the /amparo slash command

export function requiredScopes(): string[] {
  const scopes = new Set<string>([...FEATURE_SCOPES]);
  for (const scope of Object.values(SLACK_METHOD_SCOPES)) if (scope) scopes.add(scope);
  return [...scopes].sort();
}
