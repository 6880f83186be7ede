import { PLATFORMS, type Platform } from './roles';

/**
 * What names one submission of a form, so that saving it twice (a retry, a double click, a
 * held report finished again) makes one record. An adapter names it on its platform,
 * `<platform>:<id>` (a Slack view id, the nonce of a Teams dialog, a console form's own id);
 * a case or a practice stores it scoped to the person who submitted,
 * `<person id>:<platform>:<id>`, so a key replayed by someone else never reaches their record.
 */
export type PlatformSubmissionKey = `${Platform}:${string}`;
export type SubmissionKey = `${string}:${PlatformSubmissionKey}`;

export function platformSubmissionKey(platform: Platform, id: string): PlatformSubmissionKey {
  return `${platform}:${id}`;
}

export function submissionKey(personId: string, key: string): SubmissionKey {
  return `${personId}:${key}` as SubmissionKey;
}

/** The platform that named a submission, whose adapter can finish it. */
export function submissionPlatform(key: string): Platform | undefined {
  const platform = key.slice(0, key.indexOf(':'));
  return (PLATFORMS as readonly string[]).includes(platform) ? (platform as Platform) : undefined;
}
