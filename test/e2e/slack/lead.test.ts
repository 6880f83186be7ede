import { intakeAnswers } from '../../support/slack/answers';
import { slackStage, textOf, type SlackStage } from '../../support/slack/harness';

/**
 * G10, G12 in a Slack workspace, through the simulator: both rapporteurs get the alert with
 * "Take the lead"; Amina presses it first and leads; every alert already delivered is updated in
 * place to say so; Lucas, pressing after her, is told who leads; the case says it too.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;

const INTAKE = intakeAnswers({ narrative: 'Followed home by plain-clothes officers after speaking at the session.', incidentDate: '', place: '', victim: 'Plmok Ijnuh', sourceContact: '', consentPublication: 'unknown' });

describe('Slack: a lead rapporteur per case (G12)', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G10, G12: the first rapporteur to press Take the lead leads; the alerts are updated in place; the second is told who leads', async () => {
    const { simulator, users, amparo } = stage;
    await stage.fill('maria', 'report', 'intake', INTAKE, `Allegation received: ${REF}`);
    const alertOf = (who: 'amina' | 'lucas' | 'chen') => simulator.waitFor(() => users[who].dms().find((m) => m.text.includes(REF)), `the alert to ${who}`);
    const [amina, lucas, chen] = [await alertOf('amina'), await alertOf('lucas'), await alertOf('chen')];
    expect(textOf(amina.blocks)).toContain('"action_id":"lead.take"');
    expect(textOf(lucas.blocks)).toContain('"action_id":"lead.take"');
    expect(textOf(chen.blocks)).not.toContain('"action_id":"lead.take"');

    await users.amina.press('lead.take', 'dm', REF);
    await stage.modalWith('amina', `You lead on ${REF} now.`);

    // Every alert already delivered now says who leads, and offers the lead no more.
    for (const message of [amina, lucas, chen]) {
      const updated = await simulator.waitFor(() => simulator.callsOf('chat.update').find((u) => u.args.ts === message.ts && u.args.channel === message.channel), 'the alert updated in place');
      expect(textOf(updated.args.blocks)).toMatch(/Amina[^"]* leads on this case since/);
      expect(textOf(updated.args.blocks)).not.toContain('"action_id":"lead.take"');
      expect(textOf(updated.args.blocks)).toContain('"action_id":"case.open"');
    }

    // Lucas, after her, is told who leads; nothing changes.
    await users.lucas.command(`lead ${REF}`);
    await stage.modalWith('lucas', `already leads on ${REF}.`);
    expect(textOf(users.lucas.modal().view)).toMatch(/Amina[^"]* already leads on/);

    // The case says who leads, to everyone who opens it.
    await users.chen.command(`case ${REF}`);
    const details = await stage.modalWith('chen', 'Lead rapporteur');
    expect(textOf(details.view)).toMatch(/Amina[^"]*, since/);

    const c = await amparo.store.findCaseByReference(REF);
    expect(c?.lead?.personId).toBe(stage.people.amina._id);
    const register = await amparo.store.listEvents(c?._id as string);
    expect(register.filter((e) => e.type === 'lead.taken').map((e) => e.actorId)).toEqual([stage.people.amina._id]);
  });
});
