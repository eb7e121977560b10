// SWE-agent's `trajectory`: one agent step per entry, its thought as reasoning, the model's whole response
// as the message, the action as a tool call and what the environment answered as its observation.
import type { TraceObservation, TraceToolCall } from '../imported-run.ts';
import { below, complain, field, isFields, kept, keptText, kindOf, type Position } from './record-fields.ts';
import { addStep, type StepList } from './step-list.ts';
import type { HistoryEntry } from './swe-agent-history.ts';

/** Matches trajectory steps to the history's replies in order, so a step finds the tool calls recorded for it. */
interface Replies {
  entries: HistoryEntry[];
  next: number;
}

/**
 * The tool calls of a step. In function-calling mode the history's reply with the same action recorded them
 * (name, arguments, id). Otherwise the action is a line SWE-agent ran in its shell, where its own commands
 * (`open`, `edit`, `submit`) are installed beside the system's: a call of `bash` with that command, the
 * shape of SWE-agent's own bash tool. An empty action (an exit after an error) is no call.
 */
function callsOf(action: string | undefined, replies: Replies, clipChars: number): TraceToolCall[] {
  if (action === undefined || action.trim() === '') return [];
  const found = replies.entries.findIndex((entry, index) => index >= replies.next && entry.action === action);
  if (found >= 0) {
    replies.next = found + 1;
    const recorded = replies.entries[found]!.toolCalls;
    if (recorded !== undefined && recorded.length > 0) return recorded;
  }
  return [{ name: 'bash', arguments: keptText(JSON.stringify({ command: action }), clipChars) ?? '' }];
}

/** A trajectory entry read before the history it is matched against (the history comes after it in the file). */
interface PendingStep {
  message?: string;
  reasoning?: string;
  action?: string;
  observation?: TraceObservation;
}

/** The entries of a trajectory list read so far: at most `maxSteps` kept, all counted. */
export interface TrajectoryRead {
  pending: PendingStep[];
  total: number;
}

/**
 * A trajectory list with no entry read yet.
 *
 * @example
 * const read = noTrajectoryYet(); addTrajectoryEntry(read, entry, 0, below(root, 'trajectory'), limits);
 */
export const noTrajectoryYet = (): TrajectoryRead => ({ pending: [], total: 0 });

/**
 * Reads the trajectory entry at `index` of the list at `at` into `read`, its tool calls still to be
 * matched (the history comes after the trajectory in the file). The streamed reader calls it for each
 * entry as it is parsed.
 *
 * @example
 * addTrajectoryEntry(read, { action: 'ls', observation: 'a.py', thought: 'Look first.' }, 0, below(root, 'trajectory'), DEFAULT_READ_LIMITS)
 */
export function addTrajectoryEntry(read: TrajectoryRead, item: unknown, index: number, at: Position, limits: { clipChars: number; maxSteps: number }): void {
  read.total = Math.max(read.total, index + 1);
  if (index >= limits.maxSteps) return;
  const here = below(at, index);
  if (!isFields(item)) {
    complain(here, `is ${kindOf(item)}, not an object; the step is left out`);
    return;
  }
  const reasoning = keptText(field(item, 'thought', 'string', here), limits.clipChars);
  const message = keptText(field(item, 'response', 'string', here), limits.clipChars);
  const action = field(item, 'action', 'string', here);
  const observation = field(item, 'observation', 'string', here);
  read.pending.push({
    ...(message === undefined ? {} : { message }), ...(reasoning === undefined ? {} : { reasoning }),
    ...(action === undefined ? {} : { action }), ...(observation === undefined ? {} : { observation: kept(observation, limits.clipChars) }),
  });
}

/**
 * Adds one agent step per trajectory entry read to `list`, each with the tool calls its history reply
 * recorded; the entries past the limit are counted as not kept.
 *
 * @example
 * addTrajectorySteps(list, read, history.replies, 4000)
 */
export function addTrajectorySteps(list: StepList, read: TrajectoryRead, replies: HistoryEntry[], clipChars: number): void {
  const matching: Replies = { entries: replies, next: 0 };
  for (const { message, reasoning, action, observation } of read.pending) {
    const toolCalls = callsOf(action, matching, clipChars);
    const callId = toolCalls[0]?.id;
    addStep(list, {
      source: 'agent',
      ...(message === undefined ? {} : { message }),
      ...(reasoning === undefined ? {} : { reasoning }),
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      ...(observation === undefined ? {} : { observations: [{ ...observation, ...(callId === undefined ? {} : { callId }) }] }),
    });
  }
  // Entries past the limit were counted as they were read, never kept.
  list.notKept += Math.max(0, read.total - list.max);
}

/**
 * The entries of a whole trajectory list.
 *
 * @example
 * readTrajectory(doc.trajectory, below(root, 'trajectory'), DEFAULT_READ_LIMITS).total // 12
 */
export function readTrajectory(trajectory: unknown[], at: Position, limits: { clipChars: number; maxSteps: number }): TrajectoryRead {
  const read = noTrajectoryYet();
  for (const [index, item] of trajectory.entries()) addTrajectoryEntry(read, item, index, at, limits);
  return read;
}
