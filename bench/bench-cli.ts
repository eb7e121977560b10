// `npm run bench`: redaction and leak-scan throughput on a synthetic agent log, beside secretlint's
// recommended preset on the same bytes in the same run, with recall on the planted secrets.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { main, usageError, type CommandContext, type CommandSpec } from '../cli/define-command.ts';
import { createDetector } from '../redact/detect.ts';
import { redactText, scanText } from '../redact/redact-text.ts';
import { secretlintFindings } from '../redact/secretlint-detector.ts';
import { out } from '../core/log.ts';
import { makeAgentLog } from './agent-log.ts';
import { benchGates, formatGateFigures } from './bench-gates.ts';
import { benchImport, formatImportFigures } from './bench-import.ts';
import { benchPublish, formatPublishFigures } from './bench-publish.ts';
import { benchServer, findServerTools, formatServerFigures } from './bench-server.ts';
import { benchSite, findBrowser, formatSiteFigures } from './bench-site.ts';

interface Figure {
  label: string;
  ms: number;
  found: number;
}

/** Rounds of each measurement; the median is reported, so one stall of a shared machine does not decide a ratio. */
const ROUNDS = 3;

async function measureOnce(run: () => Promise<number> | number): Promise<{ ms: number; found: number }> {
  globalThis.gc?.();
  const started = performance.now();
  const found = await run();
  return { ms: performance.now() - started, found };
}

/** Runs the measurements in turn, ROUNDS times (interleaved, so both sides see the same machine), and keeps each one's median. */
async function measureAll(runs: Array<{ label: string; run: () => Promise<number> | number }>, rounds: number): Promise<Figure[]> {
  const samples = runs.map(() => [] as Array<{ ms: number; found: number }>);
  for (let round = 0; round < rounds; round++) {
    for (const [index, { run }] of runs.entries()) samples[index]!.push(await measureOnce(run));
    process.stderr.write(`round ${round + 1}/${rounds} done\n`);
  }
  return runs.map(({ label }, index) => {
    const sorted = samples[index]!.sort((a, b) => a.ms - b.ms);
    return { label, ...sorted[sorted.length >> 1]! };
  });
}

