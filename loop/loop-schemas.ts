// The loop's file contract: what the loop writes and journey accepts. Unknown fields are stripped, never published.
import { z } from 'zod';
import { PARITY_STATES, VERDICTS } from '../contract/site-data-schema.ts';

const timestamp = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 timestamp with Z or an offset' });
const count = z.number().int().min(0);
/** A field of a record, not a file: a summary, a title, a test's message. Past this it is withheld, not published. */
const MAX_FIELD_CHARS = 65_536;
const text = z.string().max(MAX_FIELD_CHARS, { error: `is over ${MAX_FIELD_CHARS} characters; a field this long is withheld (long output belongs in log.txt)` });

/**
 * A phase or status name. The seed's are planner, writer, judge, idle and running, paused, stopped,
 * crashed; a loop may name others, which are published as they are (redacted like any text).
 */
const name = z.string().min(1, { error: 'must not be empty' }).max(200, { error: 'is over 200 characters; a phase or status name this long is withheld' });

export const stateSchema = z.object({
  iteration: count,
  phase: name,
  status: name,
  goal: text,
  started_at: timestamp,
  updated_at: timestamp,
});

export const heartbeatSchema = z.object({
  ts: timestamp,
  iteration: count,
  phase: name,
  pid: z.number().int().positive(),
});

const phaseRunSchema = z.object({
  name: text,
  started_at: timestamp,
  ended_at: timestamp.optional(),
  model: text,
  tokens_in: count,
  tokens_out: count,
  cost_usd: z.number().min(0),
});

export const iterationMetaSchema = z.object({
  iteration: count,
  title: text,
  started_at: timestamp,
  ended_at: timestamp.optional(),
  phases: z.array(phaseRunSchema),
});

export const testsSchema = z.object({
  passed: count,
  failed: count,
  skipped: count,
  cases: z.array(
    z.object({
      name: text,
      status: z.enum(['passed', 'failed', 'skipped']),
      duration_ms: z.number().min(0),
      message: text.optional(),
    }),
  ),
});

export const verdictSchema = z.object({
  iteration: count,
  verdict: z.enum(VERDICTS),
  score: z.number().min(0).max(1),
  judge: text,
  ts: timestamp,
  issues: z.array(text),
  summary: text,
});

export const paritySchema = z.object({
  features: z.array(
    z.object({
      id: text.min(1),
      name: text,
      state: z.enum(PARITY_STATES),
      note: text.optional(),
      iteration: count.optional(),
    }),
  ),
});

export const subagentSchema = z.object({
  name: text,
  phase: name,
  iteration: count,
  pid: z.number().int().positive(),
  started_at: timestamp,
});

export type LoopState = z.output<typeof stateSchema>;
export type Heartbeat = z.output<typeof heartbeatSchema>;
export type IterationMeta = z.output<typeof iterationMetaSchema>;
export type TestReport = z.output<typeof testsSchema>;
export type Verdict = z.output<typeof verdictSchema>;
export type ParityMatrix = z.output<typeof paritySchema>;
export type Subagent = z.output<typeof subagentSchema>;
