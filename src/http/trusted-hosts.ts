/**
 * The hosts Amparo sends to when a platform's message names the address: Teams' service URL
 * (where replies and alerts go, with the bot's token) and the upload address of a report file
 * (where the file goes). By default only https on the platform's own hosts; a deployment names
 * more (a sovereign cloud), and tests name their local stand-in, since http is accepted only
 * for a loopback host named in full.
 */
export const BOT_FRAMEWORK_HOSTS: readonly string[] = [
  'smba.trafficmanager.net', // the public cloud, every region (/teams/, /amer/, /emea/, /apac/ …)
  'smba.infra.gcc.teams.microsoft.com', // US Government Community Cloud
  'smba.infra.gov.teams.microsoft.us', // GCC High
  'smba.infra.dod.teams.microsoft.us', // US Department of Defense
];

/** Where Teams puts files: OneDrive for Business and SharePoint, in each cloud. */
export const TEAMS_FILE_HOSTS: readonly string[] = ['*.sharepoint.com', '*.sharepoint.us', '*.sharepoint-mil.us', '*.sharepoint.cn'];

/** What the server binds to when it must not be reached from another machine. */
export const LOOPBACK_ADDRESS = '127.0.0.1';
const LOOPBACK_HOSTS = new Set([LOOPBACK_ADDRESS, 'localhost', '[::1]']);

interface HostRule {
  protocol: 'https:' | 'http:';
  host: string;
  /** `*.example.org`: any host under it, never example.org itself. */
  subdomains: boolean;
  /** '' for the scheme's default port, as `URL.port` gives it. */
  port: string;
}

const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const ENTRY = new RegExp(`^(?:(https?)://)?(\\*\\.)?((?:${LABEL})(?:\\.${LABEL})*|\\[::1\\])(?::(\\d{1,5}))?$`, 'i');

/** One entry of a host list (`smba.example.us`, `*.sharepoint.de`, `http://127.0.0.1:4567`), or undefined if it is not one. */
function parseRule(entry: string): HostRule | undefined {
  const match = ENTRY.exec(entry.trim());
  if (!match) return undefined;
  const [, scheme = 'https', star, name = '', portText] = match;
  const protocol = scheme.toLowerCase() === 'http' ? 'http:' : 'https:';
  const host = name.toLowerCase();
  // `*.com` would trust a whole top-level domain.
  if (star && host.split('.').length < 2) return undefined;
  // Plain http only to this machine (a local stand-in), never under a wildcard.
  if (protocol === 'http:' && (star || !LOOPBACK_HOSTS.has(host))) return undefined;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  const defaultPort = protocol === 'https:' ? 443 : 80;
  return { protocol, host, subdomains: star !== undefined, port: port === undefined || port === defaultPort ? '' : String(port) };
}

/** A comma-separated setting as its entries. */
export function hostEntries(setting: string): string[] {
  return setting
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** True when every entry of the setting is one a host list accepts. */
export function validHostEntries(setting: string): boolean {
  const entries = hostEntries(setting);
  return entries.length > 0 && entries.every((entry) => parseRule(entry) !== undefined);
}

export class TrustedHosts {
  private constructor(private readonly rules: readonly HostRule[]) {}

  /** The hosts of every list given; an entry that is not one is a programming error (settings are checked at start). */
  static of(...lists: ReadonlyArray<readonly string[]>): TrustedHosts {
    return new TrustedHosts(
      lists.flat().map((entry) => {
        const rule = parseRule(entry);
        if (!rule) throw new Error(`not a host entry: ${entry}`);
        return rule;
      }),
    );
  }

  /** Whether `url` is an address on one of these hosts, with their scheme and port and no credentials in it. */
  trusts(url: unknown): boolean {
    const parsed = parseUrl(url);
    if (!parsed || parsed.username !== '' || parsed.password !== '') return false;
    const hostname = parsed.hostname.toLowerCase();
    return this.rules.some(
      (rule) => rule.protocol === parsed.protocol && rule.port === parsed.port && (rule.subdomains ? hostname.endsWith(`.${rule.host}`) : hostname === rule.host),
    );
  }
}

/** Whether `url` is an http(s) address on this machine (a local emulator's). */
export function isLoopbackUrl(url: unknown): boolean {
  const parsed = parseUrl(url);
  return parsed !== undefined && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && LOOPBACK_HOSTS.has(parsed.hostname.toLowerCase());
}

function parseUrl(url: unknown): URL | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
