// `npm run unpin`: lets publishes go live again after a rollback, and runs at once the publish the pin held back.
import { main, type CommandSpec } from '../cli/define-command.ts';
import { JourneyError } from '../core/journey-error.ts';
import { info } from '../core/log.ts';
import { requireDataFolder, requireLoopFolder } from '../config/read-required-folders.ts';
import { audit, withDb, write } from '../state/db.ts';
import { readPin, writePin } from '../state/releases.ts';
import { runSynth } from '../synth/run.ts';
import { withheldCount } from '../synth/synth-cli.ts';

export const unpinCommand: CommandSpec = {
  invocation: 'npm run unpin --',
  summary: [
    'Remove the pin a rollback set and publish the loop as it is now, the publish the pin held back (as',
    '`npm run synth -- --public --rebuild-site` would: leak-scanned, the current release stays if it is refused).',
    'With --no-publish, or when no loop folder is configured, only the pin goes: the next timer or trigger',
    'publish goes live. Exit codes as synth: 0 published (or nothing changed), 1 refused, 3 published with items withheld.',
  ].join('\n'),
  flags: [{ name: 'no-publish', type: 'boolean', description: 'only remove the pin; the next timer or trigger publish goes live' }],
  examples: ['npm run unpin -- --loop-dir /srv/loop', 'JOURNEY_LOOP_DIR=/srv/loop npm run unpin -- --data-dir /data/autoswe', 'npm run unpin -- --no-publish'],
  async run({ config, flags }) {
    requireDataFolder(config);
    const pinned = withDb(config, (db) => readPin(db));
    if (!pinned) {
      info('nothing is pinned: publishes already go live');
      return 0;
    }
    const publish = flags['no-publish'] !== true && config.loopDir !== undefined;
    // Checked before the pin goes: a mistyped --loop-dir leaves the rollback as it was.
    const loopDir = publish ? requireLoopFolder(config, `nothing was changed; release ${pinned} is still served and pinned`) : undefined;
    withDb(config, (db) => write(db, () => {
      writePin(db, undefined);
      audit(db, 'unpin', `release ${pinned} unpinned${publish ? '; publishing now' : ''}`);
    }));
    if (loopDir === undefined) {
      const why = flags['no-publish'] === true ? '' : ' (no loop folder is configured: pass --loop-dir or set JOURNEY_LOOP_DIR to publish at once)';
      info(`release ${pinned} unpinned: the next publish goes live${why}`);
      return 0;
    }
    info(`release ${pinned} unpinned: publishing the loop as it is now`);
    try {
      const outcome = await runSynth({ config: { ...config, loopDir }, rebuildSite: true, trigger: 'unpin' });
      if (outcome.result === 'unchanged') info(`release ${outcome.releaseId} stays live: the loop has not changed since it`);
      if (outcome.exitCode === 3) info(`${withheldCount(outcome.problems)} (listed above); the rest is published.`);
      return outcome.exitCode;
    } catch (error) {
      if (!(error instanceof JourneyError)) throw error;
      throw new JourneyError(error.code, error.message, {
        fix: `${error.fix ?? 'See the lines above.'} The next timer or trigger publish tries again.`,
        state: `release ${pinned} is no longer pinned; ${error.state ?? 'nothing new was published'}`,
        cause: error.cause,
      });
    }
  },
};

if (import.meta.main) main(unpinCommand);
