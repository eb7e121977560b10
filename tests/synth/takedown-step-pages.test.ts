// Taking an iteration down purges its long trace's step pages with its page: no kept release may still
// hold iterations/<n>/steps/<k>.html once the iteration is withheld.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { purgeTakedown } from '../../synth/release/write-takedown.ts';
import { makeCurrent, writeReleaseFolder } from '../../testkit/fake-release.ts';
import { tempDir } from '../../testkit/run-cli.ts';

describe('takedown of an iteration with a paged trace', () => {
  it('deletes every kept release that still holds one of the iteration\'s step pages, and keeps the others', async () => {
    const dataDir = tempDir('takedown-steps');
    const same = { 'index.html': '<p>home</p>', 'iterations/3.json': '{"status": "withheld"}\n', 'iterations/3.html': '<p>withheld</p>', 'iterations/3/trajectory.json': '{}' };
    // An older release holds iteration 3's files as the current one does, plus a step page of its trace the current one no longer has.
    writeReleaseFolder(dataDir, 'r1', { ...same, 'iterations/3/steps/2.html': '<p>steps 40–80 of the old trace</p>' });
    writeReleaseFolder(dataDir, 'r2', { ...same, 'iterations/4/steps/2.html': '<p>another iteration\'s steps</p>' });
    writeReleaseFolder(dataDir, 'r3', same);
    makeCurrent(dataDir, 'r3');
    const report = await purgeTakedown(dataDir, { values: [], iterations: [3] }, 'takedown-steps-key-0123456789');
    expect(report.releasesRemoved).toEqual(['r1']);
    expect(existsSync(path.join(dataDir, 'releases', 'r1'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'releases', 'r2', 'iterations', '4', 'steps', '2.html'))).toBe(true);
  });
});
