import { createHmac } from 'node:crypto';
import type { SlackSimulator, StoredMessage, StoredView } from './simulator';

/**
 * People in a Slack workspace using Amparo: each sends what Slack would send when they type
 * a command, press a button, submit a modal or open the App Home, signed as Slack signs it.
 */
export interface SlackResponse {
  status: number;
  body: string;
  json(): Record<string, unknown>;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  /** Seconds since the epoch to sign with; defaults to now. */
  timestamp?: number;
  secret?: string;
  retryNum?: number;
  headers?: Record<string, string>;
}

type Block = { type: string; block_id?: string; elements?: Array<Record<string, unknown>>; element?: Record<string, unknown> };

export class SlackWorkspace {
  constructor(
    readonly simulator: SlackSimulator,
    readonly eventsUrl: string,
    readonly signingSecret: string,
  ) {}

  async send(body: string, contentType: string, options: SendOptions = {}): Promise<SlackResponse> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const response = await fetch(this.eventsUrl, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(options.secret ?? this.signingSecret, timestamp, body),
        ...(options.retryNum !== undefined ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
        ...options.headers,
      },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text, json: () => (text ? (JSON.parse(text) as Record<string, unknown>) : {}) };
  }

  async sendForm(fields: Record<string, string>, options?: SendOptions): Promise<SlackResponse> {
    return this.send(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
  }

  async sendInteraction(payload: Record<string, unknown>, options?: SendOptions): Promise<SlackResponse> {
    return this.sendForm({ payload: JSON.stringify(payload) }, options);
  }

  user(userId: string, teamId = this.simulator.teamId): SlackUserAgent {
    return new SlackUserAgent(this, userId, teamId);
  }
}

export class SlackUserAgent {
  constructor(
    readonly workspace: SlackWorkspace,
    readonly id: string,
    readonly teamId: string,
  ) {}

  private get simulator(): SlackSimulator {
    return this.workspace.simulator;
  }

  command(text: string, options?: SendOptions & { channel?: string }): Promise<SlackResponse> {
    return this.workspace.sendForm(
      {
        token: 'verification-token-unused',
        team_id: this.teamId,
        team_domain: 'amparo-test',
        channel_id: options?.channel ?? 'C0SESSION1',
        channel_name: 'cat-session',
        user_id: this.id,
        user_name: this.id.toLowerCase(),
        command: '/amparo',
        text,
        api_app_id: 'A0AMPARO1',
        is_enterprise_install: 'false',
        response_url: this.simulator.responseUrl(),
        trigger_id: this.simulator.trigger(this.id),
      },
      options,
    );
  }

  /** The modal this person has open now. */
  modal(): StoredView {
    const view = this.simulator.openModal(this.id);
    if (!view) throw new Error(`${this.id} has no modal open`);
    return view;
  }

  dms(): StoredMessage[] {
    return this.simulator.dmsTo(this.id);
  }

  /**
   * Submits the open modal with these answers (by block id; option values for selects), as
   * Slack builds `view.state.values` from the inputs the modal declares.
   */
  async submit(answers: Record<string, string | string[]>, options?: SendOptions): Promise<SlackResponse> {
    return this.submitView(this.modal(), answers, options);
  }

