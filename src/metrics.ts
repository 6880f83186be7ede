import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What an operator can alert on, served on `/metrics` in Prometheus' text format. Labels name
 * routes, platforms, kinds and outcomes, never a reference, a name or any text a person typed.
 * Each process has its own registry (several processes run side by side; so do tests).
 */
const ROUTES = ['/slack/events', '/api/messages', '/healthz', '/readyz', '/metrics'] as const;

export type MessageOutcome = 'sent' | 'failed';
/** Why a message failed: a refusal that retrying will not mend, one that may pass, or not known. */
export type FailureReason = 'permanent' | 'transient' | 'other' | 'none';
export type IntakeOutcome = 'received' | 'saved' | 'duplicate' | 'refused';

/** Read at each scrape: what only the store knows now. */
export interface ScrapeSources {
  /** Seconds since the oldest reminder that is due was due, 0 when none is waiting. */
  oldestDueReminderSeconds(): Promise<number>;
  heldSubmissions(): Promise<number>;
  /** Pings the database; resolves with the seconds it took, rejects when it does not answer. */
  pingSeconds(): Promise<number>;
  /** 1 while Slack's Socket Mode is connected, 0 while not, undefined without Socket Mode. */
  socketConnected(): boolean | undefined;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Histogram({
    name: 'amparo_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route and platform. For /slack/events this is the acknowledgement Slack waits for (3 s at most).',
    labelNames: ['route', 'platform', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
    registers: [this.registry],
  });
  private readonly intakes = new Counter({
    name: 'amparo_intakes_total',
    help: 'Reports of an allegation: received, saved as a new case, a duplicate of one saved already, or refused.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly messages = new Counter({
    name: 'amparo_messages_total',
    help: 'Messages to people (alerts, notices, reminders) by platform, kind and outcome; failures by reason.',
    labelNames: ['platform', 'kind', 'outcome', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly reminders = new Counter({
    name: 'amparo_reminders_total',
    help: 'Reminders handled by the sweeps, by outcome (sent, deferred, retried, failed, cancelled).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly dbErrors = new Counter({
    name: 'amparo_database_errors_total',
    help: 'Times the database did not answer (a ping at a scrape or a readiness check, or a request).',
    registers: [this.registry],
  });
  private readonly dbPing = new Histogram({
    name: 'amparo_database_ping_seconds',
    help: 'Time the database took to answer a ping.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  /** With `sources`, the process's own (memory, event loop) and the store's figures too. */
  constructor(sources?: ScrapeSources) {
    if (!sources) return;
    collectDefaultMetrics({ register: this.registry, prefix: 'amparo_' });
    this.scraped(sources);
  }

  /** Times one HTTP request; call the result when it is answered. */
  request(route: string, method: string): (status: number) => void {
    const known = (ROUTES as readonly string[]).includes(route) ? route : 'other';
    const platform = known === '/slack/events' ? 'slack' : known === '/api/messages' ? 'teams' : 'none';
    const end = this.requests.startTimer({ route: known, platform, method });
    return (status) => end({ status: String(status) });
  }

  intake(outcome: IntakeOutcome): void {
    this.intakes.inc({ outcome });
  }

  message(platform: string, kind: string, outcome: MessageOutcome, reason: FailureReason = 'none'): void {
    this.messages.inc({ platform, kind, outcome, reason });
  }

  reminder(outcome: string, count = 1): void {
    if (count > 0) this.reminders.inc({ outcome }, count);
  }

  databaseError(): void {
    this.dbErrors.inc();
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private scraped(sources: ScrapeSources): void {
    const registers = [this.registry];
    new Gauge({
      name: 'amparo_reminder_oldest_due_seconds',
      help: 'Age of the oldest reminder that is due and not sent yet: the number to page on (reminders go out every sweep, 30 s by default).',
      registers,
      collect: async function () {
        this.set(await sources.oldestDueReminderSeconds().catch(() => 0));
      },
    });
    new Gauge({
      name: 'amparo_held_submissions',
      help: 'Reports acknowledged to a platform and not yet saved (finished at the next start if a process died).',
      registers,
      collect: async function () {
        this.set(await sources.heldSubmissions().catch(() => 0));
      },
    });
    const ping = this.dbPing;
    const errors = this.dbErrors;
    new Gauge({
      name: 'amparo_database_up',
      help: '1 when the database answered a ping at this scrape, 0 when it did not.',
      registers,
      collect: async function () {
        try {
          ping.observe(await sources.pingSeconds());
          this.set(1);
        } catch {
          errors.inc();
          this.set(0);
        }
      },
    });
    new Gauge({
      name: 'amparo_slack_socket_connected',
      help: '1 while the Slack Socket Mode connection is up, 0 while it is down; absent without Socket Mode.',
      registers,
      collect: function () {
        const connected = sources.socketConnected();
        if (connected !== undefined) this.set(connected ? 1 : 0);
      },
    });
  }
}

/** Metrics that count nothing, for services used without a server (tests, the command line). */
export const noMetrics = new Metrics();
