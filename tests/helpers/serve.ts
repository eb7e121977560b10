// Starts the real public server on a loopback port for a test and fetches from it.
import { startServer, type RunningServer } from '../../server/start-server.ts';

export async function serveDataDir(dataDir: string): Promise<RunningServer> {
  return startServer({ dataDir, host: '127.0.0.1', port: 0 });
}

export async function fetchText(base: string, route: string): Promise<{ status: number; text: string }> {
  const response = await fetch(new URL(route, base), { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, text: await response.text() };
}
