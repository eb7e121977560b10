// `npm run restore -- --iteration N`: the inverse of `takedown --iteration N`. The iteration is
// published again as the loop wrote it (redacted like any other), and the audit log records who
// asked when.
import { main, usageError, type CommandSpec } from '../cli/define-command.ts';
import { JourneyError } from '../core/journey-error.ts';
import { info } from '../core/log.ts';
import { requireDataFolder, requireLoopFolder } from '../config/read-required-folders.ts';
import { audit, withDb, write } from '../state/db.ts';
import { runSynth } from '../synth/run.ts';
import { withheldCount } from '../synth/synth-cli.ts';
import { removeTakenDown } from '../state/takedowns.ts';

export const restoreCommand: CommandSpec = {
  invocation: 'npm run restore --',
  summary: [
    'Publish again an iteration that `npm run takedown -- --iteration N` withheld: it is read, redacted and',
    'leak-scanned like any other, and the site is republished at once (exit codes as synth: 0 published,',
    '1 refused, 3 published with items withheld). The audit log records the restore. Values taken down with',
    '--secret-file stay redacted for good: there is no command to publish a secret again.',
  ].join('\n'),
  flags: [{ name: 'iteration', type: 'string', valueName: 'N', description: 'the iteration to publish again', range: { min: 0, max: 999_999_999 } }],
  examples: ['npm run restore -- --iteration 812 --loop-dir /srv/loop', 'JOURNEY_LOOP_DIR=/srv/loop npm run restore -- --iteration 812 --data-dir /data/autoswe'],
  async run({ config, flags }) {
    const text = flags['iteration'] as string | undefined;
    if (text === undefined) throw usageError(restoreCommand, 'pass --iteration N, the iteration to publish again');
    if (!/^\d{1,9}$/.test(text)) throw usageError(restoreCommand, '--iteration takes an iteration number');
    const number = Number(text);
    requireDataFolder(config);
    const loopDir = requireLoopFolder(config, `nothing was changed; iteration ${number} stays withheld`);
    const takenDown = withDb(config, (db) => write(db, () => {
      const removed = removeTakenDown(db, number);
      if (removed) audit(db, 'restore', `iteration ${number} published again`);
      return removed;
    }));
    if (!takenDown) {
      throw new JourneyError('JOURNEY_RESTORE_NOTHING', `iteration ${number} was not taken down`, {
        fix: 'Pass an iteration the site lists as "taken down by the operator"; one withheld for invalid input comes back once the loop fixes its files.',
        state: 'nothing was changed',
      });
    }
    info(`iteration ${number} restored: publishing it again`);
    const outcome = await runSynth({ config: { ...config, loopDir }, rebuildSite: true, trigger: 'restore' });
    if (outcome.exitCode === 3) info(`${withheldCount(outcome.problems)} (listed above); the rest is published.`);
    return outcome.exitCode;
  },
};

if (import.meta.main) main(restoreCommand);
