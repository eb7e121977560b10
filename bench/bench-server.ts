// The serving benchmark: wrk on loopback against journey's server and against nginx serving the same
// release in the same run, for a 20 KB page and a 1 MB JSON file, in interleaved rounds.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatManifest } from '../synth/release/release-manifest.ts';
import { sha256 } from '../core/public-json.ts';
import { SECURITY_HEADERS } from '../server/http/response-headers.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));

interface ServerFigure {
  server: 'journey' | 'nginx' | 'nginx-tuned' | 'node-minimal';
  file: 'page' | 'json';
  requestsPerSecond: number;
  megabytesPerSecond: number;
}

export interface ServerFigures {
  rounds: number;
  seconds: number;
  connections: number;
  figures: ServerFigure[];
}

/** The tools the benchmark needs, or the one that is missing. */
export function findServerTools(): string | undefined {
  for (const [tool, hint] of [['wrk', 'wrk'], ['nginx', 'nginx-light']] as const) {
    const found = spawnSync('sh', ['-c', `command -v ${tool} || ls /usr/sbin/${tool}`], { encoding: 'utf8' });
    if (found.status !== 0) return `${tool} is not installed (Debian: apt-get install -y ${hint})`;
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A release as synth seals it: the two files and a complete MANIFEST, `current` pointing at it. */
function writeRelease(dataDir: string): string {
  const release = path.join(dataDir, 'releases', '20261121T120000Z-bench');
  mkdirSync(release, { recursive: true });
  const paragraph = '<p>The planner proposed a change; the writer applied it; the judge checked the tests and passed it.</p>\n';
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body>\n${paragraph.repeat(Math.ceil(20_000 / paragraph.length))}</body></html>\n`.slice(0, 20_480);
  const json = JSON.stringify({ iterations: Array.from({ length: 6000 }, (_, n) => ({ n, title: `Iteration ${n}`, verdict: n % 3 ? 'pass' : 'fail', note: randomBytes(48).toString('base64') })) }).slice(0, 1_000_000);
  const files = [['index.html', page], ['site-data.json', json]] as const;
  for (const [name, text] of files) writeFileSync(path.join(release, name), text);
  writeFileSync(path.join(release, 'MANIFEST'), formatManifest(files.map(([name, text]) => ({ path: name, sha256: sha256(text), bytes: Buffer.byteLength(text), key: '-' }))));
  symlinkSync(path.join('releases', path.basename(release)), path.join(dataDir, 'current'));
  return release;
}

async function startJourney(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(REPO, 'server/serve-cli.ts'), '--data-dir', dataDir, '--no-worker', '--host', '127.0.0.1', '--port', String(port)],
    { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: { ...process.env, NO_COLOR: '1', JOURNEY_LOOP_DIR: '' } });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`journey's server did not start:\n${stderr}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('serve only')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return child;
}

/**
 * nginx from Debian's package, configured as Debian ships it (sendfile, tcp_nopush, an access log
 * line per request, like journey's) or tuned for static files (no access log, open file cache).
 */
function startNginx(root: string, work: string, port: number, flavour: 'stock' | 'tuned'): string {
  const dir = path.join(work, `nginx-${flavour}`);
  mkdirSync(path.join(dir, 'temp'), { recursive: true });
  const conf = path.join(dir, 'nginx.conf');
  const logging = flavour === 'stock' ? `access_log ${dir}/access.log;` : 'access_log off;\n  open_file_cache max=1000 inactive=60s;';
  writeFileSync(conf, `worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  ${logging}
  client_body_temp_path ${dir}/temp; proxy_temp_path ${dir}/temp; fastcgi_temp_path ${dir}/temp; uwsgi_temp_path ${dir}/temp; scgi_temp_path ${dir}/temp;
  server { listen 127.0.0.1:${port}; root ${root}; }
}
`);
  const started = spawnSync('nginx', ['-c', conf], { encoding: 'utf8', env: { ...process.env, PATH: `${process.env['PATH']}:/usr/sbin` } });
  if (started.status !== 0) throw new Error(`nginx did not start: ${started.stderr}`);
  return conf;
}

/**
 * The runtime's ceiling: the smallest Node server that answers from memory with precomputed headers
 * (journey's security headers included), one process per core sharing the port, no log, no checks.
 */
function startMinimalNode(release: string, port: number, processes: number): ChildProcess[] {
  const code = `
    const http = require('node:http'), fs = require('node:fs');
    const page = fs.readFileSync(${JSON.stringify(path.join(release, 'index.html'))}), json = fs.readFileSync(${JSON.stringify(path.join(release, 'site-data.json'))});
    const head = (type, body) => ({ ...${JSON.stringify(SECURITY_HEADERS)}, 'Content-Type': type, 'Content-Length': String(body.length), 'Cache-Control': 'no-cache' });
    const pageHead = head('text/html; charset=utf-8', page), jsonHead = head('application/json; charset=utf-8', json);
    http.createServer((req, res) => { const isJson = req.url === '/site-data.json'; res.writeHead(200, isJson ? jsonHead : pageHead); res.end(isJson ? json : page); })
      .listen({ port: ${port}, host: '127.0.0.1', reusePort: true }, () => process.send && process.send('up'));`;
  return Array.from({ length: processes }, () => spawn(process.execPath, ['-e', code], { stdio: 'ignore' }));
}

function runWrk(url: string, seconds: number, connections: number): { requestsPerSecond: number; megabytesPerSecond: number } {
  const result = spawnSync('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, url], { encoding: 'utf8', timeout: (seconds + 30) * 1000 });
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(result.stdout);
  const transfer = /Transfer\/sec:\s+([\d.]+)(KB|MB|GB)/.exec(result.stdout);
  if (!rps || !transfer) throw new Error(`wrk printed no figures for ${url}:\n${result.stdout}${result.stderr}`);
  if (/Non-2xx or 3xx responses/.test(result.stdout)) throw new Error(`${url} answered errors under wrk:\n${result.stdout}`);
  const scale = { KB: 1 / 1024, MB: 1, GB: 1024 }[transfer[2] as 'KB' | 'MB' | 'GB'];
  return { requestsPerSecond: Number(rps[1]), megabytesPerSecond: Number(transfer[1]) * scale };
}

/**
 * Runs the serving benchmark: `rounds` interleaved rounds of `seconds` per server and file; the
 * median of each is reported.
 *
 * @example
 * const figures = await benchServer({ rounds: 3, seconds: 5, connections: 64 }, console.error);
 */
export async function benchServer(options: { rounds: number; seconds: number; connections: number }, log: (line: string) => void): Promise<ServerFigures> {
  const work = mkdtempSync(path.join(tmpdir(), 'journey-bench-server-'));
  chmodSync(work, 0o755); // nginx's workers run as another user
  const dataDir = path.join(work, 'data');
  const release = writeRelease(dataDir);
  const [journeyPort, nginxPort, tunedPort, minimalPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const journey = await startJourney(dataDir, journeyPort);
  const minimal = startMinimalNode(release, minimalPort, Math.min(availableParallelism(), 4));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const configs = [startNginx(release, work, nginxPort, 'stock'), startNginx(release, work, tunedPort, 'tuned')];
  const samples = new Map<string, ServerFigure[]>();
  try {
    const targets = (['page', 'json'] as const).flatMap((file) => {
      const route = file === 'page' ? '/' : '/site-data.json';
      const nginxRoute = file === 'page' ? '/index.html' : route;
      return [
        { server: 'journey', file, url: `http://127.0.0.1:${journeyPort}${route}` },
        { server: 'nginx', file, url: `http://127.0.0.1:${nginxPort}${nginxRoute}` },
        { server: 'nginx-tuned', file, url: `http://127.0.0.1:${tunedPort}${nginxRoute}` },
        { server: 'node-minimal', file, url: `http://127.0.0.1:${minimalPort}${route}` },
      ] as const;
    });
    for (const target of targets) runWrk(target.url, 2, options.connections); // warm all (memory, page cache, JIT)
    for (let round = 1; round <= options.rounds; round++) {
      for (const target of targets) {
        const figure = { server: target.server, file: target.file, ...runWrk(target.url, options.seconds, options.connections) };
        samples.set(`${target.server} ${target.file}`, [...samples.get(`${target.server} ${target.file}`) ?? [], figure]);
      }
      log(`server round ${round}/${options.rounds} done`);
    }
  } finally {
    for (const conf of configs) spawnSync('nginx', ['-c', conf, '-s', 'stop'], { env: { ...process.env, PATH: `${process.env['PATH']}:/usr/sbin` } });
    for (const child of minimal) child.kill('SIGKILL');
    if (journey.pid) process.kill(-journey.pid, 'SIGTERM');
    await new Promise((resolve) => journey.once('exit', resolve));
    rmSync(work, { recursive: true, force: true });
  }
  const figures = [...samples.values()].map((list) => list.sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[list.length >> 1]!);
  return { rounds: options.rounds, seconds: options.seconds, connections: options.connections, figures };
}

/** The figures as the lines `npm run bench` prints, with the ratios to nginx and the target. */
export function formatServerFigures(result: ServerFigures): string[] {
  const find = (server: string, file: string) => result.figures.find((f) => f.server === server && f.file === file)!;
  const rate = (f: ServerFigure) => `${Math.round(f.requestsPerSecond).toLocaleString('en-US').padStart(7)} req/s ${f.megabytesPerSecond.toFixed(0).padStart(5)} MB/s`;
  const lines = [`serving (wrk -t2 -c${result.connections} on loopback, medians of ${result.rounds} interleaved ${result.seconds} s rounds; journey and nginx as Debian configures it log every request):`];
  for (const [file, label] of [['page', '20 KB page'], ['json', '1 MB JSON ']] as const) {
    lines.push(`  ${label}  journey                               ${rate(find('journey', file))}`);
    lines.push(`              nginx, as Debian configures it        ${rate(find('nginx', file))}`);
    lines.push(`              nginx, tuned (no log, open_file_cache) ${rate(find('nginx-tuned', file))}`);
    lines.push(`              minimal Node server (memory, no log)  ${rate(find('node-minimal', file))}`);
  }
  const ratio = (server: string, file: string) => (find('journey', file).requestsPerSecond / find(server, file).requestsPerSecond).toFixed(2);
  lines.push(`  ratio, 20 KB page: journey ${ratio('nginx', 'page')}x nginx as Debian configures it (target >= 0.8x), ${ratio('nginx-tuned', 'page')}x tuned nginx, ${ratio('node-minimal', 'page')}x the minimal Node server`);
  lines.push(`  ratio, 1 MB JSON:  journey ${ratio('nginx', 'json')}x nginx as Debian configures it, ${ratio('nginx-tuned', 'json')}x tuned nginx, ${ratio('node-minimal', 'json')}x the minimal Node server`);
  return lines;
}
