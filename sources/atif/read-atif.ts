// The ATIF importer: one trajectory file (Harbor's Agent Trajectory Interchange Format) is one run,
// with its embedded subagent trajectories as subruns.
import type { Problem } from '../../loop/problem.ts';
import type { ImportedRun } from '../imported-run.ts';
import { readRecordJson } from '../read-record.ts';
import { DROP_LIST } from '../stream-json.ts';
import type { ReadLimits, SourceReader } from '../source-reader.ts';
import { below, type Position } from './atif-fields.ts';
import { type AtifOptions, atifRun, type StreamedSteps, unreadRun } from './atif-run.ts';
import { addAtifStep, noStepsYet } from './atif-steps.ts';
import { detectAtif } from './detect-atif.ts';

/** Lists of a step's metrics the trace never reads (a training run's token ids, as long as the context): dropped as they are parsed. */
const UNREAD_LISTS = Object.fromEntries(['steps', 'subagent_trajectories.*.steps'].flatMap((steps) =>
  ['prompt_token_ids', 'completion_token_ids', 'logprobs'].map((name) => [`${steps}.*.metrics.${name}`, DROP_LIST])));

/**
 * The run of a trajectory file; a file too large or not JSON gives a run holding only the problem.
 *
 * @example
 * const run = await readAtifRun('/data/jobs', 'j1/t1/agent/trajectory.json', DEFAULT_READ_LIMITS, 'harbor')
 */
export async function readAtifRun(root: string, file: string, limits: ReadLimits, format: AtifOptions['format']): Promise<ImportedRun> {
  const problems: Problem[] = [];
  const streamed: StreamedSteps = { own: noStepsYet(), embedded: new Map() };
  const at: Position = { file, path: '', problems: [] };
  const context = { file, limits };
  // Each step becomes a trace step as soon as it is parsed: a 300 MB trajectory is never whole in memory.
  const doc = await readRecordJson(root, file, limits.maxBytes, problems, {
    ...UNREAD_LISTS,
    steps: (step, index) => addAtifStep(streamed.own, step, index, below(at, 'steps'), context),
    'subagent_trajectories.*.steps': (step, index, [k = 0]) => {
      const list = streamed.embedded.get(k) ?? noStepsYet();
      streamed.embedded.set(k, list);
      addAtifStep(list, step, index, below(below(below(at, 'subagent_trajectories'), k), 'steps'), context);
    },
  });
  return doc === undefined ? unreadRun(file, format, problems) : atifRun(doc, file, { format, limits, streamed });
}

export const atifReader: SourceReader = {
  format: 'atif',
  detect: detectAtif,
  async read(root, file, limits) {
    return [await readAtifRun(root, file, limits, 'atif')];
  },
};
