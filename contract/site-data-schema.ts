// The public shape: the only fields that ever leave journey. docs/site-data.schema.json is generated from it.
import { z } from 'zod';
import { CHECK_STATES, monitorSampleSchema } from './ops-schemas.ts';
import { SIGNALS_PATTERN } from './insights/iteration-signals.ts';

/** A judge's verdict on an iteration: the loop writes one of these, the site shows it. */
export const VERDICTS = ['pass', 'fail', 'partial', 'error'] as const;

/** A parity feature's state in acceptance/parity-matrix.yaml. */
export const PARITY_STATES = ['green', 'red', 'manual', 'n/a'] as const;

/** Longest log published per iteration, its last lines; the rest is counted as "N lines withheld for size". */
export const MAX_LOG_LINES = 2000;

const timestamp = z.string();
const money = z.number().min(0);
const count = z.number().int().min(0);

const verdictPublicSchema = z.object({
  verdict: z.enum(VERDICTS),
  score: z.number().min(0).max(1).nullable().describe('null when the judge gave no score (an imported run\'s exit status)'),
  judge: z.string(),
  ts: timestamp.nullable().describe('null when the record does not say when it was judged'),
  issues: z.array(z.string()),
  summary: z.string(),
});

const parityChangeSchema = z.object({ state: z.enum(PARITY_STATES), iteration: count.nullable(), at: timestamp });

const healthPointSchema = z.object({
  ts: timestamp,
  overall: z.enum(CHECK_STATES),
  heartbeat_age_s: z.number().nullable(),
  vllm_running: z.number().nullable(),
  vllm_waiting: z.number().nullable(),
  vllm_tokens_per_s: z.number().nullable(),
  gpu_util_pct: z.number().nullable(),
  disk_used_pct: z.number().nullable(),
  site_state: z.enum(CHECK_STATES).nullable().describe('the site freshness check: WARN or CRIT while publishing is behind'),
});

const reviewPublicSchema = z.object({
  ts: timestamp,
  reviewer: z.string(),
  score: z.number().min(0).max(100),
  summary: z.string(),
  findings: z.array(z.object({ severity: z.enum(['info', 'warn', 'crit']), text: z.string(), iterations: z.array(count) })),
});

const iterationStatus = z.enum(['complete', 'in-progress', 'withheld']);

const iterationSummarySchema = z.object({
  number: count,
  title: z.string(),
  status: iterationStatus,
  withheld_reason: z.string().nullable().describe('why a withheld iteration is withheld: the same words its page shows'),
  started_at: timestamp.nullable(),
  ended_at: timestamp.nullable(),
  verdict: z.enum(VERDICTS).nullable(),
  score: z.number().nullable(),
  tokens_in: count,
  tokens_out: count,
  cost_usd: money.nullable().describe('null: its run recorded no cost (imported runs only)'),
  redactions: count.describe('values redacted on this iteration\'s page'),
  withheld_fields: count.describe('fields replaced by the withheld marker on this iteration\'s page'),
  signals: z.string().regex(SIGNALS_PATTERN).optional()
    .describe('what the Insights page compares across iterations, from its public page (contract/insights/iteration-signals.ts), as "h:<hunks> p:<plan> t:<tests> d:<y|n>": a short hash per distinct changed hunk of its diff (its file and changed lines, whitespace squashed; none after "h:": no code changed), of its plan\'s words (numbers as #) and of its test results, and whether the judge\'s verdict and the tests disagree; "?": not known. Absent: published before journey worked it out')
});

/** When a change of "what changed" happened: null when its record does not say. */
const changeTime = timestamp.nullable();
const verdictCounts = z.record(z.enum(VERDICTS), count);
/** A group's span: how many changes, the iterations they name, when they happened. */
const changeSpan = {
  count: count.describe('changes in the group'),
  first: count.nullable().describe('the lowest iteration number the group names'),
  last: count.nullable().describe('the highest iteration number the group names'),
  from: changeTime.describe('when the earliest change happened'),
  to: changeTime.describe('when the newest change happened'),
};
/** A group's changes one by one, newest first; empty when the group is summarised. */
const listed = <T extends z.ZodType>(item: T) => z.array(item).describe('each change, newest first; empty when the group is summarised');

/** The loop-wide files whose section a bad file withholds (the rest of the site publishes). */
export const WITHHELD_SECTIONS = ['state', 'heartbeat', 'parity'] as const;

/** Counts per rule, never values: readers see what was removed. */
const redactionReport = z.object({ total: count, by_rule: z.record(z.string(), count) });

