import { eventDeliveryKey, noticeKey, noticePrefix, parseNoticeKey } from '../../src/domain/delivery-key';
import { consoleIdentity, parseIdentity, platformOf, slackIdentity, slackUserIn, teamsIdentity, teamsUserIn, userOf } from '../../src/domain/identity';
import { REMINDER_AUDIENCES, REMINDER_KINDS, stillConcerned, termOfSeries, termSeries, urgentSeries, type Reminder } from '../../src/domain/reminders';
import type { RoleAssignment } from '../../src/domain/roles';
import { platformSubmissionKey, submissionKey, submissionPlatform } from '../../src/domain/submission-key';

/** Each id format is written and read by one module: what it writes, it reads back. */
describe('id formats', () => {
  it('a platform identity reads back as the platform and the ids it was made of', () => {
    expect(slackIdentity('T1', 'U2')).toBe('slack:T1:U2');
    expect(parseIdentity(slackIdentity('T1', 'U2'))).toEqual({ platform: 'slack', teamId: 'T1', userId: 'U2' });
    expect(parseIdentity(teamsIdentity('tenant', 'object'))).toEqual({ platform: 'teams', tenantId: 'tenant', objectId: 'object' });
    expect(consoleIdentity(' Amina ')).toBe('console:amina');
    expect(userOf(teamsIdentity('tenant', 'object'))).toBe('object');
    expect(platformOf(consoleIdentity('amina'))).toBe('console');
  });

  it('a text that is no identity reads as none', () => {
    for (const text of ['', 'amina', 'slack:T1', 'slack:T1:U2:extra', 'mail:someone', ':x']) expect(parseIdentity(text)).toBeUndefined();
  });

  it('finds the person a platform knows among their identity keys', () => {
    const keys = [consoleIdentity('amina'), teamsIdentity('tenant', 'object'), slackIdentity('T1', 'U2')];
    expect(slackUserIn(keys)).toEqual({ teamId: 'T1', userId: 'U2' });
    expect(teamsUserIn(keys)).toEqual({ tenantId: 'tenant', objectId: 'object' });
    expect(slackUserIn([consoleIdentity('amina')])).toBeUndefined();
  });

  it('a submission key is scoped to the person who submitted, and says which platform can finish it', () => {
    const key = platformSubmissionKey('slack', 'V123');
    expect(key).toBe('slack:V123');
    expect(submissionKey('p-1', key)).toBe('p-1:slack:V123');
    expect(submissionPlatform(platformSubmissionKey('teams', 'nonce'))).toBe('teams');
    expect(submissionPlatform('fax:1')).toBeUndefined();
  });

  it('a delivery key of a notice reads back under its prefix, an occurrence with colons included', () => {
    const key = noticeKey('c1', 'proposal.awaiting_decision', 'v3:p1', 'person-1');
    expect(parseNoticeKey(key, noticePrefix('c1', 'proposal.awaiting_decision'))).toEqual({ occurrence: 'v3:p1', personId: 'person-1' });
    expect(parseNoticeKey(key, noticePrefix('c2', 'proposal.awaiting_decision'))).toBeUndefined();
    expect(eventDeliveryKey('slack', 'Ev1')).toBe('slack:event:Ev1');
  });

  it('a term series names the person and the role term it is about; another series names none', () => {
    expect(termOfSeries(termSeries('p-1', 'a-1'))).toEqual({ personId: 'p-1', assignmentId: 'a-1' });
    expect(termOfSeries(urgentSeries('c1'))).toBeUndefined();
  });
});

describe('who a reminder concerns', () => {
  const AT = new Date('2026-05-01T00:00:00Z');
  const term = (role: RoleAssignment['role'], ended = false): RoleAssignment => ({ id: role, committee: 'CAT', role, start: new Date('2026-01-01T00:00:00Z'), ...(ended ? { end: new Date('2026-04-01T00:00:00Z') } : {}), assignedBy: 'x' });
  const reminder = (kind: Reminder['kind'], audiences?: Reminder['audiences']) => ({ kind, committee: 'CAT' as const, ...(audiences ? { audiences } : {}) });

  it('speaks to the audiences stored with it, whatever its kind', () => {
    expect(stillConcerned(reminder('assessment_due', ['chair']), [term('chair')], AT)).toBe(true);
    expect(stillConcerned(reminder('assessment_due', ['chair']), [term('rapporteur')], AT)).toBe(false);
  });

  it('planned before audiences were stored, speaks to its kind\'s audiences, and only to running terms', () => {
    expect(REMINDER_KINDS.every((kind) => REMINDER_AUDIENCES[kind].length > 0)).toBe(true);
    expect(stillConcerned(reminder('deadline_passed'), [term('chair')], AT)).toBe(true);
    expect(stillConcerned(reminder('assessment_due'), [term('chair')], AT)).toBe(false);
    expect(stillConcerned(reminder('assessment_due'), [term('rapporteur', true)], AT)).toBe(false);
  });
});