  /** Submits this one of the person's modals (benchmarks submit several at once). */
  async submitView(stored: StoredView, answers: Record<string, string | string[]>, options?: SendOptions): Promise<SlackResponse> {
    const view = stored.view as { callback_id: string; private_metadata?: string; blocks: Block[] };
    const values: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const block of view.blocks.filter((b) => b.type === 'input')) {
      const element = block.element as { type: string; action_id: string; initial_value?: string; initial_option?: { value: string }; initial_options?: Array<{ value: string }>; initial_date?: string };
      const given = answers[block.block_id as string];
      values[block.block_id as string] = { [element.action_id]: stateOf(element, given) };
    }
    const response = await this.workspace.sendInteraction(
      {
        type: 'view_submission',
        team: { id: this.teamId, domain: 'amparo-test' },
        user: { id: this.id, username: this.id.toLowerCase(), team_id: this.teamId },
        api_app_id: 'A0AMPARO1',
        token: 'verification-token-unused',
        trigger_id: this.simulator.trigger(this.id),
        view: { id: stored.id, team_id: this.teamId, type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata ?? '', hash: 'h', blocks: view.blocks, state: { values } },
      },
      options,
    );
    // Slack applies the acknowledgement: an update replaces the modal, a plain ack closes it.
    if (response.status === 200) {
      const body = response.body ? response.json() : {};
      if (body.response_action === 'update') this.simulator.replaceView(stored.id, body.view as Record<string, unknown>);
      else if (body.response_action !== 'errors') this.simulator.closeView(stored.id);
    }
    return response;
  }

  /**
   * Types `value` into the open modal's select in block `blockId` whose options Amparo serves
   * (`external_select`): Slack asks the app for the options matching it, and shows what comes back.
   */
  async suggest(blockId: string, value: string, options?: SendOptions): Promise<SlackResponse> {
    const view = this.modal();
    const blocks = (view.view as { blocks: Block[] }).blocks;
    const element = blocks.find((b) => b.block_id === blockId)?.element;
    if (element?.type !== 'external_select') throw new Error(`no external_select in block ${blockId} of ${this.id}'s modal`);
    return this.workspace.sendInteraction(
      {
        type: 'block_suggestion',
        team: { id: this.teamId, domain: 'amparo-test' },
        user: { id: this.id, username: this.id.toLowerCase(), name: this.id.toLowerCase(), team_id: this.teamId },
        api_app_id: 'A0AMPARO1',
        token: 'verification-token-unused',
        container: { type: 'view', view_id: view.id },
        action_id: element.action_id,
        block_id: blockId,
        value,
        view: { id: view.id, type: 'modal', ...view.view },
      },
      options,
    );
  }

  /** Uses one of the app's shortcuts: a global one from the shortcuts menu, or (if asked) a message's. */
  async shortcut(callbackId: string, kind: 'global' | 'message' = 'global', options?: SendOptions): Promise<SlackResponse> {
    const common = {
      callback_id: callbackId,
      trigger_id: this.simulator.trigger(this.id),
      team: { id: this.teamId, domain: 'amparo-test' },
      user: { id: this.id, username: this.id.toLowerCase(), team_id: this.teamId },
      api_app_id: 'A0AMPARO1',
      token: 'verification-token-unused',
      action_ts: `${Date.now() / 1000}`,
      is_enterprise_install: false,
    };
    const payload =
      kind === 'global'
        ? { type: 'shortcut', ...common }
        : {
            type: 'message_action',
            ...common,
            channel: { id: 'C0SESSION1', name: 'cat-session' },
            message: { type: 'message', user: 'U0OTHER01', ts: '1700000000.000100', text: 'a message in the channel' },
            message_ts: '1700000000.000100',
            response_url: this.simulator.responseUrl(),
          };
    return this.workspace.sendInteraction(payload, options);
  }

  /** Presses a button found in a DM (the latest one that has it), in the open modal, or in the App Home. */
  async press(actionId: string, where: 'dm' | 'modal' | 'home', value?: string, options?: SendOptions): Promise<SlackResponse> {
    let container: Record<string, unknown>;
    let blocks: Block[];
    let extra: Record<string, unknown> = {};
    if (where === 'dm') {
      const message = [...this.dms()].reverse().find((m) => findButton(m.blocks as Block[], actionId, value));
      if (!message) throw new Error(`no DM to ${this.id} has a button ${actionId} ${value ?? ''}`);
      blocks = message.blocks as Block[];
      container = { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false };
      extra = { channel: { id: message.channel, name: 'directmessage' }, message: { ts: message.ts, text: message.text, blocks: message.blocks }, response_url: this.simulator.responseUrl() };
    } else if (where === 'modal') {
      const view = this.modal();
      blocks = (view.view as { blocks: Block[] }).blocks;
      container = { type: 'view', view_id: view.id };
      extra = { view: { id: view.id, type: 'modal', ...view.view } };
    } else {
      const home = this.simulator.homes.get(this.id);
      if (!home) throw new Error(`${this.id} has no App Home published`);
      blocks = (home as { blocks: Block[] }).blocks;
      container = { type: 'view', view_id: `VHOME${this.id}` };
      extra = { view: { id: `VHOME${this.id}`, type: 'home', ...home } };
    }
    const button = findButton(blocks, actionId, value);
    if (!button) throw new Error(`no button ${actionId} ${value ?? ''} in the ${where} of ${this.id}`);
    return this.workspace.sendInteraction(
      {
        type: 'block_actions',
        team: { id: this.teamId, domain: 'amparo-test' },
        user: { id: this.id, username: this.id.toLowerCase(), team_id: this.teamId },
        api_app_id: 'A0AMPARO1',
        token: 'verification-token-unused',
        container,
        trigger_id: this.simulator.trigger(this.id),
        actions: [{ type: 'button', action_id: button.action_id, block_id: button.block_id, value: button.value, text: button.text, action_ts: `${Date.now() / 1000}` }],
        ...extra,
      },
      options,
    );
  }

  async openHome(options?: SendOptions & { eventId?: string }): Promise<SlackResponse> {
    const body = {
      token: 'verification-token-unused',
      team_id: this.teamId,
      api_app_id: 'A0AMPARO1',
      type: 'event_callback',
      event_id: options?.eventId ?? `Ev${Date.now()}${Math.random().toString(36).slice(2, 8)}`,
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_home_opened', user: this.id, channel: `D${this.id.slice(1)}`, tab: 'home', event_ts: `${Date.now() / 1000}` },
      authorizations: [{ team_id: this.teamId, user_id: this.workspace.simulator.botUserId, is_bot: true }],
    };
    return this.workspace.send(JSON.stringify(body), 'application/json', options);
  }
}

function stateOf(
  element: { type: string; initial_value?: string; initial_option?: { value: string }; initial_options?: Array<{ value: string }>; initial_date?: string },
  given: string | string[] | undefined,
): Record<string, unknown> {
  const type = element.type;
  switch (type) {
    case 'static_select':
    case 'external_select': {
      const value = typeof given === 'string' ? given : element.initial_option?.value;
      return { type, selected_option: value ? { value, text: { type: 'plain_text', text: value } } : null };
    }
    case 'checkboxes':
    case 'multi_static_select': {
      const values = Array.isArray(given) ? given : (element.initial_options ?? []).map((o) => o.value);
      return { type, selected_options: values.map((value) => ({ value, text: { type: 'plain_text', text: value } })) };
    }
    case 'datepicker':
      return { type, selected_date: typeof given === 'string' && given !== '' ? given : (element.initial_date ?? null) };
    case 'users_select':
      return { type, selected_user: typeof given === 'string' && given !== '' ? given : null };
    default:
      return { type, value: typeof given === 'string' ? (given === '' ? null : given) : (element.initial_value ?? null) };
  }
}

function findButton(blocks: Block[], actionId: string, value?: string): { action_id: string; block_id?: string; value?: string; text?: unknown } | undefined {
  for (const block of blocks) {
    if (block.type !== 'actions') continue;
    for (const element of block.elements ?? []) {
      if (element.action_id === actionId && (value === undefined || element.value === value)) {
        return { action_id: actionId, ...(block.block_id ? { block_id: block.block_id } : {}), value: element.value as string, text: element.text };
      }
    }
  }
  return undefined;
}
