// Builds a realistic demo loop folder in memory: same seed and --now, same bytes.
import { createRandom } from './demo-random.ts';
import { makeSecrets, type PlantedSecret } from './demo-secrets.ts';
import { FEATURES, makeDiff, makeJudge, makeLog, makePlan, makeTests, titleOf } from './demo-content.ts';

export interface DemoOptions {
  iterations: number;
  seed: string;
  /** The demo's "now": the newest iteration is in progress at this moment. */
  now: Date;
}

export interface DemoLoop {
  /** Loop-relative path -> file content. */
  files: Map<string, string>;
  /** Every fake secret planted somewhere in `files`. */
  planted: PlantedSecret[];
}

const MODELS = {
  planner: ['Qwen2.5-Coder-32B-Instruct', 'DeepSeek-R1-Distill-Qwen-32B'],
  writer: ['Qwen2.5-Coder-32B-Instruct', 'Qwen3-Coder-30B-A3B-Instruct'],
  judge: ['DeepSeek-R1-Distill-Qwen-32B', 'Llama-3.3-70B-Instruct'],
} as const;
const PRICE_PER_MTOK = 0.35;
const MINUTE = 60_000;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Generates the demo loop. The newest iteration is in progress: planner done, writer running.
 *
 * @example
 * const demo = generateDemo({ iterations: 12, seed: 'journey', now: new Date('2026-11-21T12:00:00Z') });
 */
export function generateDemo(options: DemoOptions): DemoLoop {
  const random = createRandom(options.seed);
  const { planted, lines: leaks } = makeSecrets(random);
  const files = new Map<string, string>();
  const count = options.iterations;
  const spacing = 25 * MINUTE;
  const start = options.now.getTime() - count * spacing;
  let indexLines = ['// ledger-ts: double-entry bookkeeping in TypeScript.', "export * from './money-core.ts';", ''];
  const verdictLines: string[] = [];
  const leakAt = (iteration: number, slot: number) => leaks[(iteration * 3 + slot) % leaks.length];
  for (let n = 1; n <= count; n++) {
    const folder = `iterations/${String(n).padStart(4, '0')}`;
    const begun = start + (n - 1) * spacing;
    const inProgress = n === count;
    const phases = (['planner', 'writer', 'judge'] as const).slice(0, inProgress ? 2 : 3).map((name, index) => {
      const phaseStart = begun + index * 7 * MINUTE;
      const tokensIn = random.int(4_000, 60_000);
      const tokensOut = random.int(800, 12_000);
      return {
        name, model: random.pick(MODELS[name]), started_at: iso(phaseStart),
        ...(inProgress && name === 'writer' ? {} : { ended_at: iso(phaseStart + random.int(2, 6) * MINUTE) }),
        tokens_in: tokensIn, tokens_out: tokensOut,
        cost_usd: Math.round(((tokensIn + tokensOut) / 1e6) * PRICE_PER_MTOK * 1e6) / 1e6,
      };
    });
    files.set(`${folder}/iteration.json`, json({
      iteration: n, title: titleOf(random, n), started_at: iso(begun),
      ...(inProgress ? {} : { ended_at: iso(begun + 22 * MINUTE) }),
      phases,
      // Unknown fields a loop might add: accepted on input, never published.
      operator: { email: planted.find((p) => p.kind === 'email')!.value, env: { OPENAI_API_KEY: planted.find((p) => p.kind === 'openai-key')!.value } },
    }));
    files.set(`${folder}/plan.md`, makePlan(random, n, n % 4 === 1 ? leakAt(n, 0) : undefined));
    if (inProgress) continue;
    const diff = makeDiff(random, n, indexLines, n % 5 === 2 ? leakAt(n, 1) : undefined);
    indexLines = diff.indexLines;
    files.set(`${folder}/diff.patch`, diff.diff);
    const quality = Math.min(0.95, 0.35 + n / (count + 4));
    const roll = random.next();
    const verdict = roll < quality ? 'pass' : roll < quality + 0.15 ? 'partial' : 'fail';
    const failing = verdict === 'pass' ? 0 : random.int(1, 3);
    files.set(`${folder}/tests.json`, json(makeTests(random, n, failing)));
    const issues = verdict === 'pass' ? [] : [`${failing} tests fail in the new module`, 'missing input validation on amounts'];
    files.set(`${folder}/judge.md`, makeJudge(random, n, verdict, issues));
    files.set(`${folder}/log.txt`, makeLog(random, n, [leakAt(n, 2)!, leakAt(n, 3)!]));
    verdictLines.push(JSON.stringify({
      iteration: n, verdict, score: Math.round((verdict === 'pass' ? 0.8 + random.next() * 0.2 : verdict === 'partial' ? 0.5 + random.next() * 0.2 : random.next() * 0.4) * 100) / 100,
      judge: 'DeepSeek-R1-Distill-Qwen-32B', ts: iso(begun + 22 * MINUTE), issues,
      summary: verdict === 'pass' ? 'All acceptance items hold.' : 'Some acceptance items fail; see issues.',
    }));
  }
  files.set('verdicts.jsonl', verdictLines.map((line) => `${line}\n`).join(''));
  const features = FEATURES.slice(0, 12).map((id, index) => {
    const doneAt = Math.round(((index + 1) / 12) * count * 1.3);
    const state = index === 11 ? 'n/a' : index === 10 ? 'manual' : doneAt <= count - 1 ? 'green' : 'red';
    return { id, name: `${id.replace(/-/g, ' ')} module`, state, ...(state === 'green' ? { iteration: Math.max(1, doneAt) } : {}), note: state === 'red' ? 'not implemented yet' : undefined };
  });
  files.set('acceptance/parity-matrix.yaml', [
    '# Acceptance parity of ledger-ts against the reference implementation.',
    'features:',
    ...features.flatMap((f) => [`  - id: ${f.id}`, `    name: ${f.name}`, `    state: ${f.state === 'n/a' ? '"n/a"' : f.state}`,
      ...(f.iteration ? [`    iteration: ${f.iteration}`] : []), ...(f.note ? [`    note: ${f.note}`] : [])]),
    '',
  ].join('\n'));
  const nowIso = iso(options.now.getTime());
  const current = Math.max(count, 0);
  files.set('state.json', json({
    iteration: current, phase: count > 0 ? 'writer' : 'idle', status: 'running',
    goal: 'Build ledger-ts, a double-entry bookkeeping library in TypeScript, to parity with the reference',
    started_at: iso(start), updated_at: nowIso, workdir: planted.find((p) => p.kind === 'home-path')!.value,
  }));
  files.set('state-heartbeat.json', json({ ts: iso(options.now.getTime() - 20_000), iteration: current, phase: 'writer', pid: 41_000 + random.int(1, 999) }));
  if (count > 0) {
    files.set('subagents/writer.json', json({ name: 'writer', phase: 'writer', iteration: current, pid: 42_000 + random.int(1, 999), started_at: iso(start + (count - 1) * spacing + 7 * MINUTE) }));
  }
  return { files, planted };
}
