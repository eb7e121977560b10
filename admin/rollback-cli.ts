// `npm run rollback [-- --to ID]`: serve a kept release again, at once, and pin it; the snapshots of
// the releases it goes back past stop being served (they may hold what the rollback is for).
import { main, type CommandSpec } from '../cli/define-command.ts';
import { JourneyError } from '../core/journey-error.ts';
import { formatDuration, info } from '../core/log.ts';
import { requireDataFolder } from '../config/read-required-folders.ts';
import { audit, withDb, write } from '../state/db.ts';
import { markCurrent, markWithdrawn, newestFirst, writePin } from '../state/releases.ts';
import { currentReleaseId, listCompleteReleases, swapToRelease } from '../synth/release/write-release.ts';
import { writeServedSnapshots } from '../synth/release/write-served-snapshots.ts';

/** Not a usage error: the command was right, the data folder holds nothing earlier to go back to. */
function noEarlierRelease(current: string | undefined, kept: readonly string[]): JourneyError {
  if (current === undefined) {
    return new JourneyError('JOURNEY_NO_EARLIER_RELEASE', 'there is no release to roll back to: nothing has been published yet', {
      fix: 'Publish first: `npm run synth -- --public --rebuild-site`.', state: 'nothing was changed; nothing is served',
    });
  }
  const why = kept.length === 1 ? 'the only kept release' : kept.length === 0 ? 'served, and no complete release is kept' : 'the oldest kept release';
  return new JourneyError('JOURNEY_NO_EARLIER_RELEASE', `there is no earlier release to roll back to: ${current} is ${why}`, {
    fix: 'Publish again once the loop is fixed (`npm run synth -- --public --rebuild-site`), or stop serving the site at once with `npm run unpublish`; `npm run releases` lists what is kept.',
    state: `nothing was changed; release ${current} is still served`,
  });
}

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
    requireDataFolder(config);
    return withDb(config, (db) => {
      const current = currentReleaseId(config.dataDir);
      const kept = newestFirst(db, listCompleteReleases(config.dataDir));
      const target = (flags['to'] as string | undefined) ?? kept.find((id, index) => index > kept.indexOf(current ?? '') && id !== current);
      if (target === undefined) throw noEarlierRelease(current, kept);
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
