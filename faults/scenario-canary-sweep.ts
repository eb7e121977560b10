// Scenario 6: canary secrets (a known secret of the operator and a token-shaped one) planted in every
// loop file and every free-text field, known and unknown, in 6 encodings; then every journey command
// runs the way an operator runs it (monitor, publish, judge with a reviewer that repeats them,
// publish again, status, releases, scan, redact). 0 hits are allowed in the release, site-data.json,
// the snapshots, the monitor's records, the reviews and anything a command printed; a harmless
// positive-control marker must be in the release, so a pipeline that publishes nothing cannot pass.
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { runNodeProcess } from '../cli/run-node-process.ts';
import { createRandom } from '../demo/demo-random.ts';
import { dataPaths, DATA_LAYOUT } from '../core/data-layout.ts';
import { CANARY_ENCODINGS } from './canary-encodings.ts';
import { FAULT_ENV, withFixture } from './fault-fixture.ts';
import type { Scenario } from './scenario.ts';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const random = createRandom('journey-canary-sweep');
/** The operator's secret (in LOOP_CANARY_SECRET, as the loop's environment has it) and a token any rule must know. */
const CANARIES = { known: `cnry${random.chars(ALNUM, 28)}`, token: `ghp_${random.chars(ALNUM, 36)}` } as const;
const CONTROL = 'POSITIVE-CONTROL-journey-canary-sweep';

/** Every planted form, named: 2 canaries × 6 encodings. */
const NAMED_FORMS = Object.entries(CANARIES).flatMap(([canary, value]) => Object.entries(CANARY_ENCODINGS).map(([encoding, encode]) => ({ name: `${canary}/${encoding}`, value: encode(value) })));
const FORMS = NAMED_FORMS.map((form) => form.value);

/** What must never appear: each planted form, each canary's body alone (a prefix stripped), upper-case hex. */
const NEEDLES = [
  ...NAMED_FORMS, { name: 'known/body', value: CANARIES.known.slice(4) }, { name: 'token/body', value: CANARIES.token.slice(4) },
  { name: 'token/HEX', value: Buffer.from(CANARIES.token).toString('hex').toUpperCase() },
];

/** Plants into every free-text string (one with a space, or long) and adds an unknown field to every object. */
function plant(value: unknown, next: () => string): unknown {
  if (typeof value === 'string') return /\s/.test(value) || value.length > 40 ? `${value} ${next()}` : value;
  if (Array.isArray(value)) return value.map((inner) => plant(inner, next));
  if (value !== null && typeof value === 'object') {
    const planted = Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plant(inner, next)]));
    return { ...planted, x_canary_note: `unknown field ${next()}` };
  }
  return value;
}

/** Plants canaries in every file of the loop folder; returns how many fields and lines got one. */
function plantLoop(loopDir: string): number {
  let planted = 0;
  const next = () => FORMS[planted++ % FORMS.length]!;
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
  for (const file of walk(loopDir)) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.jsonl')) {
      writeFileSync(file, `${text.split('\n').filter(Boolean).map((line) => JSON.stringify(plant(JSON.parse(line), next))).join('\n')}\n`);
    } else if (file.endsWith('.json')) {
      const value = plant(JSON.parse(text), next) as Record<string, unknown>;
      if (path.basename(file) === 'state.json') value['goal'] = `${String(value['goal'])} ${CONTROL}`;
      writeFileSync(file, JSON.stringify(value, null, 2));
    } else if (file.endsWith('.yaml') || file.endsWith('.yml')) {
      writeFileSync(file, stringifyYaml(plant(parseYaml(text), next)));
    } else {
      writeFileSync(file, `${text}\n${FORMS.map((form) => { planted++; return `note: ${form}`; }).join('\n')}\n`);
    }
  }
  // Files journey has no business reading, beside the ones it reads.
  writeFileSync(path.join(loopDir, 'secrets.env'), `GITHUB_TOKEN=${CANARIES.token}\nCANARY=${CANARIES.known}\n`);
  writeFileSync(path.join(loopDir, 'iterations', '0001', 'scratch.md'), FORMS.join('\n'));
  return planted;
}

/** Every file below `dir` (none when it is missing), compressed twins unpacked. */
function readTree(dir: string): { file: string; text: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => {
    const file = path.join(entry.parentPath, entry.name);
    const bytes = readFileSync(file);
    const unpacked = file.endsWith('.gz') ? gunzipSync(bytes) : file.endsWith('.br') ? brotliDecompressSync(bytes) : bytes;
    return { file, text: unpacked.toString('latin1') };
  });
}

