import type { Clock } from '../clock';
import { eventDeliveryKey } from '../domain/delivery-key';
import type { TeamsIdentity } from '../domain/identity';
import type { Platform } from '../domain/roles';
import type { Store } from '../store/store';

/**
 * What the adapters keep for themselves in the store, and nothing about cases: the events a
 * platform delivered (to handle each once, however often it is delivered again), and where each
 * person can be reached proactively (Teams conversation references, kept in the store so a
 * restart or a second replica still reaches them).
 */
export class PlatformRecords {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  /** True for the first delivery of a platform's event, false for every later one. */
  firstDelivery(platform: Platform, eventId: string): Promise<boolean> {
    return this.deps.store.claimDelivery(eventDeliveryKey(platform, eventId), this.deps.clock.now());
  }

  /** Keeps the newest conversation reference for a person on Teams (opaque here). */
  keepConversation(identity: TeamsIdentity, reference: Record<string, unknown>): Promise<void> {
    return this.deps.store.saveConversation(identity, reference, this.deps.clock.now());
  }

  conversation(identity: TeamsIdentity): Promise<Record<string, unknown> | null> {
    return this.deps.store.getConversation(identity);
  }
}
