import { startTestServer, type TestServer } from './mongo-server';

/** Starts (or finds) the real database once for the whole run; workers inherit its URI. */
export default async function globalSetup(): Promise<void> {
  const server: TestServer = await startTestServer();
  process.env.AMPARO_TEST_MONGODB_URI = server.uri;
  (globalThis as { amparoTestServer?: TestServer }).amparoTestServer = server;
  process.stderr.write(`\n[amparo tests] MongoDB-wire server: ${server.kind} at ${server.uri.replace(/\/\/[^@/]*@/, '//')}\n`);
}
