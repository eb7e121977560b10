// `npm run status`: one JSON document about journey's own state (publisher, breakers, monitor, budget).
import { out } from '../core/log.ts';
import { existsSync } from 'node:fs';
import type { CommandSpec } from '../cli/define-command.ts';
import { JourneyError } from '../core/journey-error.ts';
import { openDb } from '../state/db.ts';
import { readStatus } from './read-status.ts';
import { mainWithEnvFiles } from './read-env-files.ts';

export const statusCommand: CommandSpec = {
  invocation: 'npm run status --',
  summary: 'Print journey\'s state as one JSON document: the last publish and its outcome, the current release,\na publish running or queued, the breakers, the monitor\'s latest state, and cost today against the daily budget.',
  flags: [],
  examples: ['npm run status -- --data-dir /data/autoswe', 'JOURNEY_DAILY_BUDGET_USD=25 npm run status | jq .budget'],
  run({ config }) {
    if (!existsSync(config.dataDir)) {
      throw new JourneyError('JOURNEY_DATA_DIR_MISSING', `the data folder ${config.dataDir} does not exist`); // the catalogue's fix
    }
    const db = openDb(config);
    try {
      out(`${JSON.stringify(readStatus(db, config, new Date()), null, 2)}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

if (import.meta.main) mainWithEnvFiles(statusCommand);