export const benchCommand: CommandSpec = {
  invocation: 'npm run bench --',
  summary: [
    'Measure redaction and leak-scan throughput (MB/s) on a synthetic agent log, beside secretlint\'s',
    'recommended preset on the same bytes in the same run, and the peak memory; then publish a demo loop',
    'in full, and time trigger-to-live for one new iteration on the real server; then serve a 20 KB page',
    'and a 1 MB JSON file under wrk, beside nginx serving the same release. Figures vary with the',
    'machine\'s load: compare the ratios, which are measured in one run. Last, publish 20,000 iterations and',
    'time the list, iteration pages, a filter and a search in Chromium. And each importer of other agents\'',
    'records on a large record of its format (MB/s, peak RSS), and one new turn of a session published',
    'beside one new iteration of the loop.',
  ].join('\n'),
  flags: [
    { name: 'mb', type: 'string', valueName: 'N', description: 'size of the synthetic log in MB', defaultText: '100' },
    { name: 'rounds', type: 'string', valueName: 'N', description: 'rounds of the scan measurements (median reported)', defaultText: String(ROUNDS) },
    { name: 'iterations', type: 'string', valueName: 'N', description: 'size of the demo loop the publishing benchmark publishes', defaultText: '10000' },
    { name: 'only', type: 'string', valueName: 'WHAT', description: 'run one benchmark: redact, publish, serve, site or import', defaultText: 'all five' },
    { name: 'import-mb', type: 'string', valueName: 'N', description: 'size of the record each importer reads in the import benchmark, in MB', defaultText: '200' },
    { name: 'site-iterations', type: 'string', valueName: 'N', description: 'size of the demo loop the site benchmark opens in the browser', defaultText: '20000' },
    { name: 'seconds', type: 'string', valueName: 'N', description: 'length of each wrk run of the serving benchmark', defaultText: '5' },
    { name: 'baseline', type: 'string', valueName: 'DIR', description: 'a checkout of another commit (git worktree add DIR COMMIT; npm ci there): it publishes the same loop in full first, side by side', defaultText: 'none' },
  ],
  examples: ['npm run bench', 'npm run bench -- --mb 20 --rounds 1', 'npm run bench -- --only publish --iterations 2000', 'npm run bench -- --only publish --baseline ../journey-at-24800a1', 'npm run bench -- --only serve --rounds 5 --seconds 10', 'npm run bench -- --only site --site-iterations 20000 --rounds 5', 'npm run bench -- --only import --import-mb 200'],
  async run({ flags }) {
    const only = flags['only'] as string | undefined;
    if (only !== undefined && !['redact', 'publish', 'serve', 'site', 'import'].includes(only)) throw usageError(benchCommand, '--only takes redact, publish, serve, site or import');
    const importMb = Number(flags['import-mb'] ?? 200);
    if (!Number.isInteger(importMb) || importMb < 1 || importMb > 1000) throw usageError(benchCommand, '--import-mb must be a whole number from 1 to 1000');
    const siteIterations = Number(flags['site-iterations'] ?? 20_000);
    if (!Number.isInteger(siteIterations) || siteIterations < 10 || siteIterations > 100_000) throw usageError(benchCommand, '--site-iterations must be a whole number from 10 to 100000');
    const iterations = Number(flags['iterations'] ?? 10_000);
    if (!Number.isInteger(iterations) || iterations < 10 || iterations > 100_000) throw usageError(benchCommand, '--iterations must be a whole number from 10 to 100000');
    const seconds = Number(flags['seconds'] ?? 5);
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 120) throw usageError(benchCommand, '--seconds must be a whole number from 1 to 120');
    const rounds = Number(flags['rounds'] ?? ROUNDS);
    if (!Number.isInteger(rounds) || rounds < 1 || rounds > 9) throw usageError(benchCommand, '--rounds must be a whole number from 1 to 9');
    const stderrLine = (line: string) => process.stderr.write(`${line}\n`);
    if (only === undefined || only === 'redact') await benchRedaction(flags);
    if (only === undefined || only === 'publish') {
      const baseline = flags['baseline'] as string | undefined;
      if (baseline !== undefined && !existsSync(path.join(baseline, 'synth', 'synth-cli.ts'))) throw usageError(benchCommand, '--baseline must be a checkout of journey (with synth/synth-cli.ts)');
      const figures = await benchPublish(iterations, stderrLine, baseline === undefined ? undefined : path.resolve(baseline));
      process.stdout.write(`${formatPublishFigures(figures).join('\n')}\n`);
    }
    if (only === undefined || only === 'serve') {
      const missing = findServerTools();
      if (missing) {
        process.stdout.write(`serving benchmark skipped: ${missing}\n`);
        if (only === 'serve') return 1;
      } else {
        const figures = await benchServer({ rounds, seconds, connections: 64 }, stderrLine);
        process.stdout.write(`${formatServerFigures(figures).join('\n')}\n`);
      }
    }
    if (only === undefined || only === 'import') {
      const figures = await benchImport(importMb, rounds, stderrLine);
      process.stdout.write(`${formatImportFigures(figures).join('\n')}\n`);
    }
    if (only === undefined || only === 'site') {
      const missing = findBrowser();
      if (missing) {
        process.stdout.write(`site benchmark skipped: ${missing}\n`);
        return only === 'site' ? 1 : 0;
      }
      const figures = await benchSite(siteIterations, rounds, stderrLine);
      process.stdout.write(`${formatSiteFigures(figures).join('\n')}\n`);
    }
    return 0;
  },
};

