import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { newDataKey } from '../../src/keys';

/** Configuration is read once; a wrong value stops startup naming the variable. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('with nothing set, runs the console on the embedded store with the demo committee', () => {
    const config = loadConfig({});
    expect(config.store).toEqual({ kind: 'embedded', dataDir: '.amparo', deliveryKeyDays: 7 });
    expect(config.demo).toBe(true);
    expect(config.dataKeys).toBeUndefined();
    expect(config.port).toBeUndefined();
  });

  it('with MONGODB_URI and a key, uses MongoDB without the demo unless asked', () => {
    const config = loadConfig({ MONGODB_URI: 'mongodb://db:27017/', AMPARO_DATA_KEY: newDataKey('k1'), MONGODB_DB: 'cat_register' });
    expect(config.store).toEqual({ kind: 'mongodb', uri: 'mongodb://db:27017/', database: 'cat_register', deliveryKeyDays: 7 });
    expect(config.demo).toBe(false);
    expect(config.dataKeys?.[0]?.id).toBe('k1');
  });

  it('refuses MongoDB without a data key, so nothing sensitive is stored under a throwaway key', () => {
    expect(problems({ MONGODB_URI: 'mongodb://db/' })).toEqual([expect.stringMatching(/^AMPARO_DATA_KEY: required with MONGODB_URI/)]);
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT: /],
    [{ PORT: '70000' }, /^PORT: /],
    [{ MONGODB_URI: 'http://db' }, /^MONGODB_URI: must start with mongodb/],
    [{ AMPARO_TIME_ZONE: 'Mars/Olympus' }, /^AMPARO_TIME_ZONE: must be an IANA time zone/],
    [{ AMPARO_DEMO: 'maybe' }, /^AMPARO_DEMO: must be on or off/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: must be one of/],
    [{ AMPARO_DATA_KEY: 'k1:short' }, /^AMPARO_DATA_KEY: key "k1" must decode to 32 bytes/],
    [{ AMPARO_LOCALE: 'english' }, /^AMPARO_LOCALE: /],
    [{ AMPARO_DELIVERY_KEY_DAYS: '0' }, /^AMPARO_DELIVERY_KEY_DAYS: must be a whole number of days from 1 to 365/],
    [{ AMPARO_DELIVERY_KEY_DAYS: '2.5' }, /^AMPARO_DELIVERY_KEY_DAYS: must be a whole number of days/],
  ])('names the variable that is wrong: %o', (env, message) => {
    expect(problems(env as Record<string, string>)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('serves Teams with authentication when an app id and its secret are given', () => {
    const config = loadConfig({ MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 's', TEAMS_TENANT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' });
    expect(config.teams).toMatchObject({ appId: '11111111-2222-3333-4444-555555555555', appType: 'MultiTenant', tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' });
    expect(config.port).toBe(3000);
    expect(config.demo).toBe(true);
  });

  it.each([
    [{ MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555' }, /^MICROSOFT_APP_PASSWORD: required/],
    [{ MICROSOFT_APP_PASSWORD: 's' }, /^MICROSOFT_APP_ID: required/],
    [{ MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 's', TEAMS_EMULATOR: 'on' }, /^TEAMS_EMULATOR: emulation turns authentication off/],
    [{ MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 's', MICROSOFT_APP_TYPE: 'SingleTenant' }, /^MICROSOFT_APP_TENANT_ID: required/],
    [{ MICROSOFT_APP_ID: 'my-bot' }, /^MICROSOFT_APP_ID: must be/],
    [{ SLACK_SIGNING_SECRET: 'abcdefghij' }, /^SLACK_BOT_TOKEN: required/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /^SLACK_SIGNING_SECRET: required/],
    [{ SLACK_BOT_TOKEN: 'xoxp-1', SLACK_SIGNING_SECRET: 'abcdefghij' }, /^SLACK_BOT_TOKEN: must be a bot token/],
  ])('refuses an incomplete platform setting: %o', (env, message) => {
    expect(problems(env as Record<string, string>)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('local Teams emulation runs without an app id', () => {
    expect(loadConfig({ TEAMS_EMULATOR: 'on' }).teams).toEqual({ appType: 'MultiTenant', serviceUrl: 'https://smba.trafficmanager.net/teams/' });
  });

  const APP = { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 's' };
  const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
  const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefghij' };
  const MONGODB = { MONGODB_URI: 'mongodb://db/', AMPARO_DATA_KEY: newDataKey('k1') };

  it('with MongoDB, serves Slack only for a named workspace and Teams only for a named tenant', () => {
    expect(problems({ ...MONGODB, ...SLACK })).toEqual([expect.stringMatching(/^SLACK_TEAM_ID: required with MONGODB_URI/)]);
    expect(problems({ ...MONGODB, ...SLACK, SLACK_APP_TOKEN: 'xapp-1' })).toEqual([expect.stringMatching(/^SLACK_TEAM_ID: required with MONGODB_URI/)]);
    expect(problems({ ...MONGODB, ...APP })).toEqual([expect.stringMatching(/^TEAMS_TENANT_ID: required with MONGODB_URI/)]);
    expect(problems({ ...MONGODB, ...APP, MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: TENANT })).toEqual([expect.stringMatching(/^TEAMS_TENANT_ID: required with MONGODB_URI/)]);
    expect(loadConfig({ ...MONGODB, ...SLACK, SLACK_TEAM_ID: 'T0123ABCD' }).slack?.teamId).toBe('T0123ABCD');
    expect(loadConfig({ ...MONGODB, ...APP, TEAMS_TENANT_ID: TENANT }).teams?.tenantId).toBe(TENANT);
  });

  it('on the embedded store (trying Amparo), serves Slack and Teams without them', () => {
    expect(loadConfig({ ...SLACK }).slack?.teamId).toBeUndefined();
    expect(loadConfig({ ...APP }).teams?.tenantId).toBeUndefined();
  });

  it('refuses Teams emulation, which authenticates nothing, beside a real record', () => {
    expect(problems({ TEAMS_EMULATOR: 'on', ...MONGODB })).toEqual([expect.stringMatching(/^TEAMS_EMULATOR: .*cannot be on with MONGODB_URI/)]);
    expect(problems({ TEAMS_EMULATOR: 'on', AMPARO_DATA_KEY: newDataKey('k1') })).toEqual([expect.stringMatching(/^TEAMS_EMULATOR: .*cannot be on with AMPARO_DATA_KEY/)]);
    expect(loadConfig({ TEAMS_EMULATOR: 'off', ...MONGODB }).teams).toBeUndefined();
  });

  it('trusts the Bot Framework and SharePoint hosts, and more only when named', () => {
    const config = loadConfig({ ...APP, TEAMS_SERVICE_URL_HOSTS: 'smba.example.us, *.bots.example.us:8443', TEAMS_UPLOAD_HOSTS: '*.sharepoint.example.de,http://127.0.0.1:4567' });
    expect(config.teams).toMatchObject({ serviceUrlHosts: ['smba.example.us', '*.bots.example.us:8443'], uploadHosts: ['*.sharepoint.example.de', 'http://127.0.0.1:4567'] });
    expect(loadConfig({ ...APP, TEAMS_SERVICE_URL: 'https://smba.infra.gov.teams.microsoft.us/teams' }).teams?.serviceUrl).toBe('https://smba.infra.gov.teams.microsoft.us/teams');
    expect(loadConfig({ ...APP, TEAMS_SERVICE_URL_HOSTS: 'smba.example.us', TEAMS_SERVICE_URL: 'https://smba.example.us/teams/' }).teams?.serviceUrl).toBe('https://smba.example.us/teams/');
  });

  it.each([
    [{ TEAMS_SERVICE_URL_HOSTS: 'http://smba.example.us' }, /^TEAMS_SERVICE_URL_HOSTS: /],
    [{ TEAMS_SERVICE_URL_HOSTS: '*.com' }, /^TEAMS_SERVICE_URL_HOSTS: /],
    [{ TEAMS_UPLOAD_HOSTS: 'https://files.example/path' }, /^TEAMS_UPLOAD_HOSTS: /],
    [{ TEAMS_UPLOAD_HOSTS: 'ftp://files.example' }, /^TEAMS_UPLOAD_HOSTS: /],
    [{ TEAMS_SERVICE_URL: 'https://smba.example.us/teams/' }, /^TEAMS_SERVICE_URL: /],
    [{ TEAMS_SERVICE_URL: 'http://smba.trafficmanager.net/teams/' }, /^TEAMS_SERVICE_URL: /],
  ])('refuses a host it cannot trust: %o', (env, message) => {
    expect(problems({ ...APP, ...(env as Record<string, string>) })).toEqual([expect.stringMatching(message)]);
  });

  it('reports every wrong variable at once', () => {
    expect(problems({ PORT: 'x', AMPARO_DEMO: 'maybe' })).toHaveLength(2);
  });

  it('reads committees from a file and names the wrong entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amparo-config-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ committees: [{ _id: 'CED', name: 'Committee on Enforced Disappearances' }] }));
    expect(loadConfig({ AMPARO_COMMITTEES_FILE: good }).committees).toEqual([
      {
        _id: 'CED',
        name: 'Committee on Enforced Disappearances',
        assessmentTargetDays: 7,
        securityContact: '',
        reminders: { assessmentNoticeDays: 2, deadlineNoticeDays: [7, 1], decisionWaitDays: 3, termNoticeDays: 30, sessionNoticeDays: 14, urgentRepeatMinutes: 60 },
        sessions: [],
      },
    ]);
    // The settings the file names are its own; the record keeps the rest (README, "Administration").
    expect(loadConfig({ AMPARO_COMMITTEES_FILE: good }).committeesFile).toEqual({ path: good, named: { CED: ['name'] } });
    const withPeople = join(dir, 'people.json');
    writeFileSync(
      withPeople,
      JSON.stringify({
        committees: [{ _id: 'CAT', name: 'Committee against Torture' }],
        people: [{ name: 'Chen Chair', identities: ['slack:T0123:U0456'], roles: [{ committee: 'CAT', role: 'chair', start: '2026-01-01', end: '2027-12-31' }] }],
      }),
    );
    expect(loadConfig({ AMPARO_COMMITTEES_FILE: withPeople }).people).toEqual([
      { name: 'Chen Chair', identities: ['slack:T0123:U0456'], roles: [{ committee: 'CAT', role: 'chair', start: '2026-01-01', end: '2027-12-31' }] },
    ]);
    writeFileSync(withPeople, JSON.stringify({ committees: [{ _id: 'CAT', name: 'x' }], people: [{ name: 'x', identities: ['U0456'], roles: [] }] }));
    expect(problems({ AMPARO_COMMITTEES_FILE: withPeople })).toEqual([expect.stringMatching(/^AMPARO_COMMITTEES_FILE: people\.0\.identities\.0: /)]);
    // Said in words, never as a catalogue key.
    expect(problems({ AMPARO_COMMITTEES_FILE: withPeople }).join('\n')).not.toMatch(/errors\.field\./);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ committees: [{ _id: 'XYZ', name: 'Nope' }] }));
    expect(problems({ AMPARO_COMMITTEES_FILE: bad })).toEqual([expect.stringMatching(/^AMPARO_COMMITTEES_FILE: committees\.0\._id: /)]);
    expect(problems({ AMPARO_COMMITTEES_FILE: join(dir, 'missing.json') })).toEqual([expect.stringMatching(/cannot read/)]);
  });
});

/** Operators read what is wrong with the configuration in their language (AMPARO_LOCALE). */
describe('configuration messages in the operators\' language', () => {
  it('names a wrong variable in French when AMPARO_LOCALE is fr', () => {
    expect(problems({ AMPARO_LOCALE: 'fr', PORT: 'eighty', LOG_LEVEL: 'loud' })).toEqual([
      'LOG_LEVEL: doit être l’une des valeurs suivantes : fatal, error, warn, info, debug, trace, silent',
      'PORT: doit être un numéro de port',
    ]);
    expect(problems({ AMPARO_LOCALE: 'fr', MONGODB_URI: 'mongodb://db/' })).toEqual([
      'AMPARO_DATA_KEY: requis avec MONGODB_URI, afin que les champs sensibles soient chiffrés sous une clé que vous conservez (voir README)',
    ]);
  });

  it('names a wrong variable in Arabic when AMPARO_LOCALE is ar', () => {
    expect(problems({ AMPARO_LOCALE: 'ar', PORT: 'eighty' })).toEqual(['PORT: يجب أن يكون رقم منفذ']);
    expect(problems({ AMPARO_LOCALE: 'ar', SLACK_APP_TOKEN: 'xapp-1' })).toEqual(['SLACK_BOT_TOKEN: مطلوب لخدمة Slack (متغيرات SLACK_* الأخرى محددة)']);
  });

  it.each(['ar', 'zh', 'fr', 'ru', 'es'])('says in %s that the workspace, the tenant and a real record are needed', (locale) => {
    const key = newDataKey('k1');
    const cases: Array<[Record<string, string>, string]> = [
      [{ MONGODB_URI: 'mongodb://db/', AMPARO_DATA_KEY: key, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefghij' }, 'SLACK_TEAM_ID: '],
      [{ MONGODB_URI: 'mongodb://db/', AMPARO_DATA_KEY: key, MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 's' }, 'TEAMS_TENANT_ID: '],
      [{ TEAMS_EMULATOR: 'on', AMPARO_DATA_KEY: key }, 'TEAMS_EMULATOR: '],
      [{ TEAMS_EMULATOR: 'on', TEAMS_UPLOAD_HOSTS: 'ftp://x' }, 'TEAMS_UPLOAD_HOSTS: '],
      [{ MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 's', TEAMS_SERVICE_URL: 'https://smba.example.us/' }, 'TEAMS_SERVICE_URL: '],
    ];
    for (const [env, variable] of cases) {
      const [said] = problems({ ...env, AMPARO_LOCALE: locale });
      const [english] = problems(env);
      expect(said?.startsWith(variable)).toBe(true);
      expect(said).not.toEqual(english);
    }
  });

  it('speaks English when AMPARO_LOCALE itself is wrong, or names a language without a catalogue', () => {
    expect(problems({ AMPARO_LOCALE: 'French', PORT: 'eighty' })).toEqual(['AMPARO_LOCALE: must be a language code such as en', 'PORT: must be a port number']);
    expect(problems({ AMPARO_LOCALE: 'de', PORT: 'eighty' })).toEqual(['PORT: must be a port number']);
  });

  it('reads the language from the environment it is given, not from the process', () => {
    const before = process.env.AMPARO_LOCALE;
    process.env.AMPARO_LOCALE = 'ru';
    try {
      expect(problems({ PORT: 'eighty' })).toEqual(['PORT: must be a port number']);
    } finally {
      if (before === undefined) delete process.env.AMPARO_LOCALE;
      else process.env.AMPARO_LOCALE = before;
    }
  });
});

describe('zod\'s own messages', () => {
  it('are in the operators\' language too (a port out of range)', () => {
    const problemsIn = (locale: string) => {
      try {
        loadConfig({ AMPARO_LOCALE: locale, PORT: '70000' });
      } catch (error) {
        return (error as { problems?: string[] }).problems?.join('\n') ?? String(error);
      }
      return '';
    };
    const english = problemsIn('en');
    const french = problemsIn('fr');
    expect(english).toMatch(/^PORT: /);
    expect(french).toMatch(/^PORT: /);
    expect(french).not.toEqual(english);
    expect(problemsIn('en')).toEqual(english);
  });
});
