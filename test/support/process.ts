import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The real Amparo server process (dist/src/main.js), for drills that kill it. Synchronisation is
 * on what it prints (the banner, its exit), never on time.
 */
const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');
const WAIT_MS = 30_000;

export class AmparoProcess {
  private output = '';
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => this.received(chunk));
    }
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        this.received('');
        resolve({ code, signal });
      }),
    );
  }

  /** Starts the server with exactly this environment (plus PATH); resolves once it says it listens. */
  static async start(env: Record<string, string>): Promise<AmparoProcess> {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm test", which builds before testing`);
    const process_ = new AmparoProcess(spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' }));
    await process_.until(() => /Health checks: http:\/\/localhost:\d+/.test(process_.output), 'the banner');
    return process_;
  }

  get transcript(): string {
    return this.output;
  }

  private received(chunk: string): void {
    this.output += chunk;
    for (const wake of [...this.waiters]) wake();
  }

  until(done: () => boolean, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const wake = () => {
        if (!done() && this.child.exitCode === null && this.child.signalCode === null) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
        if (done()) resolve();
        else reject(new Error(`Amparo exited while waiting for ${what}.\n--- output ---\n${this.output}`));
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`Amparo never showed ${what}.\n--- output ---\n${this.output}`));
      }, WAIT_MS);
      this.waiters.add(wake);
    });
  }

  /** SIGKILL: no handler runs, nothing is flushed, as when a machine loses power. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, and the exit code. */
  async terminate(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return (await this.exited).code;
  }
}
