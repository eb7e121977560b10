// `npm run unpublish`: the server answers every path with a maintenance page (503) while
// <data>/unpublished exists; publishing goes on behind it.
import path from 'node:path';
import { main, type CommandSpec } from '../cli/define-command.ts';
import { info } from '../core/log.ts';
import { audit, withDb, write } from '../state/db.ts';
import { writeFileAtomic } from '../core/write-atomic.ts';
import { DATA_LAYOUT } from '../core/data-layout.ts';

export const unpublishCommand: CommandSpec = {
  invocation: 'npm run unpublish --',
  summary: 'Take the site offline at once: every path answers a static maintenance page (503) until `npm run publish-resume`.',
  flags: [],
  examples: ['npm run unpublish', 'npm run unpublish -- --data-dir /data/autoswe'],
  run({ config }) {
    const now = new Date();
    writeFileAtomic(path.join(config.dataDir, DATA_LAYOUT.unpublished), `${JSON.stringify({ since: now.toISOString() })}\n`);
    withDb(config, (db) => write(db, () => audit(db, 'unpublish', 'the server answers every path with the maintenance page', now)));
    info('unpublished: every path now answers the maintenance page (503); `npm run publish-resume` brings the site back');
    return 0;
  },
};

if (import.meta.main) main(unpublishCommand);
