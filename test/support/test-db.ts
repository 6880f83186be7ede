import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';

/** A fresh database on the test server for one suite; `drop()` removes it and disconnects. */
export interface TestDatabase {
  client: MongoClient;
  db: Db;
  uri: string;
  dbName: string;
  drop(): Promise<void>;
}

export function testServerUri(): string {
  const uri = process.env.AMPARO_TEST_MONGODB_URI;
  if (!uri) throw new Error('AMPARO_TEST_MONGODB_URI is not set: run the tests through jest, whose global setup starts the database');
  return uri;
}

export async function openTestDatabase(label: string): Promise<TestDatabase> {
  const uri = testServerUri();
  // FerretDB's SQLite backend keeps names short and simple: letters, digits, underscores.
  const dbName = `t_${label.replace(/[^a-z0-9]/gi, '').slice(0, 12)}_${randomBytes(6).toString('hex')}`;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10000 });
  await client.connect();
  const db = client.db(dbName);
  return {
    client,
    db,
    uri,
    dbName,
    drop: async () => {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}
