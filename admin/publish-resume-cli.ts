// `npm run publish-resume`: ends `npm run unpublish`; the current release is served again.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { main, type CommandSpec } from '../cli/define-command.ts';
import { info } from '../core/log.ts';
import { audit, withDb, write } from '../state/db.ts';
import { DATA_LAYOUT } from '../core/data-layout.ts';

export const publishResumeCommand: CommandSpec = {
  invocation: 'npm run publish-resume --',
  summary: 'Bring the site back after `npm run unpublish`: the current release is served again.',
  flags: [],
  examples: ['npm run publish-resume'],
  run({ config }) {
    rmSync(path.join(config.dataDir, DATA_LAYOUT.unpublished), { force: true });
    withDb(config, (db) => write(db, () => audit(db, 'publish-resume', 'the current release is served again')));
    info('resumed: the current release is served again');
    return 0;
  },
};

if (import.meta.main) main(publishResumeCommand);
