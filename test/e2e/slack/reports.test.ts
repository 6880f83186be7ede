import { PNG } from 'pngjs';
import { slackStage, textOf, type SlackStage } from '../../support/slack/harness';
import { unzip } from '../../support/unzip';
import { docxParts, wordBody } from '../../support/docx';
import { intakeAnswers } from '../../support/slack/answers';

/**
 * Reports asked for in Slack (G15, G25, G32): the files reach the person's own DM with
 * Amparo through Slack's external upload, never a channel, and hold counts, not details.
 */
const YEAR = new Date().getUTCFullYear();
const NARRATIVE = 'Qazwsx was photographed by unknown men outside the Palais after the dialogue.';
const VICTIM = 'Edcrfv Tgbyhn, journalist';

const INTAKE = intakeAnswers({ narrative: NARRATIVE, victim: VICTIM, place: 'Geneva', sourceContact: 'Signal +00 5555' });

describe('Slack: reports in chat', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage();
    await stage.fill('maria', 'report', 'intake', INTAKE, `Allegation received: CAT-${YEAR}-0001`);
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G15/G32: a rapporteur gets the progress report in Word and Markdown, its charts and its tables privately in the DM', async () => {
    const { simulator, users } = stage;
    await users.amina.command(`report-progress CAT ${YEAR}`);
    const answer = await stage.modalWith('amina', 'Sent privately to your chat with Amparo: 6 files');
    expect(textOf(answer.view)).toContain('Progress report on intimidation and reprisals — CAT');

    const files = simulator.filesFor(users.amina.id);
    expect(files.map((f) => f.filename).sort()).toEqual([`progress-CAT-${YEAR}-actions.png`, `progress-CAT-${YEAR}-states.png`, `progress-CAT-${YEAR}-tables.zip`, `progress-CAT-${YEAR}.docx`, `progress-CAT-${YEAR}.md`, `progress-CAT-${YEAR}.png`]);
    // Shared in Amina's DM with Amparo only, and uploaded completely.
    expect(new Set(files.map((f) => f.channel))).toEqual(new Set([`D${users.amina.id.slice(1)}`]));
    for (const f of files) expect(f.bytes?.length).toBe(f.length);

    const markdown = files.find((f) => f.filename.endsWith('.md'))?.bytes?.toString('utf8') ?? '';
    expect(markdown).toMatch(/\| Allegations received \| 1 \|/);
    expect(markdown).toContain(`progress-CAT-${YEAR}.png`);
    const png = PNG.sync.read(files.find((f) => f.filename === `progress-CAT-${YEAR}.png`)?.bytes as Buffer);
    expect(png.width).toBe(1000);
    const word = docxParts(files.find((f) => f.filename.endsWith('.docx'))?.bytes as Buffer);
    const body = wordBody(word.get('word/document.xml')?.toString('utf8') ?? '');
    expect(body.tables.find((t) => t[0]?.[0] === 'Measure')?.[1]).toEqual(['Allegations received', '1']);
    const tables = unzip(files.find((f) => f.filename.endsWith('.zip'))?.bytes as Buffer);
    expect([...tables.keys()]).toContain('summary.csv');

    // Counts only: no word typed at intake is in any file, and nothing went to a channel.
    const everything = [markdown, ...[...tables.values(), ...word.values()].map((b) => b.toString('utf8'))].join('\n');
    for (const secret of ['Qazwsx', 'Edcrfv', 'Geneva', '5555']) expect(everything).not.toContain(secret);
    expect(simulator.callsOf('chat.postMessage').every((c) => String(c.args.channel).startsWith('U'))).toBe(true);
  });

  it('G15, G25: the chair gets the contribution to the Secretary-General\'s report privately, with the new case counted in its reporting year', async () => {
    const { simulator, users, clock } = stage;
    // The reporting year runs from 1 May to 30 April and is named after the year it ends in.
    const now = clock.now();
    const reportingYear = now.getUTCMonth() >= 4 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
    await users.chen.command(`report-sg CAT ${reportingYear}`);
    const answer = await stage.modalWith('chen', 'Sent privately to your chat with Amparo');
    expect(textOf(answer.view)).toContain('Contribution to the Secretary-General’s report on reprisals — CAT');
    // No chart goes with this report, and the answer does not say one does.
    expect(textOf(answer.view)).toContain('The report in Word and Markdown, and its tables (CSV, in a zip).');

    const files = simulator.filesFor(users.chen.id);
    expect(files.map((f) => f.filename).filter((name) => /\.(docx|md)$/.test(name)).sort()).toEqual([`secretary-general-CAT-${reportingYear}.docx`, `secretary-general-CAT-${reportingYear}.md`]);
    expect(new Set(files.map((f) => f.channel))).toEqual(new Set([`D${users.chen.id.slice(1)}`]));
    const markdown = files.find((f) => f.filename.endsWith('.md'))?.bytes?.toString('utf8') ?? '';
    const word = docxParts(files.find((f) => f.filename.endsWith('.docx'))?.bytes as Buffer);
    const everything = [markdown, ...[...word.values()].map((b) => b.toString('utf8'))].join('\n');
    for (const secret of ['Qazwsx', 'Edcrfv', 'Geneva', '5555']) expect(everything).not.toContain(secret);
    expect(simulator.callsOf('chat.postMessage').every((c) => String(c.args.channel).startsWith('U'))).toBe(true);
  });

  it('a member without the rapporteur or chair role is refused and nothing is uploaded', async () => {
    const { simulator, users } = stage;
    await users.maria.command('report-progress');
    await stage.modalWith('maria', 'Only the rapporteurs and the chairs have reports');
    await users.olga.command(`report-progress CAT ${YEAR}`);
    await stage.modalWith('olga', 'Only the rapporteurs and the chair of CAT can have its reports');
    expect(simulator.callsOf('files.getUploadURLExternal')).toEqual([]);
  });

  it('a period it cannot read is explained with an example, before anything is made', async () => {
    await stage.users.chen.command('report-progress CAT last-year');
    await stage.modalWith('chen', '/amparo report-progress CAT 2026-01-01 2026-06-30');
    expect(stage.simulator.callsOf('files.getUploadURLExternal')).toEqual([]);
  });

  it('when Slack refuses the upload, the person is told and no file is shared', async () => {
    const { simulator, users } = stage;
    simulator.failNext('files.completeUploadExternal', { status: 200, body: { ok: false, error: 'internal_error' } });
    await users.chen.command(`report-ga CAT ${YEAR}`);
    await stage.modalWith('chen', 'The report could not be sent to your private chat');
    expect(simulator.filesFor(users.chen.id)).toEqual([]);
  });
});
