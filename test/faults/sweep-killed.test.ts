import { intakeAnswers } from '../support/slack/answers';
import { processStage, type ProcessStage } from '../support/slack/process-stage';

/**
 * Fault drill: the server is killed (SIGKILL) while it sends reminders. After the restart
 * every reminder that was due goes out, the one cut off in the middle too (once its claim has
 * lapsed): at least once. Here Slack never got the cut-off one, so each arrives exactly once;
 * had Slack taken it just before the kill, it would arrive twice, never not at all.
 */
const MEMBERS = 3;
const SWEEPING = { AMPARO_SWEEP_SCHEDULE: '* * * * * *', AMPARO_REMINDER_LEASE_SECONDS: '5' };

describe('fault drill: the server is killed during a sweep', () => {
  let stage: ProcessStage;

  beforeEach(async () => {
    stage = await processStage('sweepkill');
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G22: every due reminder is sent after the restart, at least once', async () => {
    const { simulator, store } = stage;
    const { agent: chen } = await stage.enrol('chen', 'chair');
    await stage.enrol('amina', 'rapporteur');
    const members = [];
    for (let i = 1; i <= MEMBERS; i++) members.push((await stage.enrol(`u${i}`, 'member')).agent);

    // Three urgent reports (an imminent threat during the session), with no sweep running.
    let server = await stage.start({ LOG_LEVEL: 'error' });
    for (const member of members) {
      await stage.openIntake(member);
      expect((await member.submit(intakeAnswers({ imminentThreat: 'yes' }))).json()).toMatchObject({ response_action: 'update' });
    }
    const cases = await simulator.waitFor(() => {
      const alerted = new Set(chen.dms().flatMap((m) => m.text.match(/CAT-\d{4}-\d{4}/g) ?? []));
      return alerted.size === MEMBERS ? [...alerted] : undefined;
    }, 'the urgent alerts');
    expect(await server.terminate()).toBe(0);

    // The chair's hourly reminders (G22) are brought forward: due now.
    for (const reference of cases) {
      const c = await store.findCaseByReference(reference);
      for (const r of await store.findReminders({ caseId: c?._id ?? '', statuses: ['pending'] })) {
        if (r.kind !== 'urgent') continue;
        expect(await store.replaceReminder({ ...r, dueAt: new Date(Date.now() - 60_000), version: r.version + 1 }, r.version)).toBe(true);
      }
    }

    // A sweep starts, Slack is slow with the first reminder, and the server dies then.
    const reminders = () => chen.dms().filter((m) => m.text.startsWith('URGENT, not yet acknowledged'));
    const before = simulator.callsOf('chat.postMessage').length;
    const release = simulator.hold('chat.postMessage');
    server = await stage.start({ LOG_LEVEL: 'error', ...SWEEPING });
    await simulator.waitFor(() => simulator.callsOf('chat.postMessage').length > before, 'the first reminder on its way');
    await server.kill();
    // Slack never got it: the restarted server must send it again.
    release('drop');

    // Restarted: the others go out at once, the cut-off one once its claim has lapsed.
    await stage.start({ LOG_LEVEL: 'error', ...SWEEPING });
    await simulator.waitFor(() => cases.every((reference) => reminders().some((m) => m.text.includes(reference))), 'a reminder for every urgent case', 45_000);
    const duplicates = cases.reduce((n, reference) => n + reminders().filter((m) => m.text.includes(reference)).length - 1, 0);
    expect(duplicates).toBe(0);
    process.stdout.write(`[drill] ${cases.length} due reminders, killed while sending the first: all sent after the restart, ${duplicates} twice\n`);
  }, 120_000);
});
