// Writes a small demo loop for tests and hands back what was planted in it.
import { generateDemo, type DemoLoop } from '../../demo/generate-demo.ts';
import { generateDemoOps } from '../../demo/generate-demo-ops.ts';
import { writeDemo, writeDemoOps } from '../../demo/write-demo.ts';

export const TEST_NOW = new Date('2026-11-21T12:00:00Z');

/** Writes a demo loop with `iterations` iterations to `dir` and returns it. */
export function writeTestLoop(dir: string, iterations = 4, seed = 'journey'): DemoLoop {
  const demo = generateDemo({ iterations, seed, now: TEST_NOW });
  writeDemo(dir, demo);
  return demo;
}

/** Writes a day of demo monitor samples and meta-judge reviews into the data folder `dir`. */
export function writeTestOps(dir: string, iterations = 4, seed = 'journey'): void {
  writeDemoOps(dir, generateDemoOps({ iterations, seed, now: TEST_NOW }));
}
