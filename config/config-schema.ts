// The one configuration schema of journey: every setting, its default, its env variable and flag.
import path from 'node:path';
import { z } from 'zod';

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

export const configSchema = z.object({
  loopDir: nonEmptyPath.optional(),
  dataDir: nonEmptyPath,
  dbDir: nonEmptyPath.optional(),
  port: integer(0, 65535),
  host: z.string().trim().min(1, 'must be a host name or address'),
  maxFileBytes: integer(1, 2 ** 40),
  keepReleases: integer(1, 1000),
  releaseGraceSeconds: integer(0, 86_400),
  snapshotDays: integer(1, 36_500),
  snapshotMax: integer(1, 1_000_000),
  maxDiskUsedPercent: integer(1, 100),
  publishThreads: integer(0, 64),
  narrativeCommand: z.string().trim().optional(),
  siteUrl: z.string().trim().url('must be an absolute URL such as https://journey.example.org').optional(),
  noindex: onOff,
  basePath: z.string().trim().transform((value) => value.replace(/\/+$/, ''))
    .pipe(z.string().regex(/^(?:\/[A-Za-z0-9._~-]+)*$/, 'must be empty or a path such as /journey (letters, digits, . _ ~ -)')),
  trigger: nonEmptyPath.optional(),
  workerCommand: z.string().trim().optional(),
  publishTimeoutSeconds: integer(1, 86_400),
  killGraceSeconds: integer(0, 600),
  reconcileSeconds: integer(1, 86_400),
  serveProcesses: integer(0, 64),
  hotBytes: integer(0, 2 ** 34),
  headersTimeoutMs: integer(1, 600_000),
  requestTimeoutMs: integer(1, 3_600_000),
  keepAliveTimeoutMs: integer(0, 600_000),
  maxHeaderBytes: integer(1024, 1024 * 1024),
  maxConnections: integer(1, 1_000_000),
  shutdownSeconds: integer(0, 600),
  timerFirstSeconds: integer(0, 86_400),
  timerEverySeconds: integer(0, 86_400),
  vllmUrl: z.union([z.literal(''), z.string().trim().url('must be empty (no vLLM) or a URL such as http://127.0.0.1:8010')]),
  vllmWindowSeconds: integer(1, 120),
  checkTimeoutSeconds: integer(1, 600),
  nvidiaSmi: z.string().trim(),
  gpuMemoryWarnPercent: integer(1, 100),
  gpuMemoryCritPercent: integer(1, 100),
  phaseBudgetMinutes: budgets,
  sampleRetentionDays: integer(1, 3650),
  alertCommand: command.optional(),
  restartCommand: command,
  serviceFailedCommand: z.union([z.literal('').transform(() => undefined), command]).optional(),
  maxRestartsPerHour: integer(0, 100),
  reviewerCommand: command,
  reviewerMarker: z.string().trim().min(1),
  judgeTimeoutSeconds: integer(1, 86_400),
  breakerFailures: integer(1, 1000),
  breakerCooldownSeconds: integer(1, 86_400),
  dailyBudgetUsd: z.preprocess((value) => (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : value),
    z.number({ error: 'must be a number of US dollars, 0 for none' }).min(0)),
  denylist: z.array(z.string().min(3, 'each denylist word needs at least 3 characters')),
  secretEnvFile: nonEmptyPath.optional(),
  secretDir: nonEmptyPath.optional(),
  secretEnvVars: z.array(z.string().regex(/^[A-Za-z_*][A-Za-z0-9_*]*$/, 'each entry is a variable name, `*` matching any run')),
});

export type JourneyConfig = z.output<typeof configSchema>;
export type ConfigKey = keyof JourneyConfig;

