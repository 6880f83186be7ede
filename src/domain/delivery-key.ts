import type { Platform } from './roles';

/**
 * Keys of the deliveries store: what was handled or sent once, claimed before it is done.
 * - an event a platform may deliver again (Slack retries): `<platform>:event:<event id>`;
 * - one message to one person about a case: `notice:<case>:<kind>:<occurrence>:<person>`; the
 *   keys of one notice share a prefix, read as a range of the index.
 */
export type EventDeliveryKey = `${Platform}:event:${string}`;
export type NoticeKey = `notice:${string}:${string}:${string}:${string}`;

export function eventDeliveryKey(platform: Platform, eventId: string): EventDeliveryKey {
  return `${platform}:event:${eventId}`;
}

export function noticeKey(caseId: string, kind: string, occurrence: string, personId: string): NoticeKey {
  return `notice:${caseId}:${kind}:${occurrence}:${personId}`;
}

/** What the keys of every message of one notice about a case begin with. */
export function noticePrefix(caseId: string, kind: string): string {
  return `notice:${caseId}:${kind}:`;
}

/** The occurrence and recipient of a notice key read under its prefix (an occurrence may hold `:`). */
export function parseNoticeKey(key: string, prefix: string): { occurrence: string; personId: string } | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const last = key.lastIndexOf(':');
  if (last < prefix.length) return undefined;
  return { occurrence: key.slice(prefix.length, last), personId: key.slice(last + 1) };
}
