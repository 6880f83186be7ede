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
  if (!uri) {
    throw new Error(
      'AMPARO_TEST_MONGODB_URI is not set: run the tests through jest (npm test), whose global setup ' +
        '(test/support/jest-global-setup.ts) starts a MongoDB-wire server and sets it',
    );
  }
  return uri;
}

/**
 * A database name unique to this call. MongoDB takes fewer than 64 bytes without /\. "$
 * (and some MongoDB-wire servers only [a-zA-Z0-9_-]); this stays within 37 characters of
 * [a-z0-9_]: `amparo_test_` + up to 12 of the label + `_` + 12 random hex digits.
 */
export function testDatabaseName(label: string): string {
  const slug = label.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12) || 'db';
  return `amparo_test_${slug}_${randomBytes(6).toString('hex')}`;
}

export async function openTestDatabase(label: string): Promise<TestDatabase> {
  const uri = testServerUri();
  const dbName = testDatabaseName(label);
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  const db = client.db(dbName);
  return {
    client,
    db,
    uri,
    dbName,
    drop: async () => {
      try {
        await db.dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}
