// Every byte a command prints goes out through core/log.ts, whose filter is the redactor: no other
// file writes to stdout or stderr itself. The server's access log is the one exception: it records
// requests (what visitors sent), never the loop's content.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../testkit/run-cli.ts';

const SOURCE_DIRS = ['core', 'config', 'contract', 'state', 'loop', 'redact', 'synth', 'admin', 'server', 'ops', 'deploy', 'console', 'demo'];
const ALLOWED = new Set(['core/log.ts', 'server/http/access-log.ts']);
const DIRECT_WRITE = /process\.(?:stdout|stderr)\.write\(|console\.(?:log|error|warn|info)\(/;

function sources(dir: string): string[] {
  return readdirSync(path.join(REPO, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(REPO, path.join(entry.parentPath, entry.name)));
}

describe('command output', () => {
  it('is written through core/log.ts only, so every line passes the output filter', () => {
    const offenders: string[] = [];
    for (const file of SOURCE_DIRS.flatMap(sources)) {
      if (ALLOWED.has(file)) continue;
      readFileSync(path.join(REPO, file), 'utf8').split('\n').forEach((line, index) => {
        if (DIRECT_WRITE.test(line) && !/^\s*(?:\/\/|\*)/.test(line)) offenders.push(`${file}:${index + 1}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
