import { startTestServer, type TestServer } from '../../support/start-server.js';

export type HttpTestServer = Pick<TestServer, 'baseUrl' | 'adminToken' | 'adminEmail' | 'adminPassword' | 'dataDir' | 'logs' | 'rawQuery' | 'stop'>;

/** The real app over a real socket (test/support/start-server.ts). */
export async function startServer(options: { databaseUrl?: string; dataDir?: string; env?: Record<string, string> } = {}): Promise<HttpTestServer> {
  return startTestServer(options);
}
