// `npm run synth -- --public`: publishes the loop folder as a new leak-scanned release.
import { main, type CommandSpec } from '../cli/define-command.ts';
import { requireLoopDir } from '../config/resolve-config.ts';
import { runSynth } from './run.ts';

export const synthCommand: CommandSpec = {
  invocation: 'npm run synth --',
  summary: [
    'Read the loop folder, validate it, redact it, build the site and publish it as a new release.',
    'Exit codes: 0 published (or nothing changed), 1 refused or failed (the previous release stays current),',
    '2 usage error, 3 published with some items withheld.',
  ].join('\n'),
  flags: [
    { name: 'public', type: 'boolean', description: 'publish the public, redacted projection (the only mode journey has)' },
    { name: 'rebuild-site', type: 'boolean', description: 'build and publish even when nothing changed' },
    { name: 'no-codex-cleanup', type: 'boolean', description: 'accepted for compatibility: journey never modifies the loop folder' },
  ],
  examples: [
    'npm run synth -- --public --loop-dir /srv/loop --data-dir ./data',
    'JOURNEY_LOOP_DIR=/data/loop npm run synth -- --public --no-codex-cleanup --rebuild-site',
  ],
  async run({ config, flags }) {
    const loopDir = requireLoopDir(config);
    const outcome = await runSynth({ config: { ...config, loopDir }, rebuildSite: flags['rebuild-site'] === true });
    if (outcome.exitCode === 3) {
      process.stderr.write(`${outcome.problems.length} items withheld (listed above); the rest is published.\n`);
    }
    return outcome.exitCode;
  },
};

if (import.meta.main) main(synthCommand);
