// What the monitor and the watchdog read of the loop folder, with the same containment and size
// rules as synth (loop/read-loop-file.ts): state, heartbeat age, subagents, parity, last verdicts.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { paritySchema, stateSchema, subagentSchema, verdictSchema, type LoopState, type Subagent, type Verdict } from '../loop/loop-schemas.ts';
import { PARITY_STATES } from '../contract/site-data-schema.ts';
import { parseJson, parseYaml } from '../loop/parse-loop-text.ts';
import { isInside, readLoopEnd, readLoopFile } from '../loop/read-loop-file.ts';

const MAX_BYTES = 4 * 1024 * 1024;
const LABEL = { code: 'JOURNEY_MONITOR_INPUT', fix: "Fix the loop's writer." } as const;

export interface LoopHealth {
  state: LoopState | undefined;
  /**
   * Seconds since the loop last showed life: the fresher of state-heartbeat.json's `ts` (its file's
   * mtime when `ts` is missing) and state.json's `updated_at`; undefined when neither is there.
   */
  heartbeatAgeS: number | undefined;
  /** Which file the age comes from. */
  heartbeatSource: HeartbeatSource | undefined;
  subagents: (Subagent & { alive: boolean })[];
  parity: Record<(typeof PARITY_STATES)[number], number> | undefined;
  /** The last five verdicts, oldest first. */
  lastVerdicts: Verdict[];
  /** What could not be read, one line each. */
  problems: string[];
}

type HeartbeatSource = 'state-heartbeat.json' | 'state.json';

const heartbeatLoose = z.object({ ts: z.iso.datetime({ offset: true }).optional() });

/** True when a process with this pid exists (signal 0 checks without sending). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Reads the loop's health facts at `now`. Never throws for bad input: what it cannot read is listed in `problems`.
 *
 * @example
 * const health = readLoopHealth('/srv/loop', new Date());
 */
export function readLoopHealth(loopDir: string, now: Date): LoopHealth {
  const problems: string[] = [];
  let root: string;
  try {
    root = realpathSync(loopDir);
  } catch {
    return {
      state: undefined, heartbeatAgeS: undefined, heartbeatSource: undefined, subagents: [], parity: undefined, lastVerdicts: [],
      problems: [`the loop folder ${loopDir} cannot be read`],
    };
  }
  const json = <S extends z.ZodType>(file: string, schema: S): z.output<S> | undefined => {
    const read = readLoopFile(root, file, MAX_BYTES);
    if (read.kind === 'missing') return undefined;
    if (read.kind === 'rejected') return void problems.push(`${file} ${read.reason}`);
    const parsed = parseJson(read.text, schema, { ...LABEL, file });
    if (!parsed.ok) return void problems.push(`${file}: ${parsed.problem.message}`);
    return parsed.value;
  };
  const state = json('state.json', stateSchema);
  const beat = json('state-heartbeat.json', heartbeatLoose);
  // A loop may write only state.json (the seed's watchdog reads its updated_at) or only the
  // heartbeat file: either is a sign of life, and the fresher one counts.
  const signs: { at: number; source: HeartbeatSource }[] = [
    ...(beat ? [{ at: beat.ts ? Date.parse(beat.ts) : statSync(path.join(root, 'state-heartbeat.json')).mtimeMs, source: 'state-heartbeat.json' as const }] : []),
    ...(state ? [{ at: Date.parse(state.updated_at), source: 'state.json' as const }] : []),
  ].filter((sign) => Number.isFinite(sign.at));
  const freshest = signs.reduce<(typeof signs)[number] | undefined>((a, b) => (a === undefined || b.at > a.at ? b : a), undefined);
  const heartbeatAgeS = freshest && Math.max(0, (now.getTime() - freshest.at) / 1000);
  const subagents: LoopHealth['subagents'] = [];
  let names: string[] = [];
  try {
    const dir = realpathSync(path.join(root, 'subagents'));
    if (isInside(root, dir)) names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    // no subagents folder: none running
  }
  for (const name of names) {
    const agent = json(`subagents/${name}`, subagentSchema);
    if (agent) subagents.push({ ...agent, alive: isAlive(agent.pid) });
  }
  let parity: LoopHealth['parity'];
  const matrix = readLoopFile(root, 'acceptance/parity-matrix.yaml', MAX_BYTES);
  if (matrix.kind === 'text') {
    const parsed = parseYaml(matrix.text, paritySchema, { ...LABEL, file: 'acceptance/parity-matrix.yaml' });
    if (parsed.ok) parity = Object.fromEntries(PARITY_STATES.map((s) => [s, parsed.value.features.filter((f) => f.state === s).length])) as LoopHealth['parity'];
    else problems.push(`acceptance/parity-matrix.yaml: ${parsed.problem.message}`);
  }
  return { state, heartbeatAgeS, heartbeatSource: freshest?.source, subagents, parity, lastVerdicts: readLastVerdicts(root, problems), problems };
}

/** Bytes read from the end of verdicts.jsonl: five verdicts many times over. */
const VERDICTS_TAIL_BYTES = 64 * 1024;

/** The last five complete lines of verdicts.jsonl (read from its end: the file only grows). */
function readLastVerdicts(root: string, problems: string[]): Verdict[] {
  const read = readLoopEnd(root, 'verdicts.jsonl', VERDICTS_TAIL_BYTES);
  if (read.kind !== 'bytes') return [];
  const tail = read.bytes.toString('utf8');
  const lines = tail.slice(0, tail.lastIndexOf('\n') + 1).split('\n').filter((l) => l.trim() !== '').slice(-5);
  return lines.flatMap((line) => {
    const parsed = parseJson(line, verdictSchema, { ...LABEL, file: 'verdicts.jsonl' });
    if (parsed.ok) return [parsed.value];
    problems.push(`verdicts.jsonl: a recent line ${parsed.problem.message}`);
    return [];
  });
}
