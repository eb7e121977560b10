// Resolves settings once: flags > JOURNEY_* environment > journey.config.json > defaults, validated with zod.
import path from 'node:path';
import { JourneyError } from '../core/journey-error.ts';
import { CONFIG_FILE_NAME, configSchema, SETTINGS, type ConfigKey, type JourneyConfig } from './config-schema.ts';
import { readConfigFile } from './read-config-file.ts';

export type ConfigSource = 'flag' | 'env' | 'file' | 'default';

export interface ResolvedConfig {
  config: JourneyConfig;
  sources: Record<ConfigKey, ConfigSource>;
  /** The config file that was read, if any. */
  configFile: string | undefined;
}

export interface ConfigInputs {
  /** Parsed flag values keyed by flag name (`loop-dir`), as the CLI parser returns them. */
  flags: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function pickRaw(key: ConfigKey, inputs: ConfigInputs, file: Record<string, unknown> | undefined, fileDir: string) {
  const spec = SETTINGS.find((s) => s.key === key)!;
  const absolute = (value: unknown, base: string) =>
    spec.isPath && typeof value === 'string' && value.trim() !== '' ? path.resolve(base, value) : value;
  if (spec.flag && inputs.flags[spec.flag] !== undefined) {
    return { value: absolute(inputs.flags[spec.flag], inputs.cwd), source: 'flag' as const };
  }
  if (spec.env && inputs.env[spec.env] !== undefined && (inputs.env[spec.env] !== '' || spec.emptyIsValue)) {
    return { value: absolute(inputs.env[spec.env], inputs.cwd), source: 'env' as const };
  }
  if (file && key in file) return { value: absolute(file[key], fileDir), source: 'file' as const };
  return { value: absolute(spec.default, inputs.cwd), source: 'default' as const };
}

function describeSource(key: ConfigKey, source: ConfigSource, configFile: string | undefined): string {
  const spec = SETTINGS.find((s) => s.key === key)!;
  if (source === 'flag') return `flag --${spec.flag}`;
  if (source === 'env') return `environment ${spec.env}`;
  if (source === 'file') return `${configFile} key "${key}"`;
  return 'the default';
}

/** `, got -3` for a number-like value; any other value is not echoed (a URL or a command may hold a secret). */
function shownValue(raw: unknown): string {
  if (typeof raw === 'number') return `, got ${raw}`;
  return typeof raw === 'string' && /^-?[\d.]{1,20}$/.test(raw.trim()) ? `, got ${raw.trim()}` : '';
}

/**
 * Resolves the configuration of one command run.
 *
 * @example
 * const { config, sources } = resolveConfig({ flags: { port: '9000' }, env: process.env, cwd: process.cwd() });
 * // config.port === 9000, sources.port === 'flag'
 */
export function resolveConfig(inputs: ConfigInputs): ResolvedConfig {
  const explicitFile = inputs.flags['config'];
  // The data folder is needed to find the config file, so it comes from flags, env or the default only.
  const dataDir = pickRaw('dataDir', inputs, undefined, inputs.cwd).value as string;
  const configFile =
    typeof explicitFile === 'string' ? path.resolve(inputs.cwd, explicitFile) : path.join(dataDir, CONFIG_FILE_NAME);
  const file = readConfigFile(configFile, typeof explicitFile === 'string');
  if (file) {
    const unknown = Object.keys(file).filter((key) => !SETTINGS.some((s) => s.key === key));
    if (unknown.length > 0) {
      throw new JourneyError('JOURNEY_CONFIG_INVALID', `${configFile}: unknown key "${unknown[0]}"`, {
        fix: `Use only these keys: ${SETTINGS.map((s) => s.key).join(', ')}.`,
      });
    }
  }
  const raw: Record<string, unknown> = {};
  const sources = {} as Record<ConfigKey, ConfigSource>;
  for (const spec of SETTINGS) {
    const picked = pickRaw(spec.key, inputs, file, path.dirname(configFile));
    raw[spec.key] = picked.value;
    sources[spec.key] = picked.source;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path[0] as ConfigKey;
    throw new JourneyError(
      'JOURNEY_CONFIG_INVALID',
      `setting "${key}" from ${describeSource(key, sources[key], configFile)} ${issue.message}${shownValue(raw[key])}`,
      { fix: 'Correct the value; `npm run config -- --print` shows every setting and where it comes from.' },
    );
  }
  return { config: parsed.data, sources, configFile: file ? configFile : undefined };
}

/** Returns the loop folder or raises the usage error every command but `npm start` shares. */
export function requireLoopDir(config: JourneyConfig): string {
  if (config.loopDir === undefined) {
    throw new JourneyError('JOURNEY_NO_LOOP_DIR', 'no loop folder: pass --loop-dir or set JOURNEY_LOOP_DIR', {
      fix: 'Point journey at the folder your loop writes (state.json, iterations/...).',
    });
  }
  return config.loopDir;
}

export { describeSource };
