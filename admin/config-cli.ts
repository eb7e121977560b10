// `npm run config -- --print`: shows every resolved setting and where its value came from.
import { out } from '../core/log.ts';
import { main, SERVER_FLAGS, type CommandSpec } from '../cli/define-command.ts';
import { SETTINGS, type JourneyConfig, type SettingSpec } from '../config/config-schema.ts';
import { describeSource, type ConfigSource } from '../config/resolve-config.ts';

/** A value as the operator would write it: text as it is, a list or a record as compact JSON. */
function formatValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (value === '') return '(empty)';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The value in force and where it came from; a default that follows from other settings resolved. */
function describeSetting(spec: SettingSpec, config: JourneyConfig, source: ConfigSource, configFile: string | undefined): [string, string] {
  const value = config[spec.key];
  const from = describeSource(spec.key, source, configFile);
  if (spec.private && Array.isArray(value) && value.length > 0) return [`(${value.length} ${value.length === 1 ? 'entry' : 'entries'}, not shown)`, from];
  if (value === undefined && spec.derivedDefault) return [spec.derivedDefault.value(config), `default: ${spec.derivedDefault.text}`];
  return [formatValue(value), from];
}

export const configCommand: CommandSpec = {
  invocation: 'npm run config --',
  summary: 'Print the resolved configuration: flags > JOURNEY_* environment > journey.config.json > defaults.',
  flags: [
    { name: 'print', type: 'boolean', description: 'print each setting, its value and its source' },
    { name: 'json', type: 'boolean', description: 'print the resolved settings as JSON' },
    ...SERVER_FLAGS,
  ],
  examples: ['npm run config -- --print', 'JOURNEY_PORT=9000 npm run config -- --print --data-dir /data/autoswe'],
  run({ config, sources, configFile, flags }) {
    if (flags['json']) {
      out(`${JSON.stringify({ config, sources, configFile: configFile ?? null }, null, 2)}\n`);
      return 0;
    }
    const rows = SETTINGS.map((spec) => {
      const [value, source] = describeSetting(spec, config, sources[spec.key], configFile);
      return [spec.key, value, source] as const;
    });
    // A long value (a command line) does not push every other row's source off the screen.
    const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length).filter((length) => length <= 40)) + 2);
    const pad = (text: string, column: number) => text + ' '.repeat(Math.max(2, widths[column]! - text.length));
    for (const [key, value, source] of rows) out(`${pad(key, 0)}${pad(value, 1)}${source}\n`);
    return 0;
  },
};

if (import.meta.main) main(configCommand);
