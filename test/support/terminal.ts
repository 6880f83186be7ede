import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Drives the real Amparo process through its stdin and stdout, as a person at a terminal
 * would. Synchronisation is on the prompt Amparo prints when it is ready for the next line,
 * never on time.
 */
const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');
const PROMPT = /(?:^|\n)[a-z]*> /g;
const WAIT_MS = 20000;

export class Terminal {
  private text = '';
  private readonly waiters = new Set<() => void>();
  private exited: Promise<number>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.received(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => this.received(chunk));
    this.exited = new Promise((resolve) => child.on('exit', (code) => {
      this.received('');
      resolve(code ?? -1);
    }));
  }

  /** Starts Amparo with exactly this environment (plus PATH), so nothing leaks in from CI. */
  static start(env: Record<string, string>): Terminal {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm test", which builds before testing`);
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
    return new Terminal(child);
  }

  get transcript(): string {
    return this.text;
  }

  private received(chunk: string): void {
    this.text += chunk;
    for (const wake of [...this.waiters]) wake();
  }

  private prompts(): number {
    return this.text.match(PROMPT)?.length ?? 0;
  }

  /** Resolves when `done` holds, re-checking whenever output arrives; fails with the transcript. */
  private until(done: () => boolean, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const wake = () => {
        if (!done() && this.child.exitCode === null) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
        if (done()) resolve();
        else reject(new Error(`Amparo exited while waiting for ${what}.\n--- transcript ---\n${this.text}`));
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`Gave up waiting for ${what}.\n--- transcript (end) ---\n${this.text.slice(-3000)}`));
      }, WAIT_MS);
      this.waiters.add(wake);
    });
  }

  /** Waits until the output matches, e.g. a server's banner (servers print no prompt). */
  async waitForOutput(pattern: RegExp): Promise<string> {
    await this.until(() => pattern.test(this.text), String(pattern));
    return this.text;
  }

  /** Stops a server as an orchestrator would. */
  async terminate(): Promise<number> {
    this.child.kill('SIGTERM');
    return this.exited;
  }

  /** Waits for the first prompt: Amparo has started and is listening. */
  async ready(): Promise<string> {
    await this.until(() => this.prompts() > 0, 'the first prompt');
    return this.text;
  }

  /** Types one line and returns what Amparo printed until it asked for the next. */
  async type(line: string): Promise<string> {
    const before = this.prompts();
    const start = this.text.length;
    this.child.stdin.write(`${line}\n`);
    await this.until(() => this.prompts() > before, `the prompt after "${line}"`);
    return this.text.slice(start);
  }

  /** Types several lines, one after the other, and returns everything printed meanwhile. */
  async typeAll(lines: string[]): Promise<string> {
    let out = '';
    for (const line of lines) out += await this.type(line);
    return out;
  }

  async quit(): Promise<number> {
    this.child.stdin.write('/quit\n');
    this.child.stdin.end();
    return this.exited;
  }

  async exitCode(): Promise<number> {
    this.child.stdin.end();
    return this.exited;
  }
}
