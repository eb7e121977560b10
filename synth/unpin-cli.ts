// `npm run unpin`: lets publishes go live again after a rollback.
import { main, type CommandSpec } from '../cli/define-command.ts';
import { info } from '../cli/log.ts';
import { audit, withDb, write } from './db.ts';
import { readPin, writePin } from './db-releases.ts';

export const unpinCommand: CommandSpec = {
  invocation: 'npm run unpin --',
  summary: 'Remove the pin a rollback set, so timer and trigger publishes go live again (the next one publishes the loop as it is now).',
  flags: [],
  examples: ['npm run unpin', 'npm run unpin -- --data-dir /data/autoswe'],
  run({ config }) {
    return withDb(config, (db) => {
      const pinned = readPin(db);
      if (!pinned) {
        info('nothing is pinned');
        return 0;
      }
      write(db, () => {
        writePin(db, undefined);
        audit(db, 'unpin', `release ${pinned} unpinned`);
      });
      info(`release ${pinned} unpinned: the next publish goes live`);
      return 0;
    });
  },
};

if (import.meta.main) main(unpinCommand);
