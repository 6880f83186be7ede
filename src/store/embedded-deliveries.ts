import type { DeliveryClaims } from './store';
import type { Documents, EmbeddedData } from './embedded-data';

type DeliveryKey = Documents['deliveries'];

/** How the delivery keys reach the journal: the store's own writes. */
export interface DeliveryWrites {
  save(doc: DeliveryKey): Promise<void>;
  drop(key: string): Promise<void>;
}

/**
 * Platform delivery keys and message claims on the embedded store. As MongoDB's TTL index does,
 * a key is forgotten once it is older than its lifetime: one past it counts as absent (it can
 * be claimed again), and leaves the file with the write that finds it. "Now" is the latest
 * claim's time, as the services' clock gave it: the store has no clock of its own.
 */
export class DeliveryKeys {
  private newest = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly data: EmbeddedData,
    private readonly lifetimeMs: number,
    private readonly writes: DeliveryWrites,
  ) {}

  /** After the keys were read from a file. */
  loaded(): void {
    for (const key of this.data.tables.deliveries.values()) this.newest = Math.max(this.newest, key.at.getTime());
  }

  async claim(key: string, at: Date): Promise<boolean> {
    if (this.held(key, at)) return false;
    await Promise.all([this.take(key, at), ...this.forgetOld(at)]);
    return true;
  }

  async claimMany(keys: string[], at: Date, lapsedBefore: Date): Promise<DeliveryClaims> {
    const claimed: string[] = [];
    const lapsed: string[] = [];
    const sent: string[] = [];
    const writes: Promise<void>[] = [];
    for (const key of keys) {
      const held = this.held(key, at);
      if (held?.sentAt) sent.push(key);
      // Unheld, or its sender died before marking it sent: the claim is taken (over).
      else if (!held || held.at.getTime() <= lapsedBefore.getTime()) {
        (held ? lapsed : claimed).push(key);
        writes.push(this.take(key, at));
      }
    }
    await Promise.all([...writes, ...this.forgetOld(at)]);
    return { claimed: [...claimed, ...lapsed], sent };
  }

  async markDelivered(keys: string[], at: Date, shown: Record<string, Record<string, string>> = {}): Promise<void> {
    const writes: Promise<void>[] = [];
    for (const key of new Set(keys)) {
      const held = this.data.get('deliveries', key);
      const message = shown[key];
      if (held) writes.push(this.writes.save({ ...held, sentAt: at, ...(message ? { message } : {}) }));
    }
    await Promise.all(writes);
  }

  /** The messages sent under keys starting with `prefix`, with where each is shown. */
  shownWithPrefix(prefix: string): Array<{ key: string; message: Record<string, string> }> {
    const found: Array<{ key: string; message: Record<string, string> }> = [];
    for (const [key, doc] of this.data.tables.deliveries) if (key.startsWith(prefix) && doc.message) found.push({ key, message: { ...doc.message } });
    return found;
  }

  /** The key's record, unless it has none or is past its lifetime. */
  private held(key: string, now: Date): DeliveryKey | undefined {
    const held = this.data.get('deliveries', key);
    return held && !this.pastLifetime(held, now.getTime()) ? held : undefined;
  }

  /** A claim from `at`, moved to the end of the claiming order (its lifetime starts again). */
  private take(key: string, at: Date): Promise<void> {
    this.data.remove('deliveries', key);
    return this.writes.save({ _id: key, at });
  }

  /**
   * The keys past their lifetime at the latest claim time leave, oldest first (the map is in
   * claiming order), so each goes once and a claim never scans the others.
   */
  private forgetOld(at: Date): Promise<void>[] {
    this.newest = Math.max(this.newest, at.getTime());
    const forgotten: Promise<void>[] = [];
    for (const [key, stamp] of this.data.tables.deliveries) {
      if (!this.pastLifetime(stamp, this.newest)) break;
      forgotten.push(this.writes.drop(key));
    }
    return forgotten;
  }

  private pastLifetime(key: DeliveryKey, now: number): boolean {
    return key.at.getTime() <= now - this.lifetimeMs;
  }
}
