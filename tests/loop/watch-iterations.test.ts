// The publish worker's watch of the iteration folders: a stamp is remembered (no stat) while its
// folder is quiet, and read again after any change the kernel reports: a file written, a folder
// added, removed or replaced, iterations/ itself replaced. `forget` reads every stamp again.
import { appendFileSync, mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchIterations, type IterationWatch } from '../../loop/watch-iterations.ts';
import { readIterationStamp } from '../../loop/read-iteration.ts';
import { tempDir } from '../../testkit/run-cli.ts';
import { until } from '../../testkit/serve.ts';

let watch: IterationWatch | undefined;
afterEach(() => watch?.close());

function makeLoop(count: number): string {
  const loop = tempDir('watch-loop');
  for (let n = 1; n <= count; n++) {
    mkdirSync(path.join(loop, 'iterations', String(n)), { recursive: true });
    writeFileSync(path.join(loop, 'iterations', String(n), 'plan.md'), `plan ${n}\n`);
  }
  return realpathSync(loop);
}

/** Waits until the watch reads the folder's stamp again (a new object), then checks it is the stamp on disk. */
async function seesChange(root: string, folder: string, before: object): Promise<void> {
  await until(() => watch!.stampOf(root, folder) !== before, `the watch to see ${folder} change`, 10_000);
  expect(watch!.stampOf(root, folder)).toEqual(readIterationStamp(root, folder));
}

describe('watchIterations', () => {
  it('remembers a quiet folder\'s stamp and reads it again after a file in it changes', async () => {
    const root = makeLoop(3);
    watch = watchIterations(root, () => {});
    expect(watch.watched()).toBe(3);
    const first = watch.stampOf(root, 'iterations/2');
    expect(first).toEqual(readIterationStamp(root, 'iterations/2'));
    expect(watch.stampOf(root, 'iterations/2')).toBe(first); // remembered: the same object, no stat
    appendFileSync(path.join(root, 'iterations/2/plan.md'), 'more\n');
    await seesChange(root, 'iterations/2', first);
    const other = watch.stampOf(root, 'iterations/1');
    expect(watch.stampOf(root, 'iterations/1')).toBe(other); // a change elsewhere leaves it remembered
  });

  it('watches a folder added after it started, and one removed and made again', async () => {
    const root = makeLoop(1);
    watch = watchIterations(root, () => {});
    mkdirSync(path.join(root, 'iterations/2'));
    await until(() => watch!.watched() === 2, 'the new folder to be watched', 10_000);
    const empty = watch.stampOf(root, 'iterations/2');
    writeFileSync(path.join(root, 'iterations/2/plan.md'), 'new plan\n');
    await seesChange(root, 'iterations/2', empty);

    const before = watch.stampOf(root, 'iterations/1');
    rmSync(path.join(root, 'iterations/1'), { recursive: true });
    mkdirSync(path.join(root, 'iterations/1'));
    await seesChange(root, 'iterations/1', before);
    const remade = watch.stampOf(root, 'iterations/1');
    writeFileSync(path.join(root, 'iterations/1/plan.md'), 'plan of the folder made again\n');
    await seesChange(root, 'iterations/1', remade); // the new folder is watched, not the removed one
  });

  it('starts over when iterations/ itself is replaced', async () => {
    const root = makeLoop(2);
    watch = watchIterations(root, () => {});
    const before = watch.stampOf(root, 'iterations/1');
    const next = tempDir('watch-next');
    mkdirSync(path.join(next, '1'), { recursive: true });
    writeFileSync(path.join(next, '1', 'plan.md'), 'a different plan, longer than before\n');
    rmSync(path.join(root, 'iterations'), { recursive: true });
    renameSync(next, path.join(root, 'iterations'));
    await seesChange(root, 'iterations/1', before);
    const after = watch.stampOf(root, 'iterations/1');
    writeFileSync(path.join(root, 'iterations/1/plan.md'), 'changed in the new iterations folder\n');
    await seesChange(root, 'iterations/1', after);
  });

  it('watches the newest folders when it may watch only some, and gives up the oldest for a new one', async () => {
    const root = makeLoop(4);
    watch = watchIterations(root, () => {}, 2);
    /** Whether two reads in a row give the same object: a remembered stamp, no stat. */
    const remembered = (folder: string) => {
      const first = watch!.stampOf(root, folder);
      return watch!.stampOf(root, folder) === first;
    };
    expect(watch.watched()).toBe(2);
    expect(remembered('iterations/4')).toBe(true);
    expect(remembered('iterations/2')).toBe(false); // not watched: stat'ed each time
    mkdirSync(path.join(root, 'iterations/5'));
    await until(() => !remembered('iterations/3'), 'iteration 3 to be given up', 10_000);
    expect(watch.watched()).toBe(2);
    expect(remembered('iterations/5')).toBe(true);
  });

  it('reads every stamp again after forget (the periodic full reconcile), and any folder of another root', () => {
    const root = makeLoop(2);
    watch = watchIterations(root, () => {});
    const first = watch.stampOf(root, 'iterations/1');
    watch.forget();
    expect(watch.stampOf(root, 'iterations/1')).not.toBe(first);
    const other = makeLoop(1);
    expect(watch.stampOf(other, 'iterations/1')).not.toBe(watch.stampOf(other, 'iterations/1'));
  });
});
