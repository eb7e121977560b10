// `npm run config -- --print`: shows every resolved setting and where its value came from.
import { out } from '../cli/log.ts';
import { main, SERVER_FLAGS, type CommandSpec } from '../cli/define-command.ts';
import { SETTINGS } from './config-schema.ts';
import { describeSource } from './resolve-config.ts';

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
      const value = config[spec.key];
      const shown = value === undefined ? '(unset)' : Array.isArray(value) ? `[${value.length} entries]` : String(value);
      return [spec.key, shown, describeSource(spec.key, sources[spec.key], configFile)] as const;
    });
    const width = (column: 0 | 1) => Math.max(...rows.map((row) => row[column].length)) + 2;
    for (const [key, value, source] of rows) {
      out(`${key.padEnd(width(0))}${value.padEnd(width(1))}${source}\n`);
    }
    return 0;
  },
};

if (import.meta.main) main(configCommand);
