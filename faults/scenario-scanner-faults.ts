// Scenario 5: the leak scanner fails in each way it can: it crashes, one of its worker threads dies, it
// hangs (the server's publish time limit must end it), it meets a file it cannot read, it meets a file
// of a type it does not know. Each time the publish is refused and the old site keeps serving.
import { writeFileSync } from 'node:fs';
import { startServer } from '../server/http/start-server.ts';
import { currentReleaseId } from '../synth/release/write-release.ts';
import { failedFigure, startReader, startServeCli, withFixture, type Fixture } from './fault-fixture.ts';
import type { Scenario } from './scenario.ts';
import { triggerPath } from '../core/data-layout.ts';

interface Trial {
  fault: string;
  /** JOURNEY_FAULT and whatever else the trial needs. */
  env: NodeJS.ProcessEnv;
  /** What the refusal must say. */
  said: RegExp;
}

const TRIALS: readonly Trial[] = [
  { fault: 'scanner crash', env: { JOURNEY_FAULT: 'scan:crash' }, said: /JOURNEY_INTERNAL: injected crash at scan/ },
  // A new redaction key re-scans every file, enough for the worker threads to take the scan.
  { fault: 'scanner thread exits', env: { JOURNEY_FAULT: 'scan-read:exit', JOURNEY_PUBLISH_THREADS: '2', JOURNEY_REDACT_KEY: 'faults-scan-threads-key-0123' }, said: /a publish worker thread exited \(code 70\)/ },
  { fault: 'unreadable file', env: { JOURNEY_FAULT: 'scan-read:eacces' }, said: /leak: \S+ rule unreadable-file/ },
  { fault: 'unknown file type', env: { JOURNEY_FAULT: 'build-extra:plant' }, said: /leak: fault-planted\.bin:0:0 rule unknown-file-type/ },
];

/** The publish time limit of the hang trial, and the grace before SIGKILL. */
const HANG_LIMIT_S = 10;

/** A trial by `npm run synth`: refused, saying why, with `current` where it was. */
async function refusedBySynth(fixture: Fixture, trial: Trial): Promise<string | undefined> {
  const before = currentReleaseId(fixture.dataDir);
  fixture.setGoal(`Scanner fault: ${trial.fault}`);
  const run = await fixture.publish(trial.env);
  if (run.code === 0 || run.code === 3) return `${trial.fault}: published (exit ${run.code})`;
  if (!trial.said.test(run.stderr)) return `${trial.fault}: exit ${run.code} without the expected message: ${run.stderr.trim().split('\n').slice(-2).join(' / ')}`;
  return currentReleaseId(fixture.dataDir) === before ? undefined : `${trial.fault}: current moved`;
}

/**
 * The hang trial, the way production meets it: `npm run serve` with its publish worker, a trigger,
 * and a scan that never returns. The worker's group must be stopped at the limit and the run
 * recorded as timed out, while the server goes on answering from the old release.
 */
async function refusedAfterHang(fixture: Fixture): Promise<{ wrong?: string; seconds: number }> {
  const before = currentReleaseId(fixture.dataDir);
  fixture.setGoal('Scanner fault: hang');
  const serve = await startServeCli(fixture, { JOURNEY_FAULT: 'scan:hang', JOURNEY_PUBLISH_TIMEOUT_SECONDS: String(HANG_LIMIT_S), JOURNEY_KILL_GRACE_SECONDS: '1' });
  try {
    const started = performance.now();
    writeFileSync(triggerPath(fixture), '');
    const timedOut = await serve.waitFor(/"kind":"publish","trigger":"trigger","outcome":"timed-out"/, HANG_LIMIT_S + 60);
    const seconds = (performance.now() - started) / 1000;
    const page = await fetch(serve.url).then(async (r) => ({ status: r.status, text: await r.text() }), () => ({ status: 0, text: '' }));
    if (!timedOut) return { wrong: `hang: no timed-out publish within ${HANG_LIMIT_S + 60} s`, seconds };
    if (!serve.output().includes('fault injected: scan:hang')) return { wrong: 'hang: the publish timed out before its scan started', seconds };
    if (page.status !== 200 || page.text.includes('Scanner fault: hang')) return { wrong: `hang: the server answered ${page.status}${page.status === 200 ? ' with the new page' : ''}`, seconds };
    return currentReleaseId(fixture.dataDir) === before ? { seconds } : { wrong: 'hang: current moved', seconds };
  } finally {
    await serve.stop();
  }
}

export const scannerFaults: Scenario = {
  name: 'scanner faults',
  promise: 'the leak scanner crashes, loses a thread, hangs, meets an unreadable file or an unknown file type: publish refused 5/5, the old site serves',
  async run({ log }) {
    return withFixture('scanner', 80, async (fixture) => {
      const server = await startServer({ dataDir: fixture.dataDir, host: '127.0.0.1', port: 0 });
      const reader = startReader(server.url, ['/', '/build.json'], (route, body) => (route === '/' && body.includes('Scanner fault') ? 'a refused release was served' : undefined));
      const broken: string[] = [];
      let refused = 0;
      let hangSeconds = 0;
      let read: Awaited<ReturnType<typeof reader.stop>>;
      try {
        for (const trial of TRIALS) {
          const wrong = await refusedBySynth(fixture, trial);
          log(`  ${trial.fault}: ${wrong ?? 'refused, old site serving'}`);
          if (wrong) broken.push(wrong);
          else refused++;
        }
        const hang = await refusedAfterHang(fixture);
        hangSeconds = hang.seconds;
        log(`  scanner hang: ${hang.wrong ?? `refused after ${hang.seconds.toFixed(1)} s (limit ${HANG_LIMIT_S} s)`}`);
        if (hang.wrong) broken.push(hang.wrong);
        else refused++;
      } finally {
        read = await reader.stop();
        await server.close();
      }
      broken.push(...read.failures.slice(0, 1));
      const figure = `publish refused ${refused}/${TRIALS.length + 1} (crash, thread exit, unreadable file, unknown file type, hang ended after ${hangSeconds.toFixed(1)} s `
        + `by the ${HANG_LIMIT_S} s limit); old site served: ${read.requests} requests, ${failedFigure(read.failures)}`;
      return { ok: broken.length === 0, figure: `${figure}${broken.length ? `; BROKEN: ${broken[0]}` : ''}` };
    });
  },
};
