// `npm run demo -- --iterations N --out DIR`: writes a realistic loop folder with planted fake secrets.
import { main, usageError, type CommandSpec } from '../cli/define-command.ts';
import { info } from '../core/log.ts';
import { generateDemo } from './generate-demo.ts';
import { generateDemoOps } from './generate-demo-ops.ts';
import { writeDemo, writeDemoOps } from './write-demo.ts';

const usage = (message: string) => usageError(demoCommand, message);

export const demoCommand: CommandSpec = {
  invocation: 'npm run demo --',
  summary: 'Write a demo loop folder: a TypeScript project built iteration by iteration, with fake secrets planted\nthe way a real loop leaks them. The same --seed and --now give byte-identical files.',
  flags: [
    { name: 'iterations', type: 'string', valueName: 'N', description: 'number of iterations, the newest in progress', defaultText: '24', range: { min: 0, max: 100_000 } },
    { name: 'out', type: 'string', valueName: 'DIR', description: 'target folder, empty or absent (required)' },
    { name: 'seed', type: 'string', valueName: 'S', description: 'random seed', defaultText: 'journey' },
    { name: 'now', type: 'string', valueName: 'ISO', description: 'the demo\'s current time', defaultText: 'the real time' },
    { name: 'data-dir', type: 'string', valueName: 'DIR', description: 'also write a day of monitor samples and meta-judge reviews there (files that exist are kept)' },
  ],
  examples: [
    'npm run demo -- --iterations 40 --out /tmp/demo-loop',
    'npm run demo -- --out /tmp/a --seed 7 --now 2026-11-21T12:00:00Z',
    'npm run demo -- --out /tmp/demo-loop --data-dir /tmp/demo-data',
  ],
  run({ flags }) {
    const out = flags['out'];
    if (typeof out !== 'string' || out === '') throw usage('--out DIR is required');
    const iterations = Number(flags['iterations'] ?? '24'); // a whole number in its range: define-command checked it
    const now = new Date(typeof flags['now'] === 'string' ? flags['now'] : Date.now());
    if (Number.isNaN(now.getTime())) throw usage('--now must be an ISO 8601 timestamp');
    const seed = typeof flags['seed'] === 'string' ? flags['seed'] : 'journey';
    const demo = generateDemo({ iterations, seed, now });
    writeDemo(out, demo);
    const dataDir = flags['data-dir'];
    if (typeof dataDir === 'string' && dataDir !== '') {
      const written = writeDemoOps(dataDir, generateDemoOps({ iterations, seed, now }));
      info(`wrote ${written} operations files (monitor samples, meta-judge reviews) to ${dataDir}`);
    }
    const bytes = [...demo.files.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    info(`wrote ${demo.files.size} files (${(bytes / 1024).toFixed(0)} KB, ${iterations} iterations) to ${out}`);
    return 0;
  },
};

if (import.meta.main) main(demoCommand);