export const canarySweep: Scenario = {
  name: 'canary sweep',
  promise: 'canaries in every loop file and field (known and unknown) in 6 encodings: 0 hits in release, site-data.json, snapshots, monitor records, reviews, command output; positive control present',
  async run({ log }) {
    return withFixture('canary', 8, async (fixture) => {
      const { loopDir, dataDir } = fixture;
      const planted = plantLoop(loopDir);
      const reviewer = path.join(fixture.root, 'leaky-reviewer.sh');
      writeFileSync(reviewer, `#!/bin/sh\ncat > /dev/null\necho codex\necho "Health score: 61/100"\necho "Summary: saw ${FORMS.slice(0, 6).join(' ')}"\n${FORMS.map((f) => `echo "- [warn] saw ${f}"`).join('\n')}\n`);
      chmodSync(reviewer, 0o755);
      const env = {
        ...FAULT_ENV, JOURNEY_LOOP_DIR: loopDir, JOURNEY_DATA_DIR: dataDir, JOURNEY_REVIEWER_COMMAND: reviewer,
        LOOP_CANARY_SECRET: CANARIES.known, // the default secretEnvVars (`*_SECRET`) make it a known secret
      };
      const commands: [string, string, string[], string?][] = [
        ['monitor --json --log', 'ops/monitor-cli.ts', ['--json', '--log']],
        ['synth --public', 'synth/synth-cli.ts', ['--public', '--rebuild-site']],
        ['judge', 'ops/judge-cli.ts', []],
        ['synth --public (again)', 'synth/synth-cli.ts', ['--public']],
        ['monitor', 'ops/monitor-cli.ts', []],
        ['status', 'ops/status-cli.ts', []],
        ['releases', 'admin/releases-cli.ts', []],
        ['scan current', 'admin/scan-cli.ts', [path.join(dataDir, 'current')]],
        ['redact < plan.md', 'admin/redact-cli.ts', [], readFileSync(path.join(loopDir, 'iterations', '0001', 'plan.md'), 'utf8')],
      ];
      const outputs: { file: string; text: string }[] = [];
      const exits: string[] = [];
      for (const [name, entry, args, stdin] of commands) {
        const run = await runNodeProcess(entry, args, { timeoutMs: 300_000, env, ...(stdin === undefined ? {} : { stdin }) });
        outputs.push({ file: `output of ${name}`, text: run.stdout + run.stderr });
        exits.push(`${name} ${run.code}`);
      }
      log(`  ${planted} fields and lines planted; exits: ${exits.join(', ')}`);
      const where = dataPaths(dataDir);
      const samples = path.join(dataDir, DATA_LAYOUT.samples);
      const places = {
        releases: readTree(where.releases), 'site-data.json': readTree(where.public), snapshots: readTree(where.snapshots),
        'monitor records': existsSync(samples) ? [{ file: samples, text: readFileSync(samples, 'utf8') }] : [],
        reviews: readTree(path.join(dataDir, 'reviews')), 'command output': outputs,
      };
      const hits = Object.entries(places).flatMap(([place, files]) => files.flatMap(({ file, text }) =>
        NEEDLES.filter((needle) => text.includes(needle.value)).map((needle) => `${place}: ${file} holds ${needle.name}`)));
      for (const hit of hits.slice(0, 20)) log(`  hit: ${hit}`);
      const files = Object.values(places).reduce((sum, list) => sum + list.length, 0);
      const release = readTree(path.join(dataDir, 'current'));
      const controlPages = release.filter(({ text }) => text.includes(CONTROL)).length;
      const controlSiteData = existsSync(path.join(where.public, 'site-data.json')) && readFileSync(path.join(where.public, 'site-data.json'), 'utf8').includes(CONTROL);
      const reviewsKept = existsSync(path.join(dataDir, 'reviews', 'meta-judge.jsonl'));
      const samplesKept = existsSync(samples);
      const ok = hits.length === 0 && controlPages > 0 && controlSiteData && reviewsKept && samplesKept && statSync(path.join(dataDir, 'current')).isDirectory();
      return {
        ok,
        figure: `${planted} canaries planted (2 secrets × 6 encodings, ${NEEDLES.length} forms searched) in ${files} files and ${outputs.length} command outputs: ${hits.length} hits${hits[0] ? ` (${hits[0]})` : ''}; `
          + `positive control on ${controlPages} release files, in site-data.json: ${controlSiteData}; monitor record and review written: ${samplesKept && reviewsKept}`,
      };
    }, false);
  },
};