export const siteDataSchema = z.object({
  schema_version: z.literal(1),
  state: z
    .object({
      iteration: count,
      phase: z.string().describe('as the loop names it: planner, writer, judge, idle or its own'),
      status: z.string().describe('as the loop names it: running, paused, stopped, crashed or its own'),
      goal: z.string(),
      started_at: timestamp,
      updated_at: timestamp,
    })
    .nullable()
    .describe('null while the loop has not started: the site says "waiting for the loop"'),
  heartbeat: z.object({ ts: timestamp, iteration: count, phase: z.string() }).nullable(),
  narrative: z.string().nullable().describe("the optional narrative step's redacted summary of the journey so far"),
  totals: z.object({
    iterations: count,
    complete: count,
    in_progress: count,
    withheld: count,
    tokens_in: count,
    tokens_out: count,
    cost_usd: money,
    by_model: z.array(z.object({ model: z.string(), tokens_in: count, tokens_out: count, cost_usd: money.nullable().describe('null: no run of it recorded a cost') })).describe('the most expensive first'),
  }),
  cost_by_model: z
    .array(z.object({ model: z.string(), points: z.array(z.tuple([count, money])) }))
    .describe('cumulative cost per model after groups of iterations ([iteration, US dollars]): the five most expensive models and "other models"'),
  verdict_counts: z.record(z.enum(VERDICTS), count),
  parity: z
    .object({
      counts: z.record(z.enum(PARITY_STATES), count),
      features: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          state: z.enum(PARITY_STATES),
          note: z.string().nullable(),
          iteration: count.nullable(),
          history: z.array(parityChangeSchema).describe('state changes, oldest first (the newest is the current state)'),
        }),
      ),
    })
    .nullable(),
  health: z.object({
    latest: monitorSampleSchema.nullable(),
    series: z.array(healthPointSchema).describe('samples of the last days, thinned to a few hundred points, oldest first'),
    restarts: z.array(z.object({ at: timestamp, action: z.enum(['restart', 'gave-up']) })).optional()
      .describe('the watchdog\'s restarts of the loop (and its refusals past the hourly limit) over the same days, oldest first; absent: published before journey recorded them'),
  }),
  reviews: z.object({
    items: z.array(reviewPublicSchema).describe('the newest reviews, newest first'),
    scores: z.array(z.object({ ts: timestamp, score: z.number() })).describe('health scores, oldest first'),
  }),
  changes: z
    .object({
      at: timestamp.nullable().describe('when the newest change happened, by the loop\'s own times (never the publish time); null when none says'),
      iterations: z.object({
        ...changeSpan,
        verdicts: verdictCounts.describe('the group\'s iterations by verdict'),
        unjudged: count.describe('the group\'s iterations without a verdict'),
        items: listed(z.object({
          number: count, title: z.string(), status: iterationStatus, verdict: z.enum(VERDICTS).nullable(),
          new: z.boolean().describe('false: published before, its status changed (it finished, or was withheld)'),
          at: changeTime.describe('its end, else its start'),
        })),
      }).describe('iterations new since the last publish, or whose status changed'),
      verdicts: z.object({
        ...changeSpan,
        verdicts: verdictCounts.describe('the new verdicts, by verdict'),
        items: listed(z.object({ number: count, from: z.enum(VERDICTS).nullable(), to: z.enum(VERDICTS).nullable(), at: changeTime.describe('the verdict\'s own time (its ts)') })),
      }).describe('iterations published before whose verdict is new or changed'),
      parity: z.object({
        ...changeSpan,
        states: z.record(z.enum(PARITY_STATES), count).describe('the features that changed, by their new state'),
        added: count.describe('of them, features new to the matrix'),
        items: listed(z.object({
          id: z.string(), name: z.string(), from: z.enum(PARITY_STATES).nullable(), to: z.enum(PARITY_STATES), iteration: count.nullable(),
          at: changeTime.describe('the time of the iteration it moved in (its end, else its start)'),
        })),
      }).describe('parity features that moved, or are new'),
    })
    .nullable()
    .describe('what the latest publish that changed anything changed, each change at its own time; a group of more than 10 changes, and every group of the first publish, is summarised (its items empty)'),
  iterations: z.array(iterationSummarySchema),
  subagents: z.array(z.object({ name: z.string(), phase: z.string(), iteration: count, started_at: timestamp })),
  withheld: z.array(z.object({ item: z.string(), reason: z.string() })),
  withheld_sections: z
    .array(z.object({
      section: z.enum(WITHHELD_SECTIONS),
      file: z.string(),
      since: timestamp.nullable().describe('when the file was last written (its mtime): unreadable since then'),
    }))
    .describe('loop-wide files that could not be read this time: their section of the site shows a marker instead (state: the loop\'s status is unknown)'),
  redactions: redactionReport,
  redactions_by_file: z.record(z.string(), z.record(z.string(), count))
    .describe('redactions by rule in the loop-wide files (state.json, the parity matrix, reviews...), by file: what each aggregate page shows'),
});

