// `npm run synth -- --public --rebuild-site`: publishes the loop folder as a new leak-scanned release.
import { info } from '../core/log.ts';
import { main, usageError, type CommandSpec } from '../cli/define-command.ts';
import { requireLoopFolder } from '../config/read-required-folders.ts';
import { requireLoopDir } from '../config/resolve-config.ts';
import { runSynth } from './run.ts';
import { currentReleaseId } from './release/write-release.ts';

const TRIGGERS = ['manual', 'timer', 'trigger', 'start'] as const;

/** `1 item withheld`, `3 items withheld`: the problems that withheld something (notes withhold nothing). */
export const withheldCount = (problems: readonly { note?: boolean }[]) => {
  const count = problems.filter((p) => !p.note).length;
  return `${count} ${count === 1 ? 'item' : 'items'} withheld`;
};

export const synthCommand: CommandSpec = {
  invocation: 'npm run synth --',
  summary: [
    'Read the loop folder, validate and redact what changed, and refresh <data>/public; with --rebuild-site,',
    'also render the changed pages, leak-scan them and publish a new release atomically.',
    'Exit codes: 0 published (or nothing changed), 1 refused or failed (the previous release stays current),',
    '2 usage error, 3 published with some items withheld.',
  ].join('\n'),
  flags: [
    { name: 'public', type: 'boolean', description: 'required: write the public, fail-closed redacted projection (the folder is served publicly)' },
    { name: 'rebuild-site', type: 'boolean', description: 'render, scan and publish a release (without it only <data>/public is refreshed)' },
    { name: 'full', type: 'boolean', description: 'ignore every cache: re-read, re-redact and re-render everything' },
    { name: 'dry-run', type: 'boolean', description: 'do everything but write: report what a publish would change' },
    { name: 'no-codex-cleanup', type: 'boolean', description: 'skip the optional narrative step (the configured narrativeCommand)' },
    { name: 'trigger', type: 'string', valueName: 'WHY', description: `what asked for this run, recorded with it (${TRIGGERS.join(', ')})`, defaultText: 'manual' },
  ],
  examples: [
    'npm run synth -- --public --rebuild-site --loop-dir /srv/loop --data-dir ./data',
    'JOURNEY_LOOP_DIR=/data/loop npm run synth -- --public --no-codex-cleanup --rebuild-site',
    'npm run synth -- --public --rebuild-site --full --dry-run',
  ],
  async run({ config, flags }) {
    requireLoopDir(config);
    if (flags['public'] !== true) {
      throw usageError(synthCommand, 'pass --public: journey writes only the redacted public projection, and the data folder is served publicly');
    }
    const trigger = (flags['trigger'] as string | undefined) ?? 'manual';
    if (!(TRIGGERS as readonly string[]).includes(trigger)) throw usageError(synthCommand, `--trigger must be one of ${TRIGGERS.join(', ')}`);
    // Every check before the first mkdir: a mistyped --loop-dir leaves no data folder behind.
    const served = currentReleaseId(config.dataDir);
    const loopDir = requireLoopFolder(config, `nothing was created or published${served ? `; the last good release ${served} is still served` : ''}`);
    const outcome = await runSynth({
      config: { ...config, loopDir },
      rebuildSite: flags['rebuild-site'] === true,
      full: flags['full'] === true,
      dryRun: flags['dry-run'] === true,
      narrative: flags['no-codex-cleanup'] !== true,
      trigger,
    });
    if (outcome.exitCode === 3) {
      info(`${withheldCount(outcome.problems)} (listed above); the rest is ${outcome.published ? 'published' : 'in <data>/public'}.`);
    }
    return outcome.exitCode;
  },
};

if (import.meta.main) main(synthCommand);