export interface SettingSpec {
  key: ConfigKey;
  /** Command-line flag, when the setting has one. */
  flag?: string;
  /** Environment variable, when the setting has one. */
  env?: string;
  default: JourneyConfig[ConfigKey];
  /** Relative values are resolved against the cwd (flag, env) or the config file's folder. */
  isPath?: boolean;
  /** An empty environment variable is a value (switch the component off), not "unset". */
  emptyIsValue?: boolean;
  /**
   * A default that follows from other settings (the trigger file lives in the data folder): what the
   * consumers use when the setting is unset, so `npm run config -- --print` shows the value in force.
   */
  derivedDefault?: { text: string; value: (config: JourneyConfig) => string };
  /** Its values are what journey redacts: `--print` counts them and never shows them. */
  private?: boolean;
  description: string;
}

/** Every setting in one table; `npm run config -- --print` walks it in this order. */
export const SETTINGS: readonly SettingSpec[] = [
  { key: 'loopDir', flag: 'loop-dir', env: 'JOURNEY_LOOP_DIR', default: undefined, isPath: true,
    description: "the loop's folder (read only)" },
  { key: 'dataDir', flag: 'data-dir', env: 'JOURNEY_DATA_DIR', default: './data', isPath: true,
    description: "journey's own folder: public data, releases, current" },
  { key: 'port', flag: 'port', env: 'JOURNEY_PORT', default: 8765, description: 'port of the public server' },
  { key: 'host', flag: 'host', env: 'JOURNEY_HOST', default: '0.0.0.0', description: 'address the server binds' },
  { key: 'maxFileBytes', env: 'JOURNEY_MAX_FILE_BYTES', default: 20 * 1024 * 1024,
    description: 'largest loop file read; a larger one withholds its item' },
  { key: 'keepReleases', env: 'JOURNEY_KEEP_RELEASES', default: 5, description: 'releases kept for rollback' },
  { key: 'releaseGraceSeconds', env: 'JOURNEY_RELEASE_GRACE_SECONDS', default: 600,
    description: 'a replaced release is pruned no sooner than this, so downloads from it can finish' },
  { key: 'snapshotDays', env: 'JOURNEY_SNAPSHOT_DAYS', default: 30, description: 'snapshots of site-data.json older than this are removed' },
  { key: 'snapshotMax', env: 'JOURNEY_SNAPSHOT_MAX', default: 500, description: 'at most this many snapshots are kept' },
  { key: 'maxDiskUsedPercent', env: 'JOURNEY_MAX_DISK_USED_PERCENT', default: 90,
    description: 'synth refuses to publish when the data folder\'s file system is this full' },
  { key: 'publishThreads', env: 'JOURNEY_PUBLISH_THREADS', default: 0,
    description: 'worker threads of a large publish (0: one per core, at most 4; 1: none, all in one thread)' },
  { key: 'timerFirstSeconds', env: 'JOURNEY_TIMER_FIRST_SECONDS', default: 120,
    description: 'npm start: the first timer publish comes this long after start (0: no timer)' },
  { key: 'timerEverySeconds', env: 'JOURNEY_TIMER_EVERY_SECONDS', default: 900,
    description: 'npm start: a timer publish every this many seconds (0: no timer)' },
  { key: 'siteUrl', env: 'JOURNEY_SITE_URL', default: undefined,
    description: 'the public base URL of the site, for absolute links in the Atom feed (default: links relative to the feed)' },
  { key: 'noindex', env: 'JOURNEY_NOINDEX', default: false,
    description: 'ask search engines not to index the site: robots.txt disallows everything and every page carries a noindex meta tag' },
  { key: 'basePath', env: 'JOURNEY_BASE_PATH', default: '',
    description: 'host the site under this path, e.g. /journey: every link carries it and the server answers only below it (JOURNEY_SITE_URL then includes it too)' },
  { key: 'dbDir', env: 'JOURNEY_DB_DIR', default: undefined, isPath: true,
    derivedDefault: { text: 'the data folder', value: (config) => config.dataDir },
    description: 'where journey.db lives (default: the data folder); apart from it on Kubernetes, where releases sit on a shared volume and SQLite must stay on one host' },
  { key: 'trigger', flag: 'trigger', env: 'JOURNEY_TRIGGER', default: undefined, isPath: true,
    // server/publish/worker-protocol.ts triggerPath() and console-cli.ts resolve it the same way.
    derivedDefault: { text: '<data>/synth-trigger', value: (config) => path.join(config.dataDir, 'synth-trigger') },
    description: 'the file that asks for a publish when it appears or changes (default: <data-dir>/synth-trigger)' },
  { key: 'workerCommand', env: 'JOURNEY_WORKER_COMMAND', default: undefined,
    derivedDefault: { text: "journey's own publish worker", value: () => 'node server/publish/publish-worker.ts' },
    description: 'the publish worker: a Node program taking publish requests over IPC, split on spaces (default: node server/publish/publish-worker.ts)' },
  { key: 'publishTimeoutSeconds', env: 'JOURNEY_PUBLISH_TIMEOUT_SECONDS', default: 600,
    description: "a publish running longer is stopped (the worker's whole process group) and recorded as timed out" },
  { key: 'killGraceSeconds', env: 'JOURNEY_KILL_GRACE_SECONDS', default: 10,
    description: 'after SIGTERM, a process group gets this long before SIGKILL' },
  { key: 'reconcileSeconds', env: 'JOURNEY_RECONCILE_SECONDS', default: 60,
    description: 'the trigger file is also checked this often, in case the watcher missed an event' },
  { key: 'serveProcesses', env: 'JOURNEY_SERVE_PROCESSES', default: 0,
    description: 'processes answering requests on the port (0: one per core, at most 4)' },
  { key: 'hotBytes', env: 'JOURNEY_HOT_BYTES', default: 64 * 1024 * 1024,
    description: 'memory per serving process for small release files (each up to 1 MiB) served from memory' },
  { key: 'headersTimeoutMs', env: 'JOURNEY_HEADERS_TIMEOUT_MS', default: 10_000,
    description: "a client must send a request's headers within this time" },
  { key: 'requestTimeoutMs', env: 'JOURNEY_REQUEST_TIMEOUT_MS', default: 30_000,
    description: 'a client must send a whole request within this time' },
  { key: 'keepAliveTimeoutMs', env: 'JOURNEY_KEEP_ALIVE_TIMEOUT_MS', default: 5_000,
    description: 'an idle keep-alive connection is closed after this time' },
  { key: 'maxHeaderBytes', env: 'JOURNEY_MAX_HEADER_BYTES', default: 16 * 1024,
    description: 'larger request headers are refused (431)' },
  { key: 'maxConnections', env: 'JOURNEY_MAX_CONNECTIONS', default: 1024,
    description: 'open connections per serving process; more are refused' },
  { key: 'shutdownSeconds', env: 'JOURNEY_SHUTDOWN_SECONDS', default: 10,
    description: 'on SIGTERM or SIGINT, responses under way get this long to finish' },
  { key: 'narrativeCommand', env: 'JOURNEY_NARRATIVE_COMMAND', default: undefined,
    description: 'optional command printing a narrative of the journey (run with the loop folder as its argument; its output is redacted)' },
  { key: 'vllmUrl', env: 'JOURNEY_VLLM_URL', default: 'http://127.0.0.1:8010', emptyIsValue: true,
    description: "monitor: vLLM's base URL (its Prometheus /metrics); empty: no vLLM, the check is n/a" },
  { key: 'vllmWindowSeconds', env: 'JOURNEY_VLLM_WINDOW_SECONDS', default: 6,
    description: 'monitor: tokens/s is measured over this window; requests running with no token in it is a stall' },
  { key: 'checkTimeoutSeconds', env: 'JOURNEY_CHECK_TIMEOUT_SECONDS', default: 10,
    description: 'monitor: a check that takes longer is cut off and reported UNKNOWN' },
  { key: 'nvidiaSmi', env: 'JOURNEY_NVIDIA_SMI', default: 'nvidia-smi', emptyIsValue: true,
    description: 'monitor: the nvidia-smi program (looked up on PATH); empty: no GPU, the check is n/a' },
  { key: 'gpuMemoryWarnPercent', env: 'JOURNEY_GPU_MEMORY_WARN_PERCENT', default: 90,
    description: 'monitor: the GPU check is WARN when a GPU\'s memory is this full (vLLM reserves 90% by default: raise it there)' },
  { key: 'gpuMemoryCritPercent', env: 'JOURNEY_GPU_MEMORY_CRIT_PERCENT', default: 97,
    description: 'monitor: the GPU check is CRIT when a GPU\'s memory is this full (out-of-memory is near)' },
  { key: 'phaseBudgetMinutes', env: 'JOURNEY_PHASE_BUDGETS', default: { planner: 10, writer: 15, judge: 12 },
    description: 'monitor and iteration pages: time budgets of the loop\'s phases in minutes, as planner=10,writer=15,judge=12 (a phase not named has none)' },
  { key: 'sampleRetentionDays', env: 'JOURNEY_SAMPLE_RETENTION_DAYS', default: 14,
    description: 'monitor --log: samples older than this are dropped from system-state.jsonl' },
  { key: 'alertCommand', flag: 'alert-command', env: 'JOURNEY_ALERT_COMMAND', default: undefined,
    description: 'monitor, watchdog: run with a JSON alert on stdin when the overall state worsens or the watchdog gives up (once per change)' },
  { key: 'restartCommand', env: 'JOURNEY_RESTART_COMMAND', default: 'systemctl restart autoswe.service',
    description: 'watchdog: how to restart the loop' },
  { key: 'serviceFailedCommand', env: 'JOURNEY_SERVICE_FAILED_COMMAND', default: 'systemctl is-failed --quiet autoswe.service', emptyIsValue: true,
    description: "watchdog: exits 0 when the loop's service is in a failed state (empty: not checked)" },
  { key: 'maxRestartsPerHour', env: 'JOURNEY_MAX_RESTARTS_PER_HOUR', default: 3,
    description: 'watchdog: restarts in any hour at most; past it the watchdog stops restarting and reports CRIT' },
  { key: 'reviewerCommand', env: 'JOURNEY_REVIEWER_COMMAND', default: 'codex exec --skip-git-repo-check --sandbox read-only --model gpt-5.5 -c model_reasoning_effort=high',
    description: 'judge: the external reviewer CLI, split on spaces; the prompt is passed as its last argument, stdin closed' },
  { key: 'reviewerMarker', env: 'JOURNEY_REVIEWER_MARKER', default: 'codex',
    description: "judge: the line that heads the reviewer's answer; the last such section is kept" },
  { key: 'judgeTimeoutSeconds', env: 'JOURNEY_JUDGE_TIMEOUT_SECONDS', default: 420,
    description: "judge: a reviewer running longer is killed (its whole process group)" },
  { key: 'breakerFailures', env: 'JOURNEY_BREAKER_FAILURES', default: 5,
    description: 'judge: after this many failures in a row the reviewer is not called for a cool-down' },
  { key: 'breakerCooldownSeconds', env: 'JOURNEY_BREAKER_COOLDOWN_SECONDS', default: 900,
    description: 'judge: the cool-down; then one call is tried (half-open)' },
  { key: 'dailyBudgetUsd', env: 'JOURNEY_DAILY_BUDGET_USD', default: 0,
    description: 'status: the loop\'s daily cost budget in US dollars (0: none)' },
  { key: 'denylist', default: [], private: true, description: 'literal words always redacted (config file only)' },
  { key: 'secretEnvFile', env: 'JOURNEY_SECRET_ENV_FILE', default: undefined, isPath: true,
    description: 'a .env file whose values are redacted wherever they appear, in any encoding' },
  { key: 'secretDir', env: 'JOURNEY_SECRET_DIR', default: undefined, isPath: true,
    description: 'a folder of secret files (a Kubernetes or Docker secret mount); each value is redacted' },
  { key: 'secretEnvVars', default: ['*_TOKEN', '*_API_KEY', '*_SECRET', '*_SECRET_KEY', '*_PASSWORD', '*_ACCESS_KEY'],
    description: "environment variables whose values are redacted (config file only; `*` matches any run)" },
];

export const CONFIG_FILE_NAME = 'journey.config.json';
