import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The one HTTP server: health and readiness for orchestrators, metrics for monitoring.
 * Platform adapters add their routes here (Slack `/slack/events`, Teams `/api/messages`).
 */
export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpOptions {
  /** Resolves true when Amparo can serve requests (the store answers). */
  ready: () => Promise<boolean>;
  metrics: () => string;
  routes?: Record<string, Route>;
}

export function createHttpServer(options: HttpOptions): Server {
  const routes: Record<string, Route> = {
    '/healthz': (_req, res) => send(res, 200, 'text/plain', 'ok\n'),
    '/readyz': async (_req, res) => {
      const ready = await options.ready().catch(() => false);
      send(res, ready ? 200 : 503, 'text/plain', ready ? 'ready\n' : 'not ready\n');
    },
    '/metrics': (_req, res) => send(res, 200, 'text/plain; version=0.0.4', options.metrics()),
    ...options.routes,
  };
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes[path];
    if (!route) return send(res, 404, 'text/plain', 'not found\n');
    Promise.resolve(route(req, res)).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain', 'error\n');
    });
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

export async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
