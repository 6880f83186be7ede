import { MongoClient } from 'mongodb';
import { startTestServer, type TestServer } from './mongo-server';

/** What the server says it is: "FerretDB v1.24.2" or "MongoDB 7.0.14". Fails if unreachable. */
async function describeServer(uri: string): Promise<string> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    return info.ferretdbVersion ? `FerretDB ${info.ferretdbVersion}` : `MongoDB ${info.version}`;
  } catch (error) {
    throw new Error(`the test database at ${hideCredentials(uri)} does not answer: ${(error as Error).message}`);
  } finally {
    await client.close();
  }
}

const hideCredentials = (uri: string) => uri.replace(/\/\/[^@/]*@/, '//');

/**
 * Starts (or finds) the real database once for the whole run. Its URI goes into the
 * environment, which jest's workers inherit; test/support/test-db.ts reads it from there.
 * With AMPARO_TEST_NO_MONGODB=1 a missing server is reported and the run goes on without it.
 */
export default async function globalSetup(): Promise<void> {
  let server: TestServer | undefined;
  let speaks: string;
  try {
    server = await startTestServer();
    speaks = await describeServer(server.uri);
  } catch (error) {
    await server?.stop();
    if (process.env.AMPARO_TEST_NO_MONGODB !== '1') throw error;
    process.stderr.write(`\n[amparo tests] no MongoDB-wire server (AMPARO_TEST_NO_MONGODB=1): ${(error as Error).message}\n`);
    return;
  }
  process.env.AMPARO_TEST_MONGODB_URI = server.uri;
  (globalThis as { amparoTestServer?: TestServer }).amparoTestServer = server;
  const kind = server.kind === 'MONGODB_URI' ? `MONGODB_URI (${speaks})` : server.kind;
  process.stderr.write(`\n[amparo tests] MongoDB-wire server: ${kind} at ${hideCredentials(server.uri)}\n`);
}
