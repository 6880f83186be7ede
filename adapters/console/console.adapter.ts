import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { runAction, runCommand, submitForm, notificationView, type FlowContext } from '../../flows';
import { ACTIONS } from '../../flows/actions';
import { localize, type Viewer } from '../../flows/localize';
import { t, type Button, type Reply, type Text, type Vars } from '../../flows/view';
import { consoleHandleIn, consoleIdentity, userOf } from '../../src/domain/identity';
import type { Person } from '../../src/domain/roles';
import type { Logger } from '../../src/logger';
import type { Services } from '../../src/services';
import type { Notification } from '../../src/services/notifications';
import { FormSession } from './form-session';
import { ConsoleInbox } from './inbox';
import { renderFormHeader, renderMessage, renderQuestion, renderReview, renderSuggestions } from './render';

export interface ConsoleOptions {
  services: Services;
  input: Readable;
  output: Writable;
  logger: Logger;
  /** Who is at the keyboard at first, by console handle. */
  startAs?: string;
}

/** How many States are suggested for an answer that named none. */
const SUGGESTIONS = 5;

/**
 * The console adapter: one person at a keyboard plays every role (`/as <name>`). It only
 * translates: typed lines become flow calls, replies become text, notifications land in
 * the recipient's inbox. Lines are handled strictly one after another.
 */
