// `npm run takedown -- --secret-file F | --iteration N`: when something slipped through, redact it
// from now on, republish, purge it from every kept release and snapshot, and check that nothing live
// still holds it.
import { appendFileSync, chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { main, usageError, type CommandSpec } from '../cli/define-command.ts';
import { formatError, JourneyError } from '../core/journey-error.ts';
import { info } from '../core/log.ts';
import { requireLoopDir } from '../config/resolve-config.ts';
import { MIN_SECRET_LENGTH } from '../redact/known-secrets.ts';
import { TAKEDOWN_SECRETS_FILE } from '../redact/read-known-secrets.ts';
import { readRedactKey } from '../redact/read-redact-key.ts';
import { fingerprint } from '../redact/redact-text.ts';
import { audit, withDb, write } from '../state/db.ts';
import { readPin, writePin } from '../state/releases.ts';
import { formatStillLive, readStillLive } from './read-still-live.ts';
import { runSynth, type SynthOutcome } from '../synth/run.ts';
import { purgeTakedown } from '../synth/release/write-takedown.ts';
import { addTakenDown } from '../state/takedowns.ts';

function readValues(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new JourneyError('JOURNEY_USAGE', `--secret-file ${file} cannot be read`, { fix: 'Pass a readable file with one value per line.', cause: error });
  }
  const values = [...new Set(text.split('\n').map((line) => line.trim()).filter(Boolean))];
  const short = values.filter((v) => v.length < MIN_SECRET_LENGTH);
  if (short.length > 0 || values.length === 0) {
    throw new JourneyError('JOURNEY_USAGE', `--secret-file ${file}: ${values.length === 0 ? 'holds no values' : `${short.length} values are shorter than ${MIN_SECRET_LENGTH} characters`}`, {
      fix: `Put one value of at least ${MIN_SECRET_LENGTH} characters per line (shorter words belong in the denylist of journey.config.json).`,
    });
  }
  return values;
}

export const takedownCommand: CommandSpec = {
  invocation: 'npm run takedown --',
  summary: [
    'Remove something that slipped through: the values of --secret-file (one per line) are redacted from now',
    'on, or --iteration N is withheld; the site is republished, and every kept release and snapshot that',
    'still holds it is deleted or rewritten. Then everything live (current release, public/, served',
    'snapshots) is scanned again: any place still holding a value is printed as file:line:column and',
    'fingerprint, and the command exits 1. Prints fingerprints, never values.',
  ].join('\n'),
  flags: [
    { name: 'secret-file', type: 'string', valueName: 'FILE', description: 'values to take down, one per line' },
    { name: 'iteration', type: 'string', valueName: 'N', description: 'an iteration to withhold from the site' },
  ],
  examples: ['npm run takedown -- --secret-file /root/leaked.txt', 'npm run takedown -- --iteration 812 --loop-dir /srv/loop'],
  async run({ config, flags }) {
    const loopDir = requireLoopDir(config);
    const file = flags['secret-file'] as string | undefined;
    const iterationText = flags['iteration'] as string | undefined;
    if ((file === undefined) === (iterationText === undefined)) throw usageError(takedownCommand, 'pass exactly one of --secret-file and --iteration');
    if (iterationText !== undefined && !/^\d{1,9}$/.test(iterationText)) throw usageError(takedownCommand, '--iteration takes an iteration number');
    const values = file === undefined ? [] : readValues(file);
    const iterations = iterationText === undefined ? [] : [Number(iterationText)];
    const key = readRedactKey(config.dataDir, { create: true });
    const fingerprints = values.map((v) => fingerprint(v, key)).join(', ');
    const now = new Date();
    withDb(config, (db) => write(db, () => {
      addTakenDown(db, iterations, now);
      const pinned = readPin(db);
      if (pinned) writePin(db, undefined); // a pinned release may hold the value: the takedown must publish
      audit(db, 'takedown', `${values.length > 0 ? `${values.length} values taken down: ${fingerprints}` : `iteration ${iterations.join(', ')} withheld`}${pinned ? `; unpinned ${pinned}` : ''}`, now);
    }));
    if (values.length > 0) {
      const target = path.join(config.dataDir, TAKEDOWN_SECRETS_FILE);
      appendFileSync(target, `${values.join('\n')}\n`, { mode: 0o600 });
      chmodSync(target, 0o600);
    }
    info(values.length > 0 ? `taking down ${values.length} values (fingerprints ${fingerprints})` : `taking down iteration ${iterations[0]}`);
    // A failed republish still purges every other release and snapshot; the check below then says what stays live.
    let outcome: SynthOutcome | undefined;
    let failed: unknown;
    try {
      outcome = await runSynth({ config: { ...config, loopDir }, rebuildSite: true, trigger: 'takedown' });
    } catch (error) {
      failed = error;
      info(formatError(error));
    }
    const report = await purgeTakedown(config.dataDir, { values, iterations }, key, new Date(), config.dbDir);
    info(`purged: ${report.releasesRemoved.length} releases deleted${report.releasesRemoved.length ? ` (${report.releasesRemoved.join(', ')})` : ''}, ${report.snapshotsRewritten.length} snapshots rewritten`);
    const places = await readStillLive(config.dataDir, { values, iterations }, key);
    for (const place of places.slice(0, 50)) info(formatStillLive(place));
    if (places.length > 50) info(`... and ${places.length - 50} more`);
    if (places.length > 0) {
      const wentLive = outcome?.result === 'published' || outcome?.result === 'unchanged';
      throw new JourneyError('JOURNEY_TAKEDOWN_INCOMPLETE', `${places.length} live places still hold what was taken down (listed above)`, {
        fix: failed !== undefined
          ? 'Fix what stopped the republish (see above) and run the takedown again, or `npm run unpublish` now to stop serving the site.'
          : !wentLive
            ? `The republish did not go live (${outcome?.result ?? 'not run'}); run the takedown again once it can, or \`npm run unpublish\` now.`
            : 'The redactor let it through in the places listed: `npm run unpublish` now, and report the places and fingerprints (never the value) so the redaction is fixed.',
        state: 'what was taken down is redacted or withheld in every publish from now on; every other kept release and snapshot was purged',
      });
    }
    if (failed !== undefined) throw failed;
    info(`nothing live holds what was taken down: current release ${outcome?.releaseId ?? 'none'}, public/ and every served snapshot checked`);
    return outcome?.exitCode ?? 1;
  },
};

if (import.meta.main) main(takedownCommand);
