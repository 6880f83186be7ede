import { dueFor } from '../../src/domain/reminders';

/**
 * G13: a contact is planned for a calendar day, typed where the rapporteur is. Its reminder falls
 * due when that day begins in each recipient's own time zone, across changes of daylight saving.
 */
describe('the day a planned contact is due, where each recipient is (G13)', () => {
  const day = (d: string) => ({ dueAt: new Date(`${d}T00:00:00Z`), onDay: true as const });

  it('G13: begins at local midnight in each time zone, daylight saving or not', () => {
    const cases: Array<[string, string, string]> = [
      ['2026-03-20', 'UTC', '2026-03-20T00:00:00.000Z'],
      ['2026-03-20', 'Asia/Tokyo', '2026-03-19T15:00:00.000Z'],
      ['2026-03-20', 'Asia/Kolkata', '2026-03-19T18:30:00.000Z'],
      ['2026-03-20', 'America/Los_Angeles', '2026-03-20T07:00:00.000Z'],
      // New York moves its clocks on 8 March 2026 at 02:00: that day still begins on standard time.
      ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'],
      ['2026-03-09', 'America/New_York', '2026-03-09T04:00:00.000Z'],
      // Geneva moves its clocks on 29 March 2026.
      ['2026-03-29', 'Europe/Zurich', '2026-03-28T23:00:00.000Z'],
      ['2026-03-30', 'Europe/Zurich', '2026-03-29T22:00:00.000Z'],
    ];
    expect(cases.map(([d, zone]) => [d, zone, dueFor(day(d), zone).toISOString()])).toEqual(cases);
  });

  it('G13: a reminder due at a moment, not on a day, is due at that moment wherever the recipient is', () => {
    const at = new Date('2026-03-20T09:30:00Z');
    expect(dueFor({ dueAt: at }, 'Asia/Tokyo')).toEqual(at);
  });
});
