// A long-lived process parses a sealed manifest once (the publish worker reads every kept release's
// manifest for recovery, retention and snapshots), yet never trusts a remembered one after the file
// changed: a manifest torn or rewritten in place is read again, and a removed release is forgotten.
import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest, rememberManifest, removeRelease } from '../../synth/release/write-release.ts';
import { writeReleaseFolder } from '../../testkit/fake-release.ts';
import { tempDir } from '../../testkit/run-cli.ts';

describe('manifests remembered by a long-lived process', () => {
  it('returns the parsed entries again while the file is unchanged, and reads a torn or rewritten one again', () => {
    const dataDir = tempDir('manifest-memory');
    const release = writeReleaseFolder(dataDir, 'r1', { 'index.html': '<p>one</p>', 'a/b.html': '<p>two</p>' });
    const first = readManifest(dataDir, 'r1');
    expect(first?.map((e) => e.path)).toEqual(['a/b.html', 'index.html']);
    expect(readManifest(dataDir, 'r1')).toBe(first); // parsed once
    const manifest = path.join(release, 'MANIFEST');
    const sealed = readFileSync(manifest, 'utf8');
    truncateSync(manifest, sealed.length - 20); // torn: its seal is gone
    expect(readManifest(dataDir, 'r1')).toBeUndefined();
    writeFileSync(manifest, sealed.replace('index.html', 'other.html')); // rewritten: the seal no longer matches
    expect(readManifest(dataDir, 'r1')).toBeUndefined();
    writeFileSync(manifest, sealed);
    expect(readManifest(dataDir, 'r1')?.map((e) => e.path)).toEqual(['a/b.html', 'index.html']);
  });

  it('remembers the manifest a publish just wrote in its file order, and forgets a removed release', () => {
    const dataDir = tempDir('manifest-memory');
    writeReleaseFolder(dataDir, 'r2', { 'z.html': 'z', 'b.html': 'b' });
    const entries = [{ path: 'z.html', sha256: 'f'.repeat(64), bytes: 1, key: '-' }, { path: 'b.html', sha256: 'e'.repeat(64), bytes: 1, key: '-' }];
    rememberManifest(dataDir, 'r2', entries);
    expect(readManifest(dataDir, 'r2')?.map((e) => e.path)).toEqual(['b.html', 'z.html']);
    removeRelease(dataDir, 'r2');
    expect(readManifest(dataDir, 'r2')).toBeUndefined();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
