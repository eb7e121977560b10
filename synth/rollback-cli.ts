// `npm run rollback [-- --to ID]`: serve a kept release again, at once, and pin it; the snapshots of
// the releases it goes back past stop being served (they may hold what the rollback is for).
import { main, usageError, type CommandSpec } from '../cli/define-command.ts';
import { JourneyError } from '../cli/journey-error.ts';
import { formatDuration, info } from '../cli/log.ts';
import { audit, withDb, write } from './db.ts';
import { markCurrent, markWithdrawn, newestFirst, writePin } from './db-releases.ts';
import { currentReleaseId, listCompleteReleases, swapToRelease } from './write-release.ts';
import { writeServedSnapshots } from './write-served-snapshots.ts';

export const rollbackCommand: CommandSpec = {
  invocation: 'npm run rollback --',
  summary: [
    'Point `current` back at a kept release (by default the one before the current one) with one rename,',
    'and pin it: timer and trigger publishes wait until `npm run unpin`. The snapshots of the releases it',
    'goes back past (newer than ID) are withdrawn: /snapshots/<id>/site-data.json answers 404 for them.',
  ].join('\n'),
  flags: [{ name: 'to', type: 'string', valueName: 'ID', description: 'the release to serve (see npm run releases)', defaultText: 'the previous release' }],
  examples: ['npm run rollback', 'npm run rollback -- --to 20261121T113000Z-ab12cd34'],
  run({ config, flags }) {
    return withDb(config, (db) => {
      const current = currentReleaseId(config.dataDir);
      const kept = newestFirst(db, listCompleteReleases(config.dataDir));
      const target = (flags['to'] as string | undefined) ?? kept.find((id, index) => index > kept.indexOf(current ?? '') && id !== current);
      if (target === undefined) throw usageError(rollbackCommand, 'there is no earlier complete release to roll back to');
      if (!kept.includes(target)) {
        throw new JourneyError('JOURNEY_RELEASE_UNKNOWN', `release ${target} is not kept or its manifest is incomplete`, {
          fix: 'Pick one of the ids `npm run releases` lists.', state: current ? `release ${current} is still served` : 'nothing is served',
        });
      }
      // Withdrawn before the swap: no moment serves the snapshot of a release rolled back past.
      const rolledPast = kept.slice(0, kept.indexOf(target));
      const now = new Date();
      write(db, () => {
        markWithdrawn(db, rolledPast, now.toISOString());
        markWithdrawn(db, [target], null);
      });
      writeServedSnapshots(db, config.dataDir);
      const started = performance.now();
      swapToRelease(config.dataDir, target);
      const took = performance.now() - started;
      write(db, () => {
        markCurrent(db, target, current, now.toISOString());
        writePin(db, target);
        audit(db, 'rollback', `current ${current ?? 'none'} -> ${target}, pinned${rolledPast.length ? `; withdrew ${rolledPast.join(', ')}` : ''}`, now);
      });
      info(`current -> releases/${target} in ${formatDuration(took)} (swap only); pinned: publishes wait until \`npm run unpin\``);
      if (rolledPast.length > 0) info(`snapshots of ${rolledPast.join(', ')} withdrawn: no longer served`);
      return 0;
    });
  },
};

if (import.meta.main) main(rollbackCommand);
