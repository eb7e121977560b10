// Writes a small demo loop for tests and hands back what was planted in it.
import { generateDemo, type DemoLoop } from '../demo/generate-demo.ts';
import { generateDemoOps } from '../demo/generate-demo-ops.ts';
import { writeDemo, writeDemoOps } from '../demo/write-demo.ts';

/**
 * The demo's clock in tests: same files on every run. A test that compares the site with the real
 * clock (a heartbeat's age, "published N min ago") must pass `new Date()` instead, so that both sides
 * read one clock whatever the date.
 */
export const TEST_NOW = new Date('2026-11-21T12:00:00Z');

/** Writes a demo loop with `iterations` iterations to `dir` and returns it. */
export function writeTestLoop(dir: string, iterations = 4, seed = 'journey', now = TEST_NOW): DemoLoop {
  const demo = generateDemo({ iterations, seed, now });
  writeDemo(dir, demo);
  return demo;
}

/** Writes a day of demo monitor samples and meta-judge reviews into the data folder `dir`. */
export function writeTestOps(dir: string, iterations = 4, seed = 'journey', now = TEST_NOW): void {
  writeDemoOps(dir, generateDemoOps({ iterations, seed, now }));
}
