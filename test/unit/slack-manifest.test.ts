import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppsManifestCreateArguments } from '@slack/web-api';
import { SLASH_COMMAND, usageHint } from '../../adapters/slack/commands/amparo';
import { requiredScopes } from '../../adapters/slack/scopes';
import { SLACK_EVENTS_PATH } from '../../adapters/slack/slack.adapter';
import { REPORT_SHORTCUT } from '../../adapters/slack/shortcuts/report';
import { CATALOGUES } from '../../src/i18n/catalogues';
import { translate } from '../../src/i18n';

/** The app manifests a workspace admin pastes, checked against what the adapter does. */
type Manifest = AppsManifestCreateArguments['manifest'];

function read(name: string): Manifest {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'manifest', 'slack', name), 'utf8')) as Manifest;
}

describe.each(['manifest.json', 'manifest.socket-mode.json'])('Slack app manifest %s', (name) => {
  const manifest = read(name);
  const socketMode = name.includes('socket');

  it('asks for exactly the bot scopes the adapter needs', () => {
    expect([...(manifest.oauth_config?.scopes?.bot ?? [])].sort()).toEqual(requiredScopes());
    expect(manifest.oauth_config?.scopes?.user).toBeUndefined();
  });

  it('declares the slash command, the App Home and the one event Amparo listens to', () => {
    expect(manifest.features?.slash_commands?.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.features?.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_read_only_enabled: true });
    expect(manifest.settings?.event_subscriptions?.bot_events).toEqual(['app_home_opened']);
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
    expect(manifest.settings?.socket_mode_enabled).toBe(socketMode);
  });

  it('hints at the commands the actions declare for the menu, as Teams offers them', () => {
    expect(manifest.features?.slash_commands?.[0]?.usage_hint).toBe(usageHint());
    expect(usageHint()).toContain('case CAT-2026-0001');
  });

  it('offers Report an allegation from the shortcuts menu, and no shortcut on a message: nothing starts from a channel', () => {
    const shortcuts = manifest.features?.shortcuts ?? [];
    expect(shortcuts).toEqual([
      { type: 'global', callback_id: REPORT_SHORTCUT, name: translate('en', 'slack_manifest.shortcut_name'), description: translate('en', 'slack_manifest.shortcut_description') },
    ]);
    expect(shortcuts.filter((s) => s.type === 'message')).toEqual([]);
    // Slack's manifest has no translations: the English is there; each language has its own for when it does.
    for (const language of Object.keys(CATALOGUES)) {
      expect(translate(language, 'slack_manifest.shortcut_description').length).toBeLessThanOrEqual(150);
      if (language !== 'en') expect(translate(language, 'slack_manifest.shortcut_name')).not.toBe(translate('en', 'slack_manifest.shortcut_name'));
    }
  });

  it('is installed to one workspace, not across an Enterprise Grid organisation', () => {
    expect(manifest.settings?.org_deploy_enabled).toBe(false);
  });

  it(socketMode ? 'has no request URLs' : 'sends commands, events, interactivity and the picker\'s options to /slack/events', () => {
    const urls = [
      manifest.features?.slash_commands?.[0]?.url,
      manifest.settings?.event_subscriptions?.request_url,
      manifest.settings?.interactivity?.request_url,
      manifest.settings?.interactivity?.message_menu_options_url,
    ];
    if (socketMode) expect(urls.filter(Boolean)).toEqual([]);
    else for (const url of urls) expect(new URL(url as string).pathname).toBe(SLACK_EVENTS_PATH);
  });

  it("respects Slack's manifest limits", () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect((manifest.display_information.description ?? '').length).toBeLessThanOrEqual(140);
    const long = manifest.display_information.long_description ?? '';
    expect(long.length).toBeGreaterThanOrEqual(175);
    expect(long.length).toBeLessThanOrEqual(4000);
    expect(manifest.features?.bot_user?.display_name.length).toBeLessThanOrEqual(80);
    expect(manifest.features?.slash_commands?.[0]?.description.length).toBeLessThanOrEqual(2000);
  });
});
