// Reads the operator's secret sources: a .env file, a folder of secret files, named environment
// variables. Their values feed the known-secret rule; they are never printed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { JourneyError, isErrno } from '../core/journey-error.ts';
import { MIN_SECRET_LENGTH } from './known-secrets.ts';

export interface SecretSources {
  secretEnvFile?: string | undefined;
  secretDir?: string | undefined;
  /** Variable names; `*` matches any run of characters. */
  secretEnvVars: readonly string[];
}

/** Values of `KEY=VALUE` lines (`export`, quotes and comments handled the way dotenv does). */
function envValues(text: string): string[] {
  const values: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*[=:]\s*(.*)$/.exec(line);
    if (!match) continue;
    const raw = match[1]!.trim();
    // A quoted value ends at its closing quote (`"v" # prod` is v); a bare one at a ` #` comment.
    const quoted = /^(["'])((?:(?!\1)[^\\]|\\.)*)\1/.exec(raw);
    values.push(quoted ? quoted[2]! : raw.replace(/\s+#.*$/, ''));
  }
  return values;
}

function readSource(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new JourneyError('JOURNEY_SECRET_SOURCE_UNREADABLE', `${what} ${file} cannot be read (${isErrno(error, 'ENOENT') ? 'no such file' : 'unreadable'})`, {
      fix: 'Fix the path in journey.config.json or the environment, or remove the setting; nothing is published without it.',
      cause: error,
    });
  }
}

const globToRegExp = (glob: string) => new RegExp(`^${glob.replace(/\*/g, '.*')}$`);

/**
 * Every secret value of at least 8 characters from the configured sources.
 *
 * @example
 * const values = readKnownSecrets({ secretEnvFile: '/etc/loop/.env', secretEnvVars: ['*_TOKEN'] });
 */
export function readKnownSecrets(sources: SecretSources, env: NodeJS.ProcessEnv = process.env): string[] {
  const values: string[] = [];
  if (sources.secretEnvFile) values.push(...envValues(readSource(sources.secretEnvFile, 'the secret env file')));
  if (sources.secretDir) {
    let names: string[];
    try {
      names = readdirSync(sources.secretDir);
    } catch (error) {
      throw new JourneyError('JOURNEY_SECRET_SOURCE_UNREADABLE', `the secret folder ${sources.secretDir} cannot be listed`, {
        fix: 'Fix the path or remove the setting; nothing is published without it.', cause: error,
      });
    }
    for (const name of names) {
      const file = path.join(sources.secretDir, name);
      if (name.startsWith('..') || !statSync(file).isFile()) continue; // Kubernetes' ..data links point at the same files
      const text = readSource(file, 'the secret file');
      values.push(text.trim(), ...envValues(text));
    }
  }
  const patterns = sources.secretEnvVars.map(globToRegExp);
  for (const [name, value] of Object.entries(env)) {
    if (value && !name.startsWith('JOURNEY_') && patterns.some((pattern) => pattern.test(name))) values.push(value);
  }
  return [...new Set(values)].filter((value) => value.length >= MIN_SECRET_LENGTH);
}

/** Values added by `npm run takedown -- --secret-file F`, one per line, kept in the data folder. */
export const TAKEDOWN_SECRETS_FILE = 'takedown-secrets';

/**
 * The taken-down values of a data folder ([] before the first takedown).
 *
 * @example
 * readTakedownSecrets('/data/autoswe') // ['hunter2-but-longer', ...]
 */
export function readTakedownSecrets(dataDir: string): string[] {
  const text = readDataSecretFile(dataDir, TAKEDOWN_SECRETS_FILE) ?? '';
  return text.split('\n').map((line) => line.trim()).filter((line) => line.length >= MIN_SECRET_LENGTH);
}

/**
 * The text of a secret file journey keeps in its data folder (taken-down and learned values), or
 * undefined before the first is written. One that cannot be read stops the publish: nothing is
 * published without it.
 *
 * @example
 * readDataSecretFile('/data/autoswe', 'takedown-secrets') // 'hunter2-but-longer\n'
 */
export function readDataSecretFile(dataDir: string, name: string): string | undefined {
  try {
    return readFileSync(path.join(dataDir, name), 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw new JourneyError('JOURNEY_SECRET_SOURCE_UNREADABLE', `${path.join(dataDir, name)} cannot be read`, {
      fix: 'Restore its permissions (journey wrote it 0600); nothing is published without it.', cause: error,
    });
  }
}
