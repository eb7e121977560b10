// The mini-swe-agent importer: one `.traj.json` file (one JSON document) is one run.
import type { Problem } from '../../loop/problem.ts';
import { readRecordJson } from '../read-record.ts';
import type { SourceReader } from '../source-reader.ts';
import { detectMiniSweAgent } from './detect-mini-swe-agent.ts';
import { miniSweAgentRun, type StreamedMessages } from './mini-run.ts';
import { addMiniMessage, newMiniTrace } from './mini-steps.ts';

/**
 * Reads mini-swe-agent trajectories: 1.x (`trajectory_format` `mini-swe-agent-1`), 2.x (`mini-swe-agent-1.1`,
 * text or tool calling, chat completions or the Responses API) and the oldest bare message lists.
 *
 * @example
 * const [run] = await miniSweAgentReader.read(root, 'psf__requests-1724/psf__requests-1724.traj.json', DEFAULT_READ_LIMITS);
 */
export const miniSweAgentReader: SourceReader = {
  format: 'mini-swe-agent',
  detect: detectMiniSweAgent,
  async read(root, file, limits) {
    const problems: Problem[] = [];
    const streamed: StreamedMessages = { trace: newMiniTrace(limits), problems: [] };
    const at = { file, path: 'messages', problems: streamed.problems };
    // Each message becomes a step as soon as it is parsed: a long trajectory is never whole in memory.
    const doc = await readRecordJson(root, file, limits.maxBytes, problems, {
      messages: (message, index) => addMiniMessage(streamed.trace, message, index, at, limits),
    });
    return [miniSweAgentRun(doc, file, problems, limits, streamed)];
  },
};
