/**
 * Runs at most `limit` tasks at a time in this process; the others wait their turn in order.
 * Finishing acknowledged submissions goes through one of these, so that under a burst the
 * acknowledgements (which must reach the platform within seconds) never queue behind more
 * than a few intakes' database work.
 */
export class Bounded {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('a bound must be a whole number of at least 1');
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next task waiting, or is given back.
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Tasks running or waiting. */
  get size(): number {
    return this.running + this.waiting.length;
  }
}
