// The site code hash decides when the render bundle is built again and every page re-rendered: it
// must cover every module whose code can change a page's bytes. Every module the bundle (site/ and
// the contract/ it reads) and the ATIF export import, followed, must be hashed too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SITE_CODE } from '../../synth/read-code-hash.ts';
import { REPO } from '../../testkit/run-cli.ts';

const CODE = /\.(?:ts|mjs|astro)$/;

/** The code files a SITE_CODE entry names (a folder: every code file below it). */
function filesOf(entry: string): string[] {
  const absolute = path.join(REPO, entry);
  if (!statSync(absolute).isDirectory()) return CODE.test(entry) ? [entry] : [];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && CODE.test(e.name))
    .map((e) => path.relative(REPO, path.join(e.parentPath, e.name)));
}

/** The repository files `file` imports by relative path. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(REPO, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => path.relative(REPO, path.resolve(path.dirname(path.join(REPO, file)), m[1]!)));
}

const hashed = (file: string) => SITE_CODE.some((entry) => file === entry || file.startsWith(`${entry}/`));

describe('the site code hash', () => {
  it('covers every module the render bundle and the ATIF export import, so no change to a page\'s code keeps an old bundle', () => {
    const seen = new Set<string>();
    const todo = ['site', 'contract', 'synth/render/render-atif.ts'].flatMap(filesOf);
    const outside: string[] = [];
    while (todo.length > 0 && seen.size < 5000) {
      const file = todo.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      if (!hashed(file)) outside.push(file);
      if (CODE.test(file)) todo.push(...importsOf(file).filter((f) => CODE.test(f)));
    }
    expect(seen.size).toBeGreaterThan(50); // site/ and contract/ were read
    expect(outside.sort()).toEqual([]);
  });
});