async function benchRedaction(flags: CommandContext['flags']): Promise<void> {
  const megabytes = Number(flags['mb'] ?? 100);
  if (!Number.isFinite(megabytes) || megabytes <= 0 || megabytes > 400) throw usageError(benchCommand, '--mb must be a number from 1 to 400');
  const rounds = Number(flags['rounds'] ?? ROUNDS);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 9) throw usageError(benchCommand, '--rounds must be a whole number from 1 to 9');
  const log = makeAgentLog(Math.round(megabytes * 1e6));
  const mb = log.text.length / 1e6;
  process.stderr.write(`synthetic agent log: ${mb.toFixed(1)} MB, ${log.planted.length} planted secret kinds\n`);
  const detector = createDetector({ key: 'bench' });
  redactText(log.text.slice(0, 200_000), detector); // warm up the JIT on a small slice
  let redacted = '';
  // All three in every round, interleaved: the ratios compare medians taken on the same machine state.
  const figures = await measureAll([
    {
      label: 'journey redact (both detectors, readings, re-check)',
      run: () => {
        const result = redactText(log.text, detector);
        redacted = result.text;
        return result.findings.length;
      },
    },
    { label: 'journey scan (both of its detectors)', run: () => scanText(log.text, detector).findings.length },
    { label: "secretlint recommended preset", run: async () => (await secretlintFindings(log.text, 'agent.log', 'bench')).length },
  ], rounds);
  const full = { label: 'full leak scan (journey + secretlint)', ms: figures[1]!.ms + figures[2]!.ms, found: figures[1]!.found + figures[2]!.found };
  const caughtByJourney = log.planted.filter((p) => !redacted.includes(p.value)).length;
  const secretlintOnPlanted = await Promise.all(log.planted.map(async (p) => (await secretlintFindings(`x ${p.value} x`, 'one.txt', 'bench')).length > 0));
  const rows = [...figures, full].map((f) => `${f.label.padEnd(52)} ${(mb / (f.ms / 1000)).toFixed(1).padStart(7)} MB/s ${(f.ms / 1000).toFixed(2).padStart(7)} s  ${String(f.found).padStart(7)} findings`);
  const ratio = (figures[2]!.ms / figures[1]!.ms).toFixed(2);
  const redactRatio = (figures[2]!.ms / figures[0]!.ms).toFixed(2);
  out([
    `bytes: ${mb.toFixed(1)} MB`,
    ...rows,
    `ratio: journey scan is ${ratio}x the speed of secretlint's preset on the same bytes (medians of ${rounds} interleaved rounds)`,
    `ratio: journey redact is ${redactRatio}x the speed of secretlint's preset`,
    `planted secret kinds caught: journey ${caughtByJourney}/${log.planted.length}, secretlint ${secretlintOnPlanted.filter(Boolean).length}/${log.planted.length}`,
    `peak memory (max RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    ...await benchRealRecords(detector, rounds),
    ...formatGateFigures(await benchGates()),
    '',
  ].join('\n'));
}

/** The public agent records the tests use (tests/fixtures/real), as one text: agents' JSON, escaped and nested, unlike the synthetic log. */
function readRealRecords(): string {
  // Each agent's folder, its own folders too (a Harbor job holds one folder per trial).
  const files = readdirSync(REAL_RECORDS, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.parentPath !== REAL_RECORDS && entry.name !== 'SOURCE')
    .map((entry) => path.join(entry.parentPath, entry.name)).sort();
  return files.map((file) => readFileSync(file, 'utf8')).join('\n');
}

const REAL_RECORDS = path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'real');

/** Scan speed on real agent records beside secretlint's preset on the same bytes: the synthetic log flatters. */
async function benchRealRecords(detector: ReturnType<typeof createDetector>, rounds: number): Promise<string[]> {
  const text = readRealRecords();
  const mb = text.length / 1e6;
  const [scan, secretlint] = await measureAll([
    { label: 'journey scan', run: () => scanText(text, detector).findings.length },
    { label: 'secretlint', run: async () => (await secretlintFindings(text, 'records.jsonl', 'bench')).length },
  ], rounds);
  const speed = (ms: number) => `${(mb / (ms / 1000)).toFixed(1)} MB/s`;
  return [`real agent records (tests/fixtures/real, ${mb.toFixed(1)} MB): journey scan ${speed(scan!.ms)}, secretlint ${speed(secretlint!.ms)}, ratio ${(secretlint!.ms / scan!.ms).toFixed(2)}x`];
}

if (import.meta.main) main(benchCommand);
