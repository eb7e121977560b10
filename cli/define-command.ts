// Every command's flag table, --help text, config resolution and exit-code handling in one place.
import { parseArgs } from 'node:util';
import { formatError, JourneyError } from './journey-error.ts';
import { resolveConfig, type ResolvedConfig } from '../config/resolve-config.ts';
import { readOutputFilter } from '../redact/read-output-filter.ts';
import { info, out, setOutputFilter } from './log.ts';

export interface FlagSpec {
  name: string;
  type: 'string' | 'boolean';
  description: string;
  /** Shown in --help; the real default of a setting lives in config/config-schema.ts. */
  defaultText?: string;
  valueName?: string;
  /** The flag may be given several times (`--check loop --check gpu`). */
  multiple?: boolean;
}

export interface CommandSpec {
  /** How the user runs it, e.g. `npm run synth --`. */
  invocation: string;
  summary: string;
  flags: readonly FlagSpec[];
  /** Name of the positional arguments shown in the usage line (`DIR`); without it none are accepted. */
  positionals?: string;
  examples: readonly string[];
  /** The exit code of any error, usage errors included (the monitoring convention's UNKNOWN, 3); by default a JourneyError's own code. */
  errorExitCode?: number;
  /** Returns the exit code. Throwing a JourneyError maps to its own exit code. */
  run: (context: CommandContext) => Promise<number> | number;
}

export interface CommandContext extends ResolvedConfig {
  flags: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Flags that every command takes, resolved into the configuration. */
export const COMMON_FLAGS: readonly FlagSpec[] = [
  { name: 'loop-dir', type: 'string', valueName: 'DIR', description: "the loop's folder (env JOURNEY_LOOP_DIR)" },
  { name: 'data-dir', type: 'string', valueName: 'DIR', description: "journey's data folder (env JOURNEY_DATA_DIR)", defaultText: './data' },
  { name: 'config', type: 'string', valueName: 'FILE', description: 'settings file', defaultText: '<data-dir>/journey.config.json' },
  { name: 'help', type: 'boolean', description: 'show this help' },
];

export const SERVER_FLAGS: readonly FlagSpec[] = [
  { name: 'port', type: 'string', valueName: 'N', description: 'port to listen on (env JOURNEY_PORT)', defaultText: '8765' },
  { name: 'host', type: 'string', valueName: 'ADDR', description: 'address to bind (env JOURNEY_HOST)', defaultText: '0.0.0.0' },
  { name: 'trigger', type: 'string', valueName: 'FILE', description: 'the file that asks for a publish (env JOURNEY_TRIGGER)', defaultText: '<data-dir>/synth-trigger' },
  { name: 'no-worker', type: 'boolean', description: 'serve only: no publish worker, trigger or timer' },
  { name: 'no-trigger', type: 'boolean', description: 'do not watch the trigger file (the systemd path unit does)' },
];

/** Renders Usage / Options / Examples for a command. */
export function renderHelp(spec: CommandSpec): string {
  const flags = [...spec.flags, ...COMMON_FLAGS];
  const left = flags.map((flag) => `--${flag.name}${flag.type === 'string' ? ` ${flag.valueName ?? 'VALUE'}` : ''}`);
  const width = Math.max(...left.map((text) => text.length)) + 2;
  const options = flags.map((flag, index) => {
    const fallback = flag.defaultText ? ` (default: ${flag.defaultText})` : '';
    return `  ${left[index]!.padEnd(width)}${flag.description}${fallback}`;
  });
  return [
    `Usage: ${spec.invocation}${spec.positionals ? ` ${spec.positionals}` : ''} [options]`,
    '',
    spec.summary,
    '',
    'Options:',
    ...options,
    '',
    'Examples:',
    ...spec.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');
}

/** A usage error (exit 2) that points at the command's --help. */
export function usageError(spec: Pick<CommandSpec, 'invocation'>, message: string): JourneyError {
  return new JourneyError('JOURNEY_USAGE', message, { fix: `Run \`${spec.invocation} --help\` for the options.` });
}

function parse(spec: CommandSpec, argv: string[]) {
  const options = Object.fromEntries(
    [...spec.flags, ...COMMON_FLAGS].map((flag) => [flag.name, { type: flag.type, ...(flag.multiple ? { multiple: true } : {}) }]),
  );
  try {
    return parseArgs({ args: argv, options, allowPositionals: spec.positionals !== undefined, strict: true });
  } catch (error) {
    throw usageError(spec, (error as Error).message.split('\n')[0]!);
  }
}

/**
 * Runs a command: parses flags, prints --help, resolves config, and maps errors to exit codes.
 * Usage errors exit 2, runtime failures 1; errors go to stderr and end with "Run with --help".
 *
 * @example
 * await runCommand(synthCommand, process.argv.slice(2)).then((code) => process.exit(code));
 */
export async function runCommand(spec: CommandSpec, argv: string[], env = process.env, cwd = process.cwd()): Promise<number> {
  try {
    const { values, positionals } = parse(spec, argv);
    if (values['help'] === true) {
      out(renderHelp(spec));
      return 0;
    }
    const resolved = resolveConfig({ flags: values, env, cwd });
    // From here on every line the command prints passes the redactor (it names the loop's files).
    setOutputFilter(readOutputFilter(resolved.config));
    return await spec.run({ ...resolved, flags: values as CommandContext['flags'], positionals });
  } catch (error) {
    info(`${formatError(error)}\nRun with --help for usage.`);
    return spec.errorExitCode ?? (error instanceof JourneyError ? error.exitCode : 1);
  }
}

/** Entry-point helper: run and exit with the code once output is flushed. */
export function main(spec: CommandSpec): void {
  runCommand(spec, process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
