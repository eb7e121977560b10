// The SWE-agent importer: one `.traj` file (one JSON document) is one run, a retry loop's attempts its subruns.
import type { Problem } from '../../loop/problem.ts';
import { readRecordJson } from '../read-record.ts';
import type { SourceReader } from '../source-reader.ts';
import { detectSweAgent } from './detect-swe-agent.ts';
import type { Position } from './record-fields.ts';
import { addHistoryMessage } from './swe-agent-history.ts';
import { newStreamedTrajectory, type StreamedRuns, type StreamedTrajectory, sweAgentRuns } from './swe-agent-run.ts';
import { addTrajectoryEntry } from './swe-agent-steps.ts';

/**
 * Reads SWE-agent trajectories (0.x and 1.x): `trajectory`, `history`, `info`, `replay_config`.
 *
 * @example
 * const [run] = await sweAgentReader.read(root, 'trajectories/networking_1.traj', DEFAULT_READ_LIMITS);
 */
export const sweAgentReader: SourceReader = {
  format: 'swe-agent',
  detect: detectSweAgent,
  async read(root, file, limits) {
    const problems: Problem[] = [];
    const streamed: StreamedRuns = { own: newStreamedTrajectory(), attempts: new Map() };
    const attempt = (k: number) => {
      const lists = streamed.attempts.get(k) ?? newStreamedTrajectory();
      streamed.attempts.set(k, lists);
      return lists;
    };
    const where = (lists: StreamedTrajectory, path: string): Position => ({ file, path, problems: lists.problems });
    // Each entry and message is read as soon as it is parsed: a long trajectory is never whole in memory.
    const doc = await readRecordJson(root, file, limits.maxBytes, problems, {
      trajectory: (item, i) => addTrajectoryEntry(streamed.own.trajectory, item, i, where(streamed.own, 'trajectory'), limits),
      history: (item, i) => addHistoryMessage(streamed.own.history, item, i, where(streamed.own, 'history'), limits),
      'attempts.*.trajectory': (item, i, [k = 0]) => addTrajectoryEntry(attempt(k).trajectory, item, i, where(attempt(k), `attempts[${k}].trajectory`), limits),
      'attempts.*.history': (item, i, [k = 0]) => addHistoryMessage(attempt(k).history, item, i, where(attempt(k), `attempts[${k}].history`), limits),
    });
    return sweAgentRuns(doc, file, problems, limits, streamed);
  },
};
