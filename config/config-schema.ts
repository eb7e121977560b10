// The one configuration schema of journey: every setting, its default, its env variable and flag.
import { z } from 'zod';
import { SOURCE_FORMATS } from '../contract/source-formats.ts';
import { renderCachePath, triggerPath } from '../core/data-layout.ts';

/** Numbers arrive as strings from the environment and flags; convert only clean integers. */
const integer = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
    z.number({ error: `must be an integer from ${min} to ${max}` }).int().min(min).max(max),
  );

const nonEmptyPath = z.string().trim().min(1, 'must be a non-empty path');

/** A command line, split on spaces (no shell): `systemctl restart autoswe.service`. */
const command = z.string().trim().min(1, 'must be a command').transform((value) => value.split(/\s+/));

/** `planner=10,writer=15,judge=12`: each phase's time budget in minutes. */
const budgets = z.preprocess(
  (value) => (typeof value === 'string'
    ? Object.fromEntries(value.split(',').filter((part) => part.trim()).map((part) => part.split('=').map((s) => s.trim())).map(([k, v]) => [k, /^\d+$/.test(v ?? '') ? Number(v) : v]))
    : value),
  z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'phase names are lower-case words'), z.number({ error: 'each budget is whole minutes, e.g. planner=10' }).int().min(1).max(1440)),
);

/** Switches arrive as strings from the environment: 1/true/yes/on or 0/false/no/off. */
const onOff = z.preprocess(
  (value) => (typeof value === 'string' && /^\s*(?:1|true|yes|on|0|false|no|off)\s*$/i.test(value) ? /^\s*(?:1|true|yes|on)\s*$/i.test(value) : value),
  z.boolean({ error: 'must be 1/true/yes/on or 0/false/no/off' }),
);

/** One setting as its row declares it: validation, sources, default, help and description together. */
interface SettingRow<S extends z.ZodType> {
  schema: S;
  /** Command-line flag, when the setting has one. */
  flag?: string;
  /** How --help describes the flag: its text (then `(env X)`), its value's name, and its default when not the setting's. */
  flagHelp?: { text: string; valueName: string; defaultText?: string };
  /** Environment variable, when the setting has one. */
  env?: string;
  default: z.input<S> | undefined;
  /** Relative values are resolved against the cwd (flag, env) or the config file's folder. */
  isPath?: boolean;
  /** An empty environment variable is a value (switch the component off), not "unset". */
  emptyIsValue?: boolean;
  /**
   * A default that follows from other settings (the trigger file lives in the data folder): what the
   * consumers use when the setting is unset, so `npm run config -- --print` shows the value in force.
   */
  derivedDefault?: { text: string; value: (config: { dataDir: string }) => string };
  /** Its values are what journey redacts: `--print` counts them and never shows them. */
  private?: boolean;
  description: string;
}

const row = <S extends z.ZodType>(setting: SettingRow<S>): SettingRow<S> => setting;

/**
 * Every setting in one table, in the order `npm run config -- --print` shows them. The zod schema, the
 * resolution (flag > environment > journey.config.json > default), `--print` and the flags' --help
 * lines are all made from it.
 */
