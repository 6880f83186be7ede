import { PNG } from 'pngjs';
import { teamsStage, type TeamsStage } from '../../support/teams/harness';
import type { ConnectorCall, TeamsUser } from '../../support/teams/connector';
import { unzip } from '../../support/unzip';
import { docxParts } from '../../support/docx';

/**
 * Reports asked for in Teams (G15, G25, G32): the chart is shown in the personal chat, and the
 * report and its tables go to the person's own OneDrive only after they accept Teams' file
 * consent card; Amparo makes each file again then, with the permission checked again.
 */
const YEAR = new Date().getUTCFullYear();
const FILES = { word: `progress-CAT-${YEAR}.docx`, markdown: `progress-CAT-${YEAR}.md`, tables: `progress-CAT-${YEAR}-tables.zip`, charts: [`progress-CAT-${YEAR}.png`, `progress-CAT-${YEAR}-states.png`, `progress-CAT-${YEAR}-actions.png`] };

const text = (value: unknown) => JSON.stringify(value) ?? '';
type Attachment = { contentType: string; name?: string; contentUrl?: string; content?: Record<string, unknown> };
const attachmentsOf = (call: ConnectorCall | undefined) => ((call?.body.attachments as Attachment[] | undefined) ?? []);

describe('Teams: reports in chat', () => {
  let stage: TeamsStage;

  beforeEach(async () => {
    stage = await teamsStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  const sentTo = (user: TeamsUser) => stage.connector.calls.filter((c) => c.method === 'POST' && c.body.type === 'message' && c.conversationId === `a:personal-${user.aadObjectId}`);

  async function ask(user: TeamsUser, command: string): Promise<ConnectorCall[]> {
    const before = sentTo(user).length;
    await stage.client.say(user, command);
    return stage.connector.waitFor(() => (sentTo(user).length > before ? sentTo(user).slice(before) : undefined), `the answer to "${command}"`);
  }

  it('G15/G32: the charts show in the chat, and each file (Word, Markdown, tables) is uploaded once the rapporteur accepts', async () => {
    const { client, connector, users } = stage;
    const answer = await ask(users.amina, `report-progress CAT ${YEAR}`);
    await connector.waitFor(() => sentTo(users.amina).length >= 4, 'the summary and three consent cards');
    const sent = sentTo(users.amina);
    const summary = attachmentsOf(answer[0]);
    expect(text(summary)).toContain('Progress report on intimidation and reprisals — CAT');
    const charts = summary.filter((a) => a.contentType === 'image/png');
    expect(charts.map((a) => a.name)).toEqual(FILES.charts);
    for (const chart of charts) {
      // Teams shows an inline image up to 1024 pixels wide.
      const png = PNG.sync.read(Buffer.from((chart.contentUrl ?? '').replace(/^data:image\/png;base64,/, ''), 'base64'));
      expect(png.width).toBeLessThanOrEqual(1024);
    }

    const consents = sent.flatMap(attachmentsOf).filter((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    expect(consents.map((a) => a.name)).toEqual([FILES.word, FILES.markdown, FILES.tables]);
    // Nothing is uploaded before the person agrees.
    expect(connector.uploads.size).toBe(0);

    for (const consent of consents) {
      const accepted = await client.fileConsent(users.amina, 'accept', consent.content?.acceptContext, String(consent.name));
      expect(accepted.status).toBe(200);
      const uploaded = connector.uploads.get(String(consent.name));
      expect(uploaded?.bytes.length).toBe(consent.content?.sizeInBytes);
      expect(uploaded?.contentRange).toBe(`bytes 0-${(uploaded?.bytes.length ?? 0) - 1}/${uploaded?.bytes.length}`);
    }
    expect(connector.uploads.get(FILES.markdown)?.bytes.toString('utf8')).toMatch(/\| Allegations received \| 0 \|/);
    expect([...unzip(connector.uploads.get(FILES.tables)?.bytes as Buffer).keys()]).toContain('summary.csv');
    expect([...docxParts(connector.uploads.get(FILES.word)?.bytes as Buffer).keys()]).toContain('word/document.xml');
    await connector.waitFor(() => sentTo(users.amina).flatMap(attachmentsOf).filter((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.info').length === 3, 'three file cards');
  });

  it('G15, G25: the chair gets the contribution to the Secretary-General\'s report: no chart, and its Word document, Markdown and tables once accepted', async () => {
    const { client, connector, users } = stage;
    const now = new Date();
    // The reporting year runs from 1 May to 30 April and is named after the year it ends in.
    const reportingYear = now.getUTCMonth() >= 4 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
    const answer = await ask(users.chen, `report-sg CAT ${reportingYear}`);
    await connector.waitFor(() => sentTo(users.chen).length >= 4, 'the summary and three consent cards');
    const summary = attachmentsOf(answer[0]);
    expect(text(summary)).toContain('Contribution to the Secretary-General’s report on reprisals — CAT');
    expect(text(summary)).toContain('The report in Word and Markdown, and its tables (CSV, in a zip).');
    expect(summary.filter((a) => a.contentType === 'image/png')).toEqual([]);
    const stem = `secretary-general-CAT-${reportingYear}`;
    const consents = sentTo(users.chen).flatMap(attachmentsOf).filter((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    expect(consents.map((a) => a.name)).toEqual([`${stem}.docx`, `${stem}.md`, `${stem}-tables.zip`]);
    for (const consent of consents) {
      expect((await client.fileConsent(users.chen, 'accept', consent.content?.acceptContext, String(consent.name))).status).toBe(200);
      expect(connector.uploads.get(String(consent.name))?.bytes.length).toBe(consent.content?.sizeInBytes);
    }
    expect([...docxParts(connector.uploads.get(`${stem}.docx`)?.bytes as Buffer).keys()]).toContain('word/document.xml');
  });

  it('a declined card uploads nothing and says so', async () => {
    const { client, connector, users } = stage;
    await ask(users.chen, `report-ga CAT ${YEAR}`);
    const consent = await connector.waitFor(() => sentTo(users.chen).flatMap(attachmentsOf).find((a) => a.contentType.endsWith('file.consent')), 'a consent card');
    const before = sentTo(users.chen).length;
    expect((await client.fileConsent(users.chen, 'decline', consent.content?.declineContext, String(consent.name))).status).toBe(200);
    await connector.waitFor(() => text(sentTo(users.chen).slice(before)).includes('was not uploaded'), 'the notice');
    expect(connector.uploads.size).toBe(0);
  });

  it('G8: a consent accepted after the role ended makes no file', async () => {
    const { client, connector, users, people, amparo } = stage;
    await ask(users.amina, `report-progress CAT ${YEAR}`);
    const consent = await connector.waitFor(() => sentTo(users.amina).flatMap(attachmentsOf).find((a) => a.contentType.endsWith('file.consent')), 'a consent card');
    const stored = await amparo.store.getPerson(people.amina._id);
    if (!stored) throw new Error('amina is not stored');
    const ended = { ...stored, version: stored.version + 1, roles: stored.roles.map((r) => ({ ...r, end: new Date(Date.now() - 1000) })) };
    expect(await amparo.store.replacePerson(ended, stored.version)).toBe(true);
    const before = sentTo(users.amina).length;
    await client.fileConsent(users.amina, 'accept', consent.content?.acceptContext, String(consent.name));
    await connector.waitFor(() => text(sentTo(users.amina).slice(before)).includes('Only the rapporteurs and the chair'), 'the refusal');
    expect(connector.uploads.size).toBe(0);
  });

  it('a forged consent answer naming another action is refused', async () => {
    const { client, connector, users } = stage;
    const before = sentTo(users.amina).length;
    await client.fileConsent(users.amina, 'accept', { action: 'case.close', arg: `CAT-${YEAR}-0001`, file: 'x.md' }, 'x.md');
    await connector.waitFor(() => text(sentTo(users.amina).slice(before)).includes('This button is no longer valid'), 'the refusal');
    expect(connector.uploads.size).toBe(0);
  });
});
