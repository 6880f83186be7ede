import { defineCommittee } from '../../src/domain/committee';
import { addSession, changeSettings, namedSettings, withFileSettings } from '../../src/domain/committee-settings';
import { isAmparoError } from '../../src/errors';

/**
 * G4: each committee setting has one owner. The committees file owns what it names (down to
 * each reminder offset); the record owns the rest, which a restart must not undo.
 */
describe('committee settings and their owner', () => {
  const fromFile = defineCommittee({ _id: 'CAT', name: 'Committee against Torture', reminders: { termNoticeDays: 45 } });

  it('the file owns exactly the settings it names, reminder offsets one by one', () => {
    expect(namedSettings({ _id: 'CAT', name: 'x', reminders: { termNoticeDays: 45 }, sessions: [] })).toEqual(['name', 'reminders.termNoticeDays', 'sessions']);
    expect(namedSettings({ _id: 'CAT', name: 'x', reminders: {} })).toEqual(['name']);
  });

  it('a start lays the file over the record without undoing what the record changed', () => {
    const stored = { ...fromFile, name: 'Old name', assessmentTargetDays: 10, reminders: { ...fromFile.reminders, termNoticeDays: 20, decisionWaitDays: 6 } };
    const merged = withFileSettings(stored, fromFile, ['name', 'reminders.termNoticeDays']);
    expect(merged).toMatchObject({ name: 'Committee against Torture', assessmentTargetDays: 10, reminders: { termNoticeDays: 45, decisionWaitDays: 6 } });
    expect(withFileSettings(null, fromFile, [])).toEqual(fromFile);
  });

  it('refuses to change what the file owns, and any value the committee schema refuses, naming it', () => {
    const pinned = () => changeSettings(fromFile, { 'reminders.termNoticeDays': 10 }, ['reminders.termNoticeDays']);
    expect(pinned).toThrow(expect.objectContaining({ messageKey: 'errors.committee_settings.pinned', vars: { committee: 'CAT', settings: 'reminders.termNoticeDays' } }));
    const invalid = () => changeSettings(fromFile, { 'reminders.sessionNoticeDays': 400 }, []);
    expect(invalid).toThrow(expect.objectContaining({ vars: expect.objectContaining({ setting: 'reminders.sessionNoticeDays' }) }));
  });

  it('G15: sessions stay in date order and never overlap', () => {
    const one = addSession(fromFile, { start: '2026-10-01', end: '2026-10-20' }, []);
    const two = addSession(one, { start: '2026-04-20', end: '2026-05-15', name: '80th' }, []);
    expect(two.sessions.map((s) => s.start)).toEqual(['2026-04-20', '2026-10-01']);
    let refused: unknown;
    try {
      addSession(two, { start: '2026-10-20', end: '2026-10-25' }, []);
    } catch (error) {
      refused = error;
    }
    expect(isAmparoError(refused, 'INVALID_STATE')).toBe(true);
    expect(() => addSession(two, { start: '2026-12-02', end: '2026-12-01' }, [])).toThrow(expect.objectContaining({ messageKey: 'errors.committee_settings.session_order' }));
  });
});