const TABLE = {
  loopDir: row({ schema: nonEmptyPath.optional(),
    flagHelp: { text: "the loop's folder", valueName: 'DIR' },
    flag: 'loop-dir', env: 'JOURNEY_LOOP_DIR', default: undefined, isPath: true,
    description: "the loop's folder (read only)" }),
  source: row({ schema: z.enum(['auto', ...SOURCE_FORMATS], { error: `must be auto or one of ${SOURCE_FORMATS.join(', ')}` }),
    flagHelp: { text: 'format of the records in --loop-dir: auto detects each file by its content', valueName: 'FORMAT' },
    flag: 'source', env: 'JOURNEY_SOURCE', default: 'auto',
    description: `what --loop-dir holds: auto (detected by content), ${SOURCE_FORMATS.join(', ')}` }),
  dataDir: row({ schema: nonEmptyPath,
    flagHelp: { text: "journey's data folder", valueName: 'DIR' },
    flag: 'data-dir', env: 'JOURNEY_DATA_DIR', default: './data', isPath: true,
    description: "journey's own folder: public data, releases, current" }),
  port: row({ schema: integer(0, 65535),
    flagHelp: { text: 'port to listen on', valueName: 'N' },
    flag: 'port', env: 'JOURNEY_PORT', default: 8765, description: 'port of the public server' }),
  host: row({ schema: z.string().trim().min(1, 'must be a host name or address'),
    flagHelp: { text: 'address to bind', valueName: 'ADDR' },
    flag: 'host', env: 'JOURNEY_HOST', default: '0.0.0.0', description: 'address the server binds' }),
  maxFileBytes: row({ schema: integer(1, 2 ** 40),
    env: 'JOURNEY_MAX_FILE_BYTES', default: 20 * 1024 * 1024,
    description: 'largest loop file read; a larger one withholds its item' }),
  keepReleases: row({ schema: integer(1, 1000),
    env: 'JOURNEY_KEEP_RELEASES', default: 5, description: 'releases kept for rollback' }),
  releaseGraceSeconds: row({ schema: integer(0, 86_400),
    env: 'JOURNEY_RELEASE_GRACE_SECONDS', default: 600,
    description: 'a replaced release is pruned no sooner than this, so downloads from it can finish' }),
  snapshotDays: row({ schema: integer(1, 36_500),
    env: 'JOURNEY_SNAPSHOT_DAYS', default: 30, description: 'snapshots of site-data.json older than this are removed' }),
  snapshotMax: row({ schema: integer(1, 1_000_000),
    env: 'JOURNEY_SNAPSHOT_MAX', default: 500, description: 'at most this many snapshots are kept' }),
  maxDiskUsedPercent: row({ schema: integer(1, 100),
    env: 'JOURNEY_MAX_DISK_USED_PERCENT', default: 90,
    description: 'synth refuses to publish when the data folder\'s file system is this full' }),
  publishThreads: row({ schema: integer(0, 64),
    env: 'JOURNEY_PUBLISH_THREADS', default: 0,
    description: 'worker threads of a large publish (0: one per core, at most 4; 1: none, all in one thread)' }),
  timerFirstSeconds: row({ schema: integer(0, 86_400),
    env: 'JOURNEY_TIMER_FIRST_SECONDS', default: 120,
    description: 'npm start: the first timer publish comes this long after start (0: no timer)' }),
  timerEverySeconds: row({ schema: integer(0, 86_400),
    env: 'JOURNEY_TIMER_EVERY_SECONDS', default: 900,
    description: 'npm start: a timer publish every this many seconds (0: no timer)' }),
  siteUrl: row({ schema: z.string().trim().url('must be an absolute URL such as https://journey.example.org').optional(),
    env: 'JOURNEY_SITE_URL', default: undefined,
    description: 'the public base URL of the site, for absolute links in the Atom feed (default: links relative to the feed)' }),
  noindex: row({ schema: onOff,
    env: 'JOURNEY_NOINDEX', default: false,
    description: 'ask search engines not to index the site: robots.txt disallows everything and every page carries a noindex meta tag' }),
  basePath: row({ schema: z.string().trim().transform((value) => value.replace(/\/+$/, ''))
    .pipe(z.string().regex(/^(?:\/[A-Za-z0-9._~-]+)*$/, 'must be empty or a path such as /journey (letters, digits, . _ ~ -)')),
    env: 'JOURNEY_BASE_PATH', default: '',
    description: 'host the site under this path, e.g. /journey: every link carries it and the server answers only below it (JOURNEY_SITE_URL then includes it too)' }),
  dbDir: row({ schema: nonEmptyPath.optional(),
    env: 'JOURNEY_DB_DIR', default: undefined, isPath: true,
    derivedDefault: { text: 'the data folder', value: (config) => config.dataDir },
    description: 'where journey.db lives (default: the data folder); apart from it on Kubernetes, where releases sit on a shared volume and SQLite must stay on one host' }),
  renderCacheDir: row({ schema: nonEmptyPath.optional(),
    env: 'JOURNEY_RENDER_CACHE_DIR', default: undefined, isPath: true,
    derivedDefault: { text: '<data>/cache/render', value: (config) => renderCachePath(config) },
    description: 'where the site\'s render bundles are kept, one per version of the site code (default: <data>/cache/render); data folders on one host may share one, each version is built once'
      + ' and the two newest are kept' }),
  trigger: row({ schema: nonEmptyPath.optional(),
    flagHelp: { text: 'the file that asks for a publish', valueName: 'FILE', defaultText: '<data-dir>/synth-trigger' },
    flag: 'trigger', env: 'JOURNEY_TRIGGER', default: undefined, isPath: true,
    derivedDefault: { text: '<data>/synth-trigger', value: (config) => triggerPath(config) },
    description: 'the file that asks for a publish when it appears or changes (default: <data-dir>/synth-trigger)' }),
  workerCommand: row({ schema: z.string().trim().optional(),
    env: 'JOURNEY_WORKER_COMMAND', default: undefined,
    derivedDefault: { text: "journey's own publish worker", value: () => 'node server/publish/publish-worker.ts' },
    description: 'the publish worker: a Node program taking publish requests over IPC, split on spaces (default: node server/publish/publish-worker.ts)' }),
  publishTimeoutSeconds: row({ schema: integer(1, 86_400),
    env: 'JOURNEY_PUBLISH_TIMEOUT_SECONDS', default: 600,
    description: "a publish running longer is stopped (the worker's whole process group) and recorded as timed out" }),
  killGraceSeconds: row({ schema: integer(0, 600),
    env: 'JOURNEY_KILL_GRACE_SECONDS', default: 10,
    description: 'after SIGTERM, a process group gets this long before SIGKILL' }),
  reconcileSeconds: row({ schema: integer(1, 86_400),
    env: 'JOURNEY_RECONCILE_SECONDS', default: 60,
    description: 'the trigger file is also checked this often, in case the watcher missed an event' }),
  serveProcesses: row({ schema: integer(0, 64),
    env: 'JOURNEY_SERVE_PROCESSES', default: 0,
    description: 'processes answering requests on the port (0: one per core, at most 4)' }),
  hotBytes: row({ schema: integer(0, 2 ** 34),
    env: 'JOURNEY_HOT_BYTES', default: 64 * 1024 * 1024,
    description: 'memory per serving process for small release files (each up to 1 MiB) served from memory' }),
  headersTimeoutMs: row({ schema: integer(1, 600_000),
    env: 'JOURNEY_HEADERS_TIMEOUT_MS', default: 10_000,
    description: "a client must send a request's headers within this time" }),
  requestTimeoutMs: row({ schema: integer(1, 3_600_000),
    env: 'JOURNEY_REQUEST_TIMEOUT_MS', default: 30_000,
    description: 'a client must send a whole request within this time' }),
  keepAliveTimeoutMs: row({ schema: integer(0, 600_000),
    env: 'JOURNEY_KEEP_ALIVE_TIMEOUT_MS', default: 5_000,
    description: 'an idle keep-alive connection is closed after this time' }),
  maxHeaderBytes: row({ schema: integer(1024, 1024 * 1024),
    env: 'JOURNEY_MAX_HEADER_BYTES', default: 16 * 1024,
    description: 'larger request headers are refused (431)' }),
  maxConnections: row({ schema: integer(1, 1_000_000),
    env: 'JOURNEY_MAX_CONNECTIONS', default: 1024,
    description: 'open connections per serving process; more are refused' }),
  shutdownSeconds: row({ schema: integer(0, 600),
    env: 'JOURNEY_SHUTDOWN_SECONDS', default: 10,
    description: 'on SIGTERM or SIGINT, responses under way get this long to finish' }),
  narrativeCommand: row({ schema: z.string().trim().optional(),
    env: 'JOURNEY_NARRATIVE_COMMAND', default: undefined,
    description: 'optional command printing a narrative of the journey (run with the loop folder as its argument; its output is redacted)' }),
  vllmUrl: row({ schema: z.union([z.literal(''), z.string().trim().url('must be empty (no vLLM) or a URL such as http://127.0.0.1:8010')]),
    env: 'JOURNEY_VLLM_URL', default: 'http://127.0.0.1:8010', emptyIsValue: true,
    description: "monitor: vLLM's base URL (its Prometheus /metrics); empty: no vLLM, the check is n/a" }),
  vllmWindowSeconds: row({ schema: integer(1, 120),
    env: 'JOURNEY_VLLM_WINDOW_SECONDS', default: 6,
    description: 'monitor: tokens/s is measured over this window; requests running with no token in it is a stall' }),
  checkTimeoutSeconds: row({ schema: integer(1, 600),
    env: 'JOURNEY_CHECK_TIMEOUT_SECONDS', default: 10,
    description: 'monitor: a check that takes longer is cut off and reported UNKNOWN' }),
  nvidiaSmi: row({ schema: z.string().trim(),
    env: 'JOURNEY_NVIDIA_SMI', default: 'nvidia-smi', emptyIsValue: true,
    description: 'monitor: the nvidia-smi program (looked up on PATH); empty: no GPU, the check is n/a' }),
  gpuMemoryWarnPercent: row({ schema: integer(1, 100),
    env: 'JOURNEY_GPU_MEMORY_WARN_PERCENT', default: 90,
    description: 'monitor: the GPU check is WARN when a GPU\'s memory is this full (vLLM reserves 90% by default: raise it there)' }),
  gpuMemoryCritPercent: row({ schema: integer(1, 100),
    env: 'JOURNEY_GPU_MEMORY_CRIT_PERCENT', default: 97,
    description: 'monitor: the GPU check is CRIT when a GPU\'s memory is this full (out-of-memory is near)' }),
  phaseBudgetMinutes: row({ schema: budgets,
    env: 'JOURNEY_PHASE_BUDGETS', default: { planner: 10, writer: 15, judge: 12 },
    description: 'monitor and iteration pages: time budgets of the loop\'s phases in minutes, as planner=10,writer=15,judge=12 (a phase not named has none)' }),
  sampleRetentionDays: row({ schema: integer(1, 3650),
    env: 'JOURNEY_SAMPLE_RETENTION_DAYS', default: 14,
    description: 'monitor --log: samples older than this are dropped from system-state.jsonl' }),
  alertCommand: row({ schema: command.optional(),
    flag: 'alert-command', env: 'JOURNEY_ALERT_COMMAND', default: undefined,
    description: 'monitor, watchdog: run with a JSON alert on stdin when the overall state worsens or the watchdog gives up (once per change)' }),
  restartCommand: row({ schema: command,
    env: 'JOURNEY_RESTART_COMMAND', default: 'systemctl restart autoswe.service',
    description: 'watchdog: how to restart the loop' }),
  serviceFailedCommand: row({ schema: z.union([z.literal('').transform(() => undefined), command]).optional(),
    env: 'JOURNEY_SERVICE_FAILED_COMMAND', default: 'systemctl is-failed --quiet autoswe.service', emptyIsValue: true,
    description: "watchdog: exits 0 when the loop's service is in a failed state (empty: not checked)" }),
  maxRestartsPerHour: row({ schema: integer(0, 100),
    env: 'JOURNEY_MAX_RESTARTS_PER_HOUR', default: 3,
    description: 'watchdog: restarts in any hour at most; past it the watchdog stops restarting and reports CRIT' }),
  reviewerCommand: row({ schema: command,
    env: 'JOURNEY_REVIEWER_COMMAND', default: 'codex exec --skip-git-repo-check --sandbox read-only --model gpt-5.5 -c model_reasoning_effort=high',
    description: 'judge: the external reviewer CLI, split on spaces; the prompt is passed as its last argument, stdin closed' }),
  reviewerMarker: row({ schema: z.string().trim().min(1),
    env: 'JOURNEY_REVIEWER_MARKER', default: 'codex',
    description: "judge: the line that heads the reviewer's answer; the last such section is kept" }),
  judgeTimeoutSeconds: row({ schema: integer(1, 86_400),
    env: 'JOURNEY_JUDGE_TIMEOUT_SECONDS', default: 420,
    description: "judge: a reviewer running longer is killed (its whole process group)" }),
  breakerFailures: row({ schema: integer(1, 1000),
    env: 'JOURNEY_BREAKER_FAILURES', default: 5,
    description: 'judge: after this many failures in a row the reviewer is not called for a cool-down' }),
  breakerCooldownSeconds: row({ schema: integer(1, 86_400),
    env: 'JOURNEY_BREAKER_COOLDOWN_SECONDS', default: 900,
    description: 'judge: the cool-down; then one call is tried (half-open)' }),
  dailyBudgetUsd: row({ schema: z.preprocess((value) => (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : value),
    z.number({ error: 'must be a number of US dollars, 0 for none' }).min(0)),
    env: 'JOURNEY_DAILY_BUDGET_USD', default: 0,
    description: 'status: the loop\'s daily cost budget in US dollars (0: none)' }),
  denylist: row({ schema: z.array(z.string().min(3, 'each denylist word needs at least 3 characters')),
    default: [], private: true, description: 'literal words always redacted (config file only)' }),
  secretEnvFile: row({ schema: nonEmptyPath.optional(),
    env: 'JOURNEY_SECRET_ENV_FILE', default: undefined, isPath: true,
    description: 'a .env file whose values are redacted wherever they appear, in any encoding' }),
  secretDir: row({ schema: nonEmptyPath.optional(),
    env: 'JOURNEY_SECRET_DIR', default: undefined, isPath: true,
    description: 'a folder of secret files (a Kubernetes or Docker secret mount); each value is redacted' }),
  secretEnvVars: row({ schema: z.array(z.string().regex(/^[A-Za-z_*][A-Za-z0-9_*]*$/, 'each entry is a variable name, `*` matching any run')),
    default: ['*_TOKEN', '*_API_KEY', '*_SECRET', '*_SECRET_KEY', '*_PASSWORD', '*_ACCESS_KEY'],
    description: "environment variables whose values are redacted (config file only; `*` matches any run)" }),
};

type Table = typeof TABLE;

export const configSchema = z.object(Object.fromEntries(Object.entries(TABLE).map(([key, setting]) => [key, setting.schema])) as { [K in keyof Table]: Table[K]['schema'] });

export type JourneyConfig = z.output<typeof configSchema>;
export type ConfigKey = keyof JourneyConfig;

/** A row of the table with its key. */
export interface SettingSpec extends Omit<SettingRow<z.ZodType>, 'schema' | 'default' | 'derivedDefault'> {
  key: ConfigKey;
  default: unknown;
  derivedDefault?: { text: string; value: (config: JourneyConfig) => string };
}

/** Every setting, with its key, in the table's order. */
export const SETTINGS: readonly SettingSpec[] = Object.entries(TABLE).map(([key, { schema: _schema, ...setting }]) => ({ ...setting, key: key as ConfigKey }) as SettingSpec);

export const CONFIG_FILE_NAME = 'journey.config.json';