const nullableCount = count.nullable();
const traceStepSchema = z.object({
  n: count.describe('1-based; the page anchor is #step-<n>'),
  source: z.enum(['system', 'user', 'agent', 'tool', 'environment']),
  timestamp: timestamp.nullable(),
  model: z.string().nullable(),
  message: z.string().nullable(),
  reasoning: z.string().nullable(),
  tool_calls: z.array(z.object({ id: z.string().nullable(), name: z.string(), arguments: z.string() })),
  observations: z.array(z.object({
    call_id: z.string().nullable(), content: z.string(), bytes: count.describe('size of the whole observation; content may be clipped'),
    subrun: z.string().nullable(),
  })),
  metrics: z.object({ prompt_tokens: nullableCount, completion_tokens: nullableCount, cached_tokens: nullableCount, cost_usd: money.nullable() }).nullable(),
  copied: z.boolean().describe('copied from an earlier context (ATIF is_copied_context)'),
});

export const iterationPageSchema = z.object({
  number: count,
  title: z.string(),
  status: z.enum(['complete', 'in-progress', 'withheld']),
  withheld_reason: z.string().nullable().describe('why a withheld page is withheld'),
  started_at: timestamp.nullable(),
  ended_at: timestamp.nullable(),
  phases: z.array(
    z.object({
      name: z.string(),
      model: z.string().nullable().describe('null: not recorded (imported runs only; the loop always records it)'),
      started_at: timestamp.nullable(),
      ended_at: timestamp.nullable(),
      tokens_in: count.nullable(),
      tokens_out: count.nullable(),
      cost_usd: money.nullable().describe('null: not recorded (Claude Code and Codex record no cost); never counted as 0 on the page'),
      /** The phase's time budget when it was published (the `phaseBudgetMinutes` setting); null when it has none. */
      budget_minutes: z.number().min(0).nullable(),
    }),
  ),
  plan: z.string().nullable(),
  diff: z.string().nullable(),
  judge: z.string().nullable(),
  tests: z
    .object({
      passed: count,
      failed: count,
      skipped: count,
      cases: z.array(z.object({ name: z.string(), status: z.string(), duration_ms: z.number(), message: z.string().nullable() })),
    })
    .nullable(),
  log: z.string().nullable(),
  log_lines_withheld: count,
  redactions: redactionReport,
  withheld_fields: z.array(z.string()).describe('dotted paths of fields replaced by the withheld marker'),
  notes: z.array(z.string()).describe("what was withheld from this iteration's input and why, and counts that disagree: one line each"),
  verdict: verdictPublicSchema.nullable(),
  source: z.object({
    format: z.string().describe('the importer: atif, harbor, claude-code, codex, openhands, swe-agent, mini-swe-agent, inspect'),
    record: z.string().describe('the record in the source folder: its path, plus #<id> when one file holds several runs'),
    agent: z.string().nullable(),
    task: z.string().nullable(),
  }).optional().describe('imported runs only: where the run came from'),
  trace: z.object({
    steps: z.array(traceStepSchema),
    steps_not_kept: count.describe('steps past the importer\'s limit, counted, not shown'),
    subruns: z.array(z.object({ record: z.string(), title: z.string().nullable(), steps: z.array(traceStepSchema) }))
      .describe('subagent runs, nested under the run that started them'),
  }).optional().describe('imported runs only: every step of the run, exported as ATIF at /iterations/<n>/trajectory.json'),
  prev: count.nullable(),
  next: count.nullable(),
});

export type SiteData = z.output<typeof siteDataSchema>;
export type HealthPoint = z.output<typeof healthPointSchema>;
export type ParityChange = z.output<typeof parityChangeSchema>;
export type IterationSummary = z.output<typeof iterationSummarySchema>;
export type Changes = NonNullable<SiteData['changes']>;
export type IterationPage = z.output<typeof iterationPageSchema>;
export type TracePublicStep = z.output<typeof traceStepSchema>;
