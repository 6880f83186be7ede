import type { SlackUserAgent } from '../support/slack/workspace';
import { DRILL_INTAKE, processStage, type ProcessStage } from '../support/slack/process-stage';

/**
 * Fault drill: the server process is killed (SIGKILL) in the middle of a burst of intakes.
 * Every intake Slack saw acknowledged must be a case after the restart, alerted to the
 * rapporteurs and the chair (at least once; duplicates are counted and reported).
 */
const MEMBERS = 24;
const KILL_AFTER_ACKS = 8;

describe('fault drill: the server is killed during a burst of intakes', () => {
  let stage: ProcessStage;

  beforeEach(async () => {
    stage = await processStage('killed');
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G10: every acknowledged intake is a case after the restart, alerted to the rapporteurs and the chair', async () => {
    const { simulator, store } = stage;
    const staff = [await stage.enrol('amina', 'rapporteur'), await stage.enrol('lucas', 'rapporteur'), await stage.enrol('chen', 'chair')];
    const members: Array<{ personId: string; agent: SlackUserAgent }> = [];
    for (let i = 1; i <= MEMBERS; i++) {
      const { person, agent } = await stage.enrol(`m${String(i).padStart(2, '0')}`, 'member');
      members.push({ personId: person._id, agent });
    }
    const server = await stage.start({ LOG_LEVEL: 'error' });
    for (const { agent } of members) {
      await stage.openIntake(agent);
    }

    // The burst: every member submits at once; the server dies after the eighth acknowledgement.
    const acknowledged: Array<{ personId: string; viewId: string }> = [];
    let killed: Promise<void> | undefined;
    await Promise.allSettled(
      members.map(async ({ personId, agent }) => {
        const viewId = agent.modal().id;
        const answer = await agent.submit(DRILL_INTAKE);
        if (answer.status !== 200 || answer.json().response_action !== 'update') return;
        acknowledged.push({ personId, viewId });
        if (acknowledged.length === KILL_AFTER_ACKS) killed = server.kill();
      }),
    );
    await killed;
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    // Restarted, it finishes what the dead process had acknowledged, then says so.
    const restarted = await stage.start({ LOG_LEVEL: 'info' });
    await restarted.until(() => restarted.transcript.includes('recovery done'), 'the end of the recovery');
    const staffIds = staff.map((s) => s.agent.id);
    const alertsFor = (reference: string, slackId: string) => simulator.dmsTo(slackId).filter((m) => m.text.includes(reference) && !m.text.startsWith('Allegation received')).length;
    const found = new Map<string, string>();
    for (const a of acknowledged) {
      const c = await store.findCaseBySubmissionKey(`${a.personId}:slack:${a.viewId}`);
      if (c) found.set(a.viewId, c.reference);
    }
    expect(found.size).toBe(acknowledged.length);
    await simulator.waitFor(() => [...found.values()].every((ref) => staffIds.every((id) => alertsFor(ref, id) >= 1)), 'every alert of every acknowledged case', 30_000);

    const cases = await store.listCases({ committees: ['CAT'] });
    const seqs = cases.map((c) => c.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const duplicates = [...found.values()].reduce((n, ref) => n + staffIds.reduce((m, id) => m + Math.max(0, alertsFor(ref, id) - 1), 0), 0);
    process.stdout.write(`[drill] ${acknowledged.length} of ${MEMBERS} intakes acknowledged before the kill; ${cases.length} cases after the restart; ${duplicates} duplicate alerts\n`);
  }, 120_000);
});
