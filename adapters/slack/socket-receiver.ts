import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from '../../src/logger';
import { boltLogger } from './logger';

/**
 * Socket Mode, with what Bolt's own receiver lacks here: the Web API base URL is honoured
 * (GovSlack, a proxy), and the connection state is known for /readyz. Silent connections are
 * caught by ping timeouts, after which the client reconnects by itself.
 */
const SERVER_PING_TIMEOUT_MS = 30_000;
const CLIENT_PING_TIMEOUT_MS = 10_000;

/** How soon silence counts as a lost connection; also the step of the reconnection backoff. */
export interface SocketTiming {
  serverPingTimeoutMs: number;
  clientPingTimeoutMs: number;
}

export class SocketReceiver implements Receiver {
  private readonly client: SocketModeClient;
  private app: App | undefined;
  connected = false;

  constructor(options: { appToken: string; clientOptions: WebClientOptions; logger: Logger; timing?: SocketTiming }) {
    const { logger } = options;
    this.client = new SocketModeClient({
      appToken: options.appToken,
      clientOptions: options.clientOptions,
      logger: boltLogger(logger),
      autoReconnectEnabled: true,
      serverPingTimeout: options.timing?.serverPingTimeoutMs ?? SERVER_PING_TIMEOUT_MS,
      clientPingTimeout: options.timing?.clientPingTimeoutMs ?? CLIENT_PING_TIMEOUT_MS,
    });
    this.client.on('connected', () => {
      this.connected = true;
      logger.info({ source: 'slack' }, 'socket mode connected');
    });
    for (const state of ['disconnected', 'reconnecting', 'connecting']) {
      this.client.on(state, () => {
        if (this.connected) logger.warn({ source: 'slack', state }, 'socket mode connection lost');
        this.connected = false;
      });
    }
    this.client.on('slack_event', async (args: { ack: (body?: unknown) => Promise<void>; body: ReceiverEvent['body']; retry_num?: number; retry_reason?: string }) => {
      let acknowledged = false;
      const event: ReceiverEvent = {
        body: args.body,
        ack: async (response) => {
          if (acknowledged) return;
          acknowledged = true;
          await args.ack(response);
        },
        ...(args.retry_num !== undefined ? { retryNum: args.retry_num } : {}),
        ...(args.retry_reason !== undefined ? { retryReason: args.retry_reason } : {}),
      };
      try {
        await this.app?.processEvent(event);
      } catch (error) {
        logger.error({ source: 'slack', err: error instanceof Error ? error.message : 'unknown' }, 'socket mode event failed');
        await event.ack();
      }
    });
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<unknown> {
    return this.client.start();
  }

  async stop(): Promise<void> {
    await this.client.disconnect();
    this.connected = false;
  }
}
