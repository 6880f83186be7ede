/**
 * Waiting for something a simulator observes: the condition is checked again each time the
 * simulator records a call (`wake()`), never on a timer. The timeout only ends a hopeless wait.
 */
export class Waiter {
  private readonly waiters = new Set<() => void>();

  constructor(private readonly describe: () => string) {}

  /** Called by the simulator after everything it records. */
  wake(): void {
    for (const wake of [...this.waiters]) wake();
  }

  until<T>(condition: () => T | undefined | false, what: string, timeoutMs = 10000): Promise<T> {
    const now = condition();
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const wake = () => {
        const result = condition();
        if (!result) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(result);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`Never saw ${what}. ${this.describe()}`));
      }, timeoutMs);
      this.waiters.add(wake);
    });
  }
}
