import { CardFactory, MessageFactory, type Activity, type Attachment, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod/v4';
import { runAction } from '../../flows';
import { CHAT_REPORTS } from '../../flows/report.flow';
import { localize, type Viewer } from '../../flows/localize';
import { t, type Delivery, type Reply, type Text } from '../../flows/view';
import { payloadRecord } from '../../flows/form';
import type { TrustedHosts } from '../../src/http/trusted-hosts';
import { viewCard } from './cards/render';
import type { TeamsDeps } from './deps';
import { flowContext } from './people';

/**
 * Files a reply hands over (a report) reach the person's own OneDrive through Teams' file
 * consent: a card asks, and only when they accept does Amparo make the file again (with the
 * permission checked again) and put it at the upload address Teams gives. The charts are
 * shown in the chat itself, as images.
 */
const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

/** What a consent card carries back: how to make the file again. */
const consentContext = z.object({ action: z.string().max(64), arg: z.string().max(200), file: z.string().min(1).max(200) });

const consentAnswer = z.object({
  action: z.enum(['accept', 'decline']),
  context: consentContext,
  uploadInfo: z
    .object({
      uploadUrl: z.url({ protocol: /^https?$/ }),
      contentUrl: z.string().min(1).max(2048),
      name: z.string().min(1).max(400),
      uniqueId: z.string().max(200).optional(),
      fileType: z.string().max(40).optional(),
    })
    .optional(),
});

/** The message with its charts, then one consent card for each other file (the Word document, the Markdown, the tables). */
export function deliveryActivities(reply: Extract<Reply, { kind: 'message' }>, delivery: Delivery, viewer: Viewer): Array<Partial<Activity>> {
  const charts = delivery.files.filter((f) => f.mime === 'image/png');
  const images: Attachment[] = charts.map((chart) => ({ contentType: 'image/png', contentUrl: `data:image/png;base64,${chart.content.toString('base64')}`, name: chart.name }));
  const summary = MessageFactory.attachment(CardFactory.adaptiveCard(viewCard(reply.view, viewer)));
  summary.attachments = [...(summary.attachments ?? []), ...images];
  const cards = delivery.files
    .filter((f) => f.mime !== 'image/png')
    .map((file) =>
      MessageFactory.attachment({
        contentType: FILE_CONSENT,
        name: file.name,
        content: {
          description: localize(t('chat_reports.consent_description'), viewer),
          sizeInBytes: file.content.length,
          acceptContext: { ...delivery.again, file: file.name },
          declineContext: { ...delivery.again, file: file.name },
        },
      }),
    );
  return [summary, ...cards];
}

function notice(title: Text, viewer: Viewer) {
  return MessageFactory.attachment(CardFactory.adaptiveCard(viewCard({ tone: 'info', title, sections: [], buttons: [], sensitive: false }, viewer)));
}

async function answer(context: TurnContext, deps: TeamsDeps, uploadHosts: TrustedHosts): Promise<void> {
  const viewer: Viewer = { locale: context.activity.locale ?? 'en', timeZone: context.activity.localTimezone ?? 'UTC' };
  const parsed = consentAnswer.safeParse(payloadRecord(context.activity.value));
  if (!parsed.success || !Object.hasOwn(CHAT_REPORTS, parsed.data.context.action)) {
    deps.logger.warn({ source: 'teams' }, 'file consent answer not understood');
    return void (await context.sendActivity(notice(t('errors.unknown_action'), viewer)));
  }
  const { action, context: asked, uploadInfo } = parsed.data;
  if (action === 'decline') return void (await context.sendActivity(notice(t('chat_reports.consent_declined', { name: asked.file }), viewer)));
  // The report goes only to the person's OneDrive: an upload address elsewhere gets nothing, and the file is not even made.
  if (uploadInfo && !uploadHosts.trusts(uploadInfo.uploadUrl)) {
    deps.logger.warn({ source: 'teams' }, 'upload address refused: not a OneDrive or SharePoint host');
    return void (await context.sendActivity(notice(t('chat_reports.upload_failed'), viewer)));
  }
  try {
    const ctx = await flowContext(deps.services, deps.logger, context);
    const made = await runAction(ctx, asked.action, asked.arg);
    const file = made.kind === 'message' ? made.delivery?.files.find((f) => f.name === asked.file) : undefined;
    const personal = { locale: ctx.locale, timeZone: ctx.timeZone };
    if (!file || !uploadInfo) {
      const why = made.kind === 'message' && !made.delivery ? made.view.title : t('chat_reports.expired');
      return void (await context.sendActivity(notice(why, personal)));
    }
    const size = file.content.length;
    const put = await fetch(uploadInfo.uploadUrl, {
      method: 'PUT',
      headers: { 'content-length': String(size), 'content-range': `bytes 0-${size - 1}/${size}` },
      body: file.content,
    });
    if (!put.ok) throw new Error(`upload answered ${put.status}`);
    await context.sendActivity(
      MessageFactory.attachment({
        contentType: FILE_INFO,
        contentUrl: uploadInfo.contentUrl,
        name: uploadInfo.name,
        content: { uniqueId: uploadInfo.uniqueId, fileType: uploadInfo.fileType },
      }),
    );
  } catch (error) {
    deps.logger.warn({ source: 'teams', err: error instanceof Error ? error.message : 'unknown' }, 'report file could not be uploaded');
    await context.sendActivity(notice(t('chat_reports.upload_failed'), viewer));
  }
}

/** `uploadHosts`: where a file may be put (OneDrive's and SharePoint's hosts, and those configured). */
export function registerFileConsent(app: Application<TurnState>, deps: TeamsDeps, uploadHosts: TrustedHosts): void {
  app.fileConsentAccept((context) => answer(context, deps, uploadHosts));
  app.fileConsentDecline((context) => answer(context, deps, uploadHosts));
}
