import { z } from 'zod/v4';
import { MongoStore, type IndexState } from '../store/mongo-store';
import { EXIT } from '../startup';
import { lostStore, parseArguments } from './admin-context';
import { print, withRecord, type Say } from './shared';

/**
 * `amparo db indexes`: the indexes the MongoDB store relies on, and which the database has.
 * Without `--create` it changes nothing and exits 1 when one is missing (a check for cron or
 * a deployment pipeline); with `--create` it creates the missing ones, as start does.
 */
const indexArguments = z.object({ create: z.boolean().optional() });

function line(say: Say, index: IndexState): string {
  const key = Object.entries(index.key).map(([field, order]) => `${field}:${order}`).join(', ');
  return say(index.present ? 'cli.admin.index_present' : 'cli.admin.index_missing', { collection: index.collection, name: index.name, key, unique: index.unique ? say('cli.admin.index_unique') : '' });
}

export async function dbIndexes(raw: unknown): Promise<number> {
  const parsed = parseArguments(indexArguments, raw);
  if (!parsed.ok) return parsed.code;
  return withRecord(
    async ({ store, say }) => {
      if (!(store instanceof MongoStore)) {
        print(say('cli.admin.indexes_embedded'));
        return EXIT.ok;
      }
      const before = await store.indexes();
      for (const index of before) print(line(say, index));
      const missing = before.filter((i) => !i.present);
      if (missing.length === 0) {
        print(say('cli.admin.indexes_complete', { count: before.length }));
        return EXIT.ok;
      }
      if (!parsed.value.create) {
        process.stderr.write(`${say('cli.admin.indexes_incomplete', { missing: missing.length, count: before.length })}\n`);
        return EXIT.failed;
      }
      const created = await store.createMissingIndexes();
      const still = (await store.indexes()).filter((i) => !i.present);
      print(say('cli.admin.indexes_created', { count: created.length, names: created.join(', ') }));
      if (still.length > 0) {
        process.stderr.write(`${say('cli.admin.indexes_incomplete', { missing: still.length, count: before.length })}\n`);
        return EXIT.failed;
      }
      return EXIT.ok;
    },
    { init: false },
  ).catch(lostStore);
}
