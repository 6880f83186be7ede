import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegisterEvent } from '../../src/domain/register';
import { changeLine, commitLine } from '../../src/store/embedded-format';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { readSnapshot } from '../../src/store/json-file';
import { MongoStore } from '../../src/store/mongo-store';
import type { Store } from '../../src/store/store';
import { openTestDatabase } from './test-db';

/**
 * The two stores every contract and integration suite runs on. The MongoDB one is a fresh
 * database on the real server the global setup started; the embedded one keeps its file in
 * a temporary folder, so persistence is exercised too.
 */
export interface StoreUnderTest {
  store: Store;
  /** Every stored document, as the database or file holds it (for at-rest checks). */
  rawDump(): Promise<string>;
  /** A new connection to the same data, as after a restart; `dispose` closes it too. */
  reopen(): Promise<Store>;
  /**
   * Changes (or deletes) one register entry behind Amparo's back, as someone with write
   * access to the database could; read the result through `reopen`.
   */
  tamperEvent(caseId: string, seq: number, edit: Record<string, unknown> | 'delete'): Promise<void>;
  dispose(): Promise<void>;
}

export type StoreKind = 'embedded' | 'mongodb';
export const STORE_KINDS: StoreKind[] = ['embedded', 'mongodb'];

export async function openStore(kind: StoreKind, label: string): Promise<StoreUnderTest> {
  if (kind === 'embedded') {
    const dir = await mkdtemp(join(tmpdir(), 'amparo-embedded-'));
    const file = join(dir, 'store.json');
    const store = new EmbeddedStore(file);
    await store.init();
    const reopened: Store[] = [];
    return {
      store,
      reopen: async () => {
        const again = new EmbeddedStore(file);
        await again.init();
        reopened.push(again);
        return again;
      },
      // As someone who can write the file and knows its format would: append a batch that
      // restates (or removes) the entry; the journal's last word on a document wins.
      tamperEvent: async (caseId, seq, edit) => {
        await store.close();
        const events = ((await readSnapshot(file))?.events ?? []) as RegisterEvent[];
        const target = events.find((e) => e.caseId === caseId && e.seq === seq);
        if (!target) throw new Error(`no register entry ${caseId}#${seq} to tamper with`);
        await appendFile(file, changeLine('events', target.id, edit === 'delete' ? undefined : { ...target, ...edit }, undefined) + commitLine(1));
      },
      // Every byte the store keeps, in every file of its folder.
      rawDump: async () => {
        await store.close();
        const names = (await readdir(dir)).sort();
        return (await Promise.all(names.map((name) => readFile(join(dir, name), 'utf8')))).join('\n');
      },
      dispose: async () => {
        await Promise.all([store, ...reopened].map((s) => s.close()));
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await openTestDatabase(label);
  const store = await MongoStore.connect(database.uri, database.dbName);
  await store.init();
  const reopened: Store[] = [];
  return {
    store,
    reopen: async () => {
      const again = await MongoStore.connect(database.uri, database.dbName);
      reopened.push(again);
      return again;
    },
    tamperEvent: async (caseId, seq, edit) => {
      const events = database.db.collection('events');
      if (edit === 'delete') await events.deleteOne({ caseId, seq });
      else await events.updateOne({ caseId, seq }, { $set: edit });
    },
    rawDump: async () => {
      const parts: string[] = [];
      for (const { name } of await database.db.listCollections().toArray()) {
        const docs = await database.db.collection(name).find().toArray();
        parts.push(JSON.stringify(docs));
      }
      return parts.join('\n');
    },
    dispose: async () => {
      await Promise.all([store, ...reopened].map((s) => s.close()));
      await database.drop();
    },
  };
}
