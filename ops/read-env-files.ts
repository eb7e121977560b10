// The operations tools' environment files: /etc/journey/journey.env (the units' EnvironmentFile=) and
// the seed's ~/.config/autoswe/cluster.env, KEY=VALUE lines whose JOURNEY_* values feed the
// configuration as environment variables do. The real environment wins, then journey.env, then
// cluster.env; neither file is needed.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { runCommand, type CommandSpec } from '../cli/define-command.ts';
import { formatError, isErrno, JourneyError } from '../core/journey-error.ts';
import { info } from '../core/log.ts';
import { SETTINGS } from '../config/config-schema.ts';

/** journey's own file; JOURNEY_ENV_FILE names another, or none when empty (the units: systemd has read it). */
const JOURNEY_ENV_FILE = '/etc/journey/journey.env';
/** The seed's file, below the home folder of whoever runs the command. */
const SEED_ENV_FILE = '.config/autoswe/cluster.env';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses KEY=VALUE lines: blank lines and lines starting with `#` or `;` are skipped, an `export `
 * before the key is allowed, one pair of matching quotes around the value is removed. No expansion,
 * no trailing comments (a `#` may belong to the value). Lines of another shape are skipped.
 *
 * @example
 * parseEnvFile('export JOURNEY_VLLM_URL="http://gpu-1:8010"\n# note\n') // Map { 'JOURNEY_VLLM_URL' => 'http://gpu-1:8010' }
 */
export function parseEnvFile(text: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const at = line.indexOf('=');
    const key = line.slice(0, at).trim();
    if (at < 1 || !KEY.test(key)) continue;
    let value = line.slice(at + 1).trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\(["\\$`])/g, '$1');
    }
    pairs.set(key, value);
  }
  return pairs;
}

/** As the configuration reads the environment: an empty variable is unset unless empty means "off" for its setting. */
function isSet(env: NodeJS.ProcessEnv, key: string): boolean {
  const value = env[key];
  return value !== undefined && (value !== '' || SETTINGS.some((s) => s.env === key && s.emptyIsValue));
}

/** The file's text; undefined when it is absent, or (a default path only) unreadable, with a note. */
function readOptional(file: string, required: boolean, note: (line: string) => void): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (!required && (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR'))) return undefined;
    if (required) {
      throw new JourneyError('JOURNEY_CONFIG_FILE_UNREADABLE', `cannot read the environment file ${file} (JOURNEY_ENV_FILE)`, {
        fix: 'Point JOURNEY_ENV_FILE at a readable file of KEY=VALUE lines, or set it empty to read none.', cause: error,
      });
    }
    note(`note: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); its settings are not used`);
    return undefined;
  }
}

/**
 * `env` with the JOURNEY_* values of the environment files added where `env` has none (an empty
 * variable counts as none, as in the configuration, unless empty switches its setting off): journey.env
 * (JOURNEY_ENV_FILE, default /etc/journey/journey.env) before `<home>/.config/autoswe/cluster.env`.
 * Returns the merged environment and the files that gave a value.
 *
 * @example
 * const { env, used } = withEnvFiles(process.env, homedir()); // used: ['/etc/journey/journey.env']
 */
function withEnvFiles(env: NodeJS.ProcessEnv, home: string, note: (line: string) => void = info): { env: NodeJS.ProcessEnv; used: string[] } {
  const named = env['JOURNEY_ENV_FILE'];
  const files = [
    ...(named === undefined ? [{ file: JOURNEY_ENV_FILE, required: false }] : named.trim() === '' ? [] : [{ file: path.resolve(named), required: true }]),
    { file: path.join(home, SEED_ENV_FILE), required: false },
  ];
  const merged: NodeJS.ProcessEnv = { ...env };
  const used: string[] = [];
  for (const { file, required } of files) {
    const text = readOptional(file, required, note);
    if (text === undefined) continue;
    let gave = false;
    for (const [key, value] of parseEnvFile(text)) {
      // Only journey's settings: the seed's file also holds other tools' variables (and secrets).
      if (!key.startsWith('JOURNEY_') || key === 'JOURNEY_ENV_FILE' || isSet(merged, key)) continue;
      merged[key] = value;
      gave = true;
    }
    if (gave) used.push(file);
  }
  return { env: merged, used };
}

/**
 * Runs an operations command (monitor, watchdog, judge, status) with the environment files read,
 * and sets the exit code.
 *
 * @example
 * if (import.meta.main) mainWithEnvFiles(monitorCommand);
 */
export function mainWithEnvFiles(spec: CommandSpec): void {
  let env: NodeJS.ProcessEnv;
  try {
    env = withEnvFiles(process.env, homedir()).env;
  } catch (error) {
    info(formatError(error));
    process.exitCode = spec.errorExitCode ?? (error instanceof JourneyError ? error.exitCode : 1);
    return;
  }
  runCommand(spec, process.argv.slice(2), env).then((code) => {
    process.exitCode = code;
  });
}
