import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { defineCommittee } from '../../src/domain/committee';
import type { Actor } from '../../src/domain/roles';
import { isAmparoError } from '../../src/errors';
import { applyCommitteesFile, CommitteeService } from '../../src/services/committees';
import { DEMO_COMMITTEE } from '../../src/services/demo';
import { DAY } from '../support/clock';
import { allegation, CAST, harness, type Harness } from '../support/harness';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * Committee settings changed after reminders were planned (G4, G8, G12, G15, G19): what was
 * planned under the old settings moves with them, and nothing goes out for a session that
 * was removed or a term whose end moved. The clock starts on 10 March 2026 and is moved by hand.
 */
function configWith(file: unknown) {
  const path = join(mkdtempSync(join(tmpdir(), 'amparo-settings-')), 'committees.json');
  writeFileSync(path, JSON.stringify(file));
  return loadConfig({ AMPARO_COMMITTEES_FILE: path });
}

describe.each(STORE_KINDS)('committee settings on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  let chair: Actor;
  let committees: CommitteeService;
  const config = configWith({ committees: [{ _id: 'CAT', name: 'Committee against Torture', assessmentTargetDays: 7 }] });

  beforeEach(async () => {
    under = await openStore(kind, 'settings');
    h = await harness(under.store);
    chair = h.actor(CAST.chair);
    await applyCommitteesFile(under.store, config);
    committees = new CommitteeService(under.store, h.services.scheduler, config);
  });

  afterEach(async () => {
    await under.dispose();
  });

  async function sweep(afterMs: number): Promise<Record<string, string[]>> {
    const before = h.notifier.sent.length;
    h.clock.advance(afterMs);
    await h.services.scheduler.sweep();
    const byPerson: Record<string, string[]> = {};
    for (const { to, notification } of h.notifier.sent.slice(before)) if (notification.kind === 'reminder') (byPerson[to] ??= []).push(notification.reminder?.kind ?? '?');
    return byPerson;
  }

  it('G4: a restart keeps what was changed in the record, and applies what the file names', async () => {
    await committees.changeSettings('CAT', { 'reminders.decisionWaitDays': 5 });
    const edited = configWith({ committees: [{ _id: 'CAT', name: 'Committee against Torture', assessmentTargetDays: 10 }] });
    await applyCommitteesFile(under.store, edited);
    expect(await under.store.getCommittee('CAT')).toMatchObject({ assessmentTargetDays: 10, reminders: { decisionWaitDays: 5 }, securityContact: DEMO_COMMITTEE.securityContact });
    const refused = await committees.changeSettings('CAT', { assessmentTargetDays: 3, 'reminders.termNoticeDays': 10 }).catch((error: unknown) => error);
    expect(isAmparoError(refused, 'INVALID_INPUT') && refused.vars).toEqual({ committee: 'CAT', settings: 'assessmentTargetDays' });
  });

  it('G15: a session removed sends no reminder; a longer notice moves the reminder earlier', async () => {
    await committees.addSession('CAT', { start: '2026-04-20', end: '2026-05-15' });
    await committees.addSession('CAT', { start: '2026-06-01', end: '2026-06-20' });
    await committees.removeSession('CAT', '2026-04-20');
    await committees.changeSettings('CAT', { 'reminders.sessionNoticeDays': 21 });
    // 2026-05-11 is 21 days before the June session; the April one would have been on 04-06.
    expect(await sweep(27 * DAY)).toEqual({});
    expect(await sweep(34 * DAY)).toEqual({});
    expect(await sweep(DAY)).toEqual({ amina: ['session_report'], lucas: ['session_report'] });
  });

  it('G15: a session taken out of the record behind the scheduler\'s back is not announced', async () => {
    await committees.addSession('CAT', { start: '2026-04-20', end: '2026-05-15' });
    const stored = await under.store.getCommittee('CAT');
    await under.store.saveCommittee(defineCommittee({ ...stored!, sessions: [] }));
    expect(await sweep(40 * DAY)).toEqual({});
  });

  it('G8: a term ended early no longer warns the chair of its old end', async () => {
    const today = new Date('2026-03-10T00:00:00Z');
    const nina = await h.services.people.assignRole(chair, { identityKey: 'console:nina', committee: 'CAT', role: 'rapporteur', start: today, end: new Date(today.getTime() + 60 * DAY) }, async () => ({ displayName: 'Nina' }));
    await h.services.people.endRole(chair, nina._id, nina.roles[0]!.id, h.clock.now());
    expect(await sweep(40 * DAY)).toEqual({});
  });

  it('G12, G19: new notice periods move the reminders of open cases', async () => {
    await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'settings-1');
    // Due 5 days after intake by default; with a 4-day notice, 3 days after intake.
    await committees.changeSettings('CAT', { 'reminders.assessmentNoticeDays': 4 });
    expect(await sweep(3 * DAY - 60_000)).toEqual({});
    expect(await sweep(60_000)).toEqual({ amina: ['assessment_due'], lucas: ['assessment_due'] });
    expect(await sweep(2 * DAY)).toEqual({});
  });
});
