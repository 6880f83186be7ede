import { silentLogger } from '../../src/logger';
import { DAY } from '../support/clock';
import { slackStage, type SlackStage } from '../support/slack/harness';
import { DRILL_INTAKE, processStage, type ProcessStage } from '../support/slack/process-stage';

/**
 * Fault drill: SIGTERM (a deployment, a scale-down). Work already started finishes before the
 * process ends; the scheduler claims nothing new and leaves no claim behind.
 */
const REF = `CAT-${new Date().getUTCFullYear()}-0001`;

describe('fault drill: graceful shutdown', () => {
  describe('the server process', () => {
    let stage: ProcessStage;

    beforeEach(async () => {
      stage = await processStage('sigterm');
    });

    afterEach(async () => {
      await stage.stop();
    });

    it('G10: a report acknowledged just before SIGTERM is saved and alerted before the process ends', async () => {
      const { simulator, store } = stage;
      await stage.enrol('amina', 'rapporteur');
      await stage.enrol('chen', 'chair');
      const { agent: maria } = await stage.enrol('maria', 'member');
      const server = await stage.start();
      await stage.openIntake(maria);

      // Slack is slow to take the alerts: the process is stopped while they are on their way.
      const release = simulator.hold('chat.postMessage');
      expect((await maria.submit(DRILL_INTAKE)).json()).toMatchObject({ response_action: 'update' });
      await simulator.waitFor(() => simulator.callsOf('chat.postMessage').length > 0, 'the first alert on its way');
      const exited = server.terminate();
      await server.until(() => server.transcript.includes('stopping: finishing the work in progress'), 'the stop being heard');
      release();

      expect(await exited).toBe(0);
      const c = await store.findCaseByReference(REF);
      expect(c?.reference).toBe(REF);
      expect(await store.casesOwingAlerts()).toEqual([]);
      expect(await store.heldSubmissions()).toEqual([]);
      for (const who of ['U0AMINA00', 'U0CHEN000']) expect(simulator.dmsTo(who).filter((m) => m.text.includes(REF))).toHaveLength(1);
      expect(simulator.dmsTo(maria.id).filter((m) => m.text.startsWith(`Allegation received: ${REF}`))).toHaveLength(1);
    }, 60_000);
  });

  describe('the scheduler', () => {
    let stage: SlackStage;

    beforeEach(async () => {
      stage = await slackStage('embedded', 'http', silentLogger);
    });

    afterEach(async () => {
      await stage.stop();
    });

    it('finishes the reminder it is sending, claims no other, and leaves none claimed', async () => {
      const { simulator, clock, amparo } = stage;
      await stage.fill('maria', 'report', 'intake', DRILL_INTAKE, `Allegation received: ${REF}`);
      await amparo.services.scheduler.planned();
      // Six days on at noon UTC: both rapporteurs' assessment reminders are due.
      clock.advance(6 * DAY);
      const noon = clock.now();
      noon.setUTCHours(12, 0, 0, 0);
      clock.advance(noon.getTime() - clock.now().getTime());
      const due = (await amparo.store.dueReminders(clock.now(), 100)).filter((r) => r.caseId !== undefined);
      expect(due.length).toBeGreaterThanOrEqual(2);

      const sentBefore = simulator.callsOf('chat.postMessage').length;
      const release = simulator.hold('chat.postMessage');
      const sweeping = amparo.services.scheduler.sweep();
      await simulator.waitFor(() => simulator.callsOf('chat.postMessage').length > sentBefore, 'the first reminder on its way');
      const stopped = amparo.services.scheduler.stop();
      release();
      const report = await sweeping;
      await stopped;

      expect(report.sent).toBe(1);
      const left = (await amparo.store.dueReminders(clock.now(), 100)).filter((r) => r.caseId !== undefined);
      expect(left).toHaveLength(due.length - 1);
      // Nothing is held by the stopped process: another can send these at once.
      expect(left.every((r) => r.leaseOwner === undefined && r.leaseUntil === undefined)).toBe(true);
      expect((await amparo.services.scheduler.sweep()).sent).toBe(0);
    });
  });
});
