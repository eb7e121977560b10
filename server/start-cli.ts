// `npm start`: the all-in-one command. Without a loop folder it generates and publishes the demo on first run.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { main, SERVER_FLAGS, type CommandSpec } from '../cli/define-command.ts';
import { info } from '../core/log.ts';
import { generateDemo } from '../demo/generate-demo.ts';
import { generateDemoOps } from '../demo/generate-demo-ops.ts';
import { writeDemo, writeDemoOps } from '../demo/write-demo.ts';
import { publishAndServe, serveModes } from './serve-cli.ts';

export const DEMO_ITERATIONS = 24;

export const startCommand: CommandSpec = {
  invocation: 'npm start --',
  summary: 'Publish and serve a journey site. With no loop folder configured, generate the demo loop into\n<data-dir>/demo-loop on first run and publish it.',
  flags: SERVER_FLAGS,
  examples: ['npm start', 'npm start -- --loop-dir /srv/loop --port 9000', 'JOURNEY_DATA_DIR=/tmp/j npm start'],
  run({ config, flags }) {
    let loopDir = config.loopDir;
    if (loopDir === undefined) {
      loopDir = path.join(config.dataDir, 'demo-loop');
      if (!existsSync(loopDir)) {
        const now = new Date();
        writeDemo(loopDir, generateDemo({ iterations: DEMO_ITERATIONS, seed: 'journey', now }));
        writeDemoOps(config.dataDir, generateDemoOps({ iterations: DEMO_ITERATIONS, seed: 'journey', now }));
        info(`no loop folder configured: generated the demo loop (${DEMO_ITERATIONS} iterations) in ${loopDir}`);
      }
    }
    return publishAndServe(config, loopDir, serveModes(flags, true));
  },
};

if (import.meta.main) main(startCommand);
