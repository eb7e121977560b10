// Scenario 7: bad input at scale in the loop folder, published by the server's own worker while a
// client reads: a 1 GB log (64 MB in the short form), a 100 MB single-line JSON (10 MB), 100,000
// iteration folders of which most are empty (2,000), JSON nested 100,000 deep, invalid UTF-8, a FIFO
// and symlink loops. Each is named with a clear message, memory stays bounded (peak RSS reported),
// and the server answers every request all along.
import { appendFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { failedFigure, startReader, startServeCli, withFixture } from './fault-fixture.ts';
import type { Scenario } from './scenario.ts';
import { triggerPath } from '../core/data-layout.ts';

/** What each bad input must be answered with (a line of the publish's output). */
const EXPECTED: [string, RegExp][] = [
  ['huge log', /iterations\/0005\/log\.txt: (is \d+ bytes, over the size cap of \d+|holds binary data)/], // sparse: NUL bytes when read
  ['FIFO', /iterations\/0002\/log\.txt: is not a regular file/],
  ['symlink loop', /iterations\/0003\/diff\.patch: is a symlink loop/],
  ['deep nesting', /iterations\/0004\/tests\.json:1: /],
  ['invalid UTF-8', /iterations\/0006\/plan\.md: is not valid UTF-8/],
  ['single-line JSON', /verdicts\.jsonl:\d+ field "summary": is over \d+ characters/],
];

/** The publish may take this long (100,000 folders make 200,000 pages). */
const PUBLISH_LIMIT_S = 1_200;
/** A peak RSS over this is not "bounded" on this machine. */
const RSS_LIMIT_MB = 4_096;

export const badInput: Scenario = {
  name: 'bad input at scale',
  promise: 'a 1 GB log, a 100 MB one-line JSON, 100,000 folders, deep nesting, invalid UTF-8, a FIFO, symlink loops: each named clearly, bounded memory, the server unharmed',
  async run({ short, log }) {
    return withFixture('bad-input', 8, async (fixture) => {
      const iteration = (n: number) => path.join(fixture.loopDir, 'iterations', String(n).padStart(4, '0'));
      const logBytes = short ? 64 * 2 ** 20 : 2 ** 30;
      const jsonBytes = short ? 10 * 2 ** 20 : 100 * 2 ** 20;
      const folders = short ? 2_000 : 100_000;
      // A sparse file: its size is what journey sees, without filling the disk.
      writeFileSync(path.join(iteration(5), 'log.txt'), '');
      truncateSync(path.join(iteration(5), 'log.txt'), logBytes);
      rmSync(path.join(iteration(2), 'log.txt'), { force: true });
      execFileSync('mkfifo', [path.join(iteration(2), 'log.txt')]);
      rmSync(path.join(iteration(3), 'diff.patch'), { force: true });
      symlinkSync('diff.patch', path.join(iteration(3), 'diff.patch'));
      symlinkSync('loop-b', path.join(iteration(3), 'loop-a'));
      symlinkSync('loop-a', path.join(iteration(3), 'loop-b'));
      writeFileSync(path.join(iteration(4), 'tests.json'), `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
      writeFileSync(path.join(iteration(6), 'plan.md'), Buffer.concat([Buffer.from('# Plan\n'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('\n')]));
      const verdict = JSON.parse(readFileSync(path.join(fixture.loopDir, 'verdicts.jsonl'), 'utf8').split('\n')[0]!);
      appendFileSync(path.join(fixture.loopDir, 'verdicts.jsonl'), `${JSON.stringify({ ...verdict, iteration: 7, summary: 'one line '.repeat(jsonBytes / 9) })}\n`);
      for (let n = 9; n < 9 + folders; n++) mkdirSync(iteration(n)); // empty: the loop made the folder, nothing yet

      // The server's worker publishes it, with a file cap above the JSON line: that line is read and parsed.
      const serve = await startServeCli(fixture, { JOURNEY_MAX_FILE_BYTES: String(256 * 2 ** 20), JOURNEY_PUBLISH_TIMEOUT_SECONDS: String(PUBLISH_LIMIT_S) });
      const reader = startReader(serve.url, ['/', '/build.json']);
      let published: RegExpExecArray | undefined;
      let read: Awaited<ReturnType<typeof reader.stop>>;
      try {
        const started = performance.now();
        writeFileSync(triggerPath(fixture), '');
        published = await serve.waitFor(/"kind":"publish","trigger":"trigger","outcome":"([a-z-]+)"[^\n]*/, PUBLISH_LIMIT_S + 60);
        log(`  publish of ${folders} folders: ${published?.[1] ?? 'no end'} after ${((performance.now() - started) / 1000).toFixed(1)} s`);
      } finally {
        read = await reader.stop();
        await serve.stop();
      }
      const output = serve.output();
      const rss = Number(/run \d+ \S+ in [^(]+\(peak RSS (\d+) MB\)/.exec(output)?.[1] ?? Number.NaN);
      const missing = EXPECTED.filter(([, pattern]) => !pattern.test(output)).map(([name]) => name);
      for (const line of output.split('\n').filter((l) => l.includes('withheld: ')).slice(0, 10)) log(`  ${line.trim().slice(0, 240)}`);
      const outcome = published?.[1];
      const ok = outcome === 'published' && missing.length === 0 && read.failures.length === 0 && rss < RSS_LIMIT_MB;
      return {
        ok,
        figure: `${(logBytes / 2 ** 20).toFixed(0)} MB log, ${(jsonBytes / 2 ** 20).toFixed(0)} MB one-line JSON, ${folders} folders: publish ${outcome ?? 'never ended'}, `
          + `${EXPECTED.length - missing.length}/${EXPECTED.length} named clearly${missing.length ? ` (missing: ${missing.join(', ')})` : ''}, peak RSS ${rss} MB (limit ${RSS_LIMIT_MB}); `
          + `server: ${read.requests} requests, ${failedFigure(read.failures)}`,
      };
    });
  },
};
