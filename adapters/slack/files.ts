import type { WebClient } from '@slack/web-api';
import type { Viewer } from '../../flows/localize';
import { fallbackText } from './render/blocks';
import { message, t, type Delivery, type Reply } from '../../flows/view';
import type { Logger } from '../../src/logger';

/**
 * Files a reply hands over (a report) go to the person's own DM with Amparo, never to a
 * channel: a short message first (its answer names the DM), then the files in one upload.
 * The answer to show in the modal says whether they arrived.
 */
export async function deliverPrivately(client: WebClient, userId: string, reply: Extract<Reply, { kind: 'message' }>, delivery: Delivery, viewer: Viewer, logger: Logger): Promise<Reply> {
  try {
    const posted = await client.chat.postMessage({ channel: userId, text: fallbackText(reply.view, viewer) });
    if (!posted.channel) throw new Error('no DM channel in the answer');
    await client.filesUploadV2({
      channel_id: posted.channel,
      file_uploads: delivery.files.map((file) => ({ file: file.content, filename: file.name, title: file.name })),
    });
    return reply;
  } catch (error) {
    logger.warn({ source: 'slack', err: error instanceof Error ? error.message : 'unknown' }, 'report files could not be uploaded');
    return message('error', t('chat_reports.upload_failed'));
  }
}
