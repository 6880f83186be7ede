import { join } from 'node:path';
import type { Config } from '../config';
import { EmbeddedStore } from './embedded-store';
import { MongoStore } from './mongo-store';
import type { Store } from './store';

/**
 * The store the configuration names. Kept apart from the composition root so that the command
 * line opens the record without loading the chat platforms' libraries.
 */

/** Connected, without its indexes checked or created (`amparo db indexes` looks first). */
export async function connectStore(config: Config): Promise<Store> {
  const { deliveryKeyDays } = config.store;
  return config.store.kind === 'mongodb'
    ? MongoStore.connect(config.store.uri, config.store.database, deliveryKeyDays ? { deliveryKeyDays } : {})
    : new EmbeddedStore(join(config.store.dataDir, 'store.json'), deliveryKeyDays ? { deliveryKeyDays } : {});
}

export async function openStore(config: Config): Promise<Store> {
  const store = await connectStore(config);
  await store.init();
  return store;
}
