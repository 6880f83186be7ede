import type { WebClient } from '@slack/web-api';
import type { Viewer } from '../../flows/localize';
import type { Reply } from '../../flows/view';
import type { Logger } from '../../src/logger';
import { replyModal, workingModal } from './render/modal';

/**
 * Every answer that may hold details or a form is shown in a modal, never in a channel.
 * A trigger id lasts three seconds, so a "working…" modal opens at once and the answer
 * replaces it when ready (docs/ARCHITECTURE.md, "Pitfalls").
 */
export async function openWorking(client: WebClient, triggerId: string, viewer: Viewer, stacked: boolean, logger: Logger): Promise<string | undefined> {
  try {
    const opened = stacked
      ? await client.views.push({ trigger_id: triggerId, view: workingModal(viewer) })
      : await client.views.open({ trigger_id: triggerId, view: workingModal(viewer) });
    return opened.view?.id;
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : 'unknown' }, 'could not open a modal');
    return undefined;
  }
}

export async function showInModal(client: WebClient, viewId: string, reply: Reply, viewer: Viewer): Promise<void> {
  await client.views.update({ view_id: viewId, view: replyModal(reply, viewer) });
}