export class ConsoleAdapter {
  readonly inbox: ConsoleInbox;
  private person: Person | undefined;
  private session: FormSession | undefined;
  private buttons: Button[] = [];
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: ConsoleOptions) {
    this.inbox = new ConsoleInbox((recipient, notification) => this.delivered(recipient, notification));
  }

  /** Runs until the input ends or the person types /quit; resolves when every line is handled. */
  async run(): Promise<void> {
    if (this.options.startAs) await this.switchTo(this.options.startAs);
    this.say(t('console.prompt_hint'));
    this.prompt();
    const lines = createInterface({ input: this.options.input, terminal: false, crlfDelay: Infinity });
    await new Promise<void>((resolve) => {
      lines.on('line', (line) => {
        this.queue = this.queue.then(() => (this.closed ? undefined : this.handle(line)));
      });
      lines.on('close', () => void this.queue.then(resolve));
      this.done = () => {
        lines.close();
      };
    });
  }

  private done: () => void = () => undefined;

  private get viewer(): Viewer {
    return { locale: this.person?.locale ?? 'en', timeZone: this.person?.timeZone ?? 'UTC' };
  }

  private write(text: string): void {
    this.options.output.write(`${text}\n`);
  }

  private say(text: Text): void {
    this.write(localize(text, this.viewer));
  }

  private prompt(): void {
    if (this.closed) return;
    const handle = (this.person && consoleHandleIn(this.person.identityKeys)) ?? '';
    this.options.output.write(`${handle}> `);
  }

  private async handle(line: string): Promise<void> {
    try {
      await this.dispatch(line.trim());
    } catch (error) {
      // Flows answer their own errors; this catches the adapter's (a lost store on /as).
      this.options.logger.error({ err: error instanceof Error ? error.message : 'unknown' }, 'console command failed');
      this.say(t('errors.store_unavailable'));
    }
    this.prompt();
  }

  private async dispatch(line: string): Promise<void> {
    if (line === '/quit' || line === '/exit') return this.quit();
    if (this.session) return this.continueForm(line);
    if (line === '') return;
    const [command = '', ...rest] = line.split(/\s+/);
    const argument = rest.join(' ');
    switch (command) {
      case '/as':
        return this.switchTo(argument);
      case '/who':
        return this.who();
      case '/inbox':
        return this.showInbox(true);
      case '/help':
        return this.act((ctx) => runAction(ctx, ACTIONS.help, ''));
      case '/lang':
        return this.act((ctx) => runAction(ctx, ACTIONS.language, argument));
      case '/amparo':
        return this.act((ctx) => runCommand(ctx, argument));
    }
    if (/^\d+$/.test(line)) {
      const button = this.buttons[Number(line) - 1];
      if (!button) return this.say(t('console.no_button', { number: line }));
      return this.act((ctx) => runAction(ctx, button.action, button.arg));
    }
    this.say(t('console.unknown_input'));
  }

  private quit(): void {
    this.say(t('console.goodbye'));
    this.closed = true;
    this.done();
  }

  private async switchTo(handle: string): Promise<void> {
    const person = await this.options.services.people.byIdentity(consoleIdentity(handle));
    if (!person) return this.say(t('console.unknown_person', { handle }));
    this.person = person;
    this.session = undefined;
    this.buttons = [];
    this.say(t('console.acting_as', { name: person.displayName }));
    await this.showInbox(false);
  }

  private async who(): Promise<void> {
    this.say(t('console.who_title'));
    for (const person of await this.options.services.people.withRoles()) {
      const handle = consoleHandleIn(person.identityKeys);
      if (handle !== undefined) this.say(t('console.who_line', { handle, name: person.displayName }));
    }
  }

  private async showInbox(sayWhenEmpty: boolean): Promise<void> {
    if (!this.person) return this.say(t('console.need_person'));
    const waiting = this.inbox.take(this.person._id);
    if (waiting.length === 0) {
      if (sayWhenEmpty) this.say(t('console.inbox_empty', { name: this.person.displayName }));
      return;
    }
    this.say(t('console.inbox_title', { name: this.person.displayName, count: waiting.length }));
    for (const notification of waiting) this.showNotification(notification);
  }

  private showNotification(notification: Notification): void {
    const view = notificationView(notification);
    this.write(renderMessage(view, this.viewer, t('console.private_message', { name: this.person?.displayName ?? '' })));
    this.buttons = view.buttons;
  }

  /** A DM for the person at the keyboard shows at once; others wait in their inbox. */
  private delivered(recipient: Person, notification: Notification): void {
    if (recipient._id === this.person?._id) {
      this.inbox.take(recipient._id);
      this.showNotification(notification);
      return;
    }
    const handle = consoleHandleIn(recipient.identityKeys) ?? '';
    const vars: Vars = { name: recipient.displayName, count: this.inbox.count(recipient._id), handle };
    this.say(t('console.new_messages', vars));
  }

  private async context(): Promise<FlowContext | undefined> {
    if (!this.person) {
      this.say(t('console.need_person'));
      return undefined;
    }
    // Roles may have changed since the last line: always act with the stored person.
    const person = (await this.options.services.people.byIdentity(this.person.identityKeys[0] as string)) ?? this.person;
    this.person = person;
    const { services, logger } = this.options;
    // The console knows nobody it has not been told about: a new person is named by their handle.
    const profileOf = async (key: string) => ({ displayName: userOf(key) ?? key });
    return { person, actor: services.people.actor(person), locale: person.locale, timeZone: person.timeZone, services, logger, profileOf };
  }

  private async act(run: (ctx: FlowContext) => Promise<Reply>): Promise<void> {
    const ctx = await this.context();
    if (ctx) this.show(await run(ctx));
  }

  private show(reply: Reply): void {
    if (reply.kind === 'message' && reply.delivery) {
      // A report: the terminal is the person's own, so its text is shown here.
      this.write(renderMessage({ ...reply.view, sections: [] }, this.viewer));
      for (const file of reply.delivery.files.filter((f) => f.mime === 'text/markdown')) this.write(file.content.toString('utf8'));
      this.say(t('console.report_files'));
      this.buttons = [];
      return;
    }
    if (reply.kind === 'message') {
      this.write(renderMessage(reply.view, this.viewer));
      this.buttons = reply.view.buttons;
      return;
    }
    this.session = new FormSession(reply);
    this.write(renderFormHeader(reply.form, this.viewer));
    this.ask();
  }

  private ask(): void {
    const session = this.session;
    if (!session) return;
    if (session.reviewing) this.write(renderReview(session.reply.form, session.values, this.viewer));
    else this.write(renderQuestion(session.reply.form, session.index, session.values, this.viewer));
  }

  private async continueForm(line: string): Promise<void> {
    const session = this.session as FormSession;
    if (line === '/cancel') {
      this.session = undefined;
      return this.say(t('console.form_cancelled'));
    }
    if (line === '/back') {
      session.back();
      return this.ask();
    }
    if (session.reviewing) return this.review(session, line);
    const field = session.field;
    const error = session.answer(line);
    if (error) this.say(error);
    // A State not recognised as typed: the nearest ones, to type as shown.
    const near = error && field.search && line !== '' ? field.search.find(line, this.viewer.locale, SUGGESTIONS) : [];
    if (near.length > 0) this.write(renderSuggestions(near, this.viewer));
    this.ask();
  }

  private async review(session: FormSession, line: string): Promise<void> {
    if (/^\d+$/.test(line)) {
      session.revise(Number(line));
      return this.ask();
    }
    if (line.toLowerCase() !== 'yes') return this.ask();
    this.say(t('console.form_saving'));
    const ctx = await this.context();
    if (!ctx) return;
    const { form, context } = session.reply;
    const reply = await submitForm(ctx, form.id, context, session.values, session.submissionKey);
    if (reply.kind === 'message') {
      this.session = undefined;
      return this.show(reply);
    }
    if (reply.formError) {
      this.say(reply.formError);
      session.reply = reply;
      session.reviewing = true;
      return this.say(t('console.form_retry'));
    }
    for (const [name, error] of Object.entries(session.showErrors(reply))) {
      const field = reply.form.fields.find((f) => f.name === name);
      this.write(`${field ? localize(field.label, this.viewer) : name}: ${localize(error, this.viewer)}`);
    }
    this.ask();
  }
}
