// Bad input: the item is withheld and the journey keeps going; a bad state or matrix refuses the publish.
import { appendFileSync, readFileSync, readlinkSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/start-server.ts';
import type { SiteData } from '../../synth/site-data-schema.ts';
import { writeTestLoop } from '../helpers/demo-loop.ts';
import { publishLoop, tempDir, type CliResult } from '../helpers/run-cli.ts';
import { fetchText, serveDataDir } from '../helpers/serve.ts';

const synth = (loopDir: string, dataDir: string, env: NodeJS.ProcessEnv = {}) => publishLoop(loopDir, dataDir, { env });
const siteData = (dataDir: string) => JSON.parse(readFileSync(path.join(dataDir, 'current', 'site-data.json'), 'utf8')) as SiteData;
const folder = (loopDir: string, n: number) => path.join(loopDir, 'iterations', String(n).padStart(4, '0'));

describe('an invalid iteration folder is withheld and the rest publishes (exit 3)', () => {
  const loopDir = tempDir('bad-iter-loop');
  const dataDir = tempDir('bad-iter-data');
  let result: CliResult;
  let server: RunningServer;

  beforeAll(async () => {
    writeTestLoop(loopDir, 8);
    const meta = JSON.parse(readFileSync(path.join(folder(loopDir, 2), 'iteration.json'), 'utf8'));
    writeFileSync(path.join(folder(loopDir, 2), 'iteration.json'), JSON.stringify({ ...meta, title: 42 }, null, 2));
    writeFileSync(path.join(folder(loopDir, 3), 'log.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff, 0x00]));
    writeFileSync(path.join(folder(loopDir, 4), 'plan.md'), Buffer.from([0x23, 0x20, 0xc3, 0x28, 0x0a]));
    unlinkSync(path.join(folder(loopDir, 5), 'plan.md'));
    symlinkSync('/etc/passwd', path.join(folder(loopDir, 5), 'plan.md'));
    writeFileSync(path.join(folder(loopDir, 6), 'log.txt'), 'x'.repeat(70_000));
    result = await synth(loopDir, dataDir, { JOURNEY_MAX_FILE_BYTES: '60000' });
    server = await serveDataDir(dataDir);
  });
  afterAll(() => server?.close());

  it('exits 3 and publishes the valid iterations', async () => {
    expect(result.code).toBe(3);
    for (const n of [1, 7, 8]) {
      const page = await fetchText(server.url, `/iterations/${n}/`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('withheld: invalid input');
    }
  });

  const cases: [number, string, string][] = [
    [2, 'wrong types', 'iterations/0002/iteration.json:3 field "title": Invalid input: expected string, received number'],
    [3, 'binary garbage', 'iterations/0003/log.txt: holds binary data (NUL bytes)'],
    [4, 'invalid UTF-8', 'iterations/0004/plan.md: is not valid UTF-8'],
    [5, 'a symlink outside the loop folder', 'iterations/0005/plan.md: is a symlink pointing outside the loop folder'],
    [6, 'a file over the size cap', 'iterations/0006/log.txt: is 70000 bytes, over the size cap of 60000'],
  ];
  for (const [n, label, message] of cases) {
    it(`withholds iteration ${n} with ${label}: prints file, field and fix, and the site says so`, async () => {
      const line = result.stderr.split('\n').find((l) => l.includes(`iterations/000${n}/`));
      expect(line).toContain(`JOURNEY_ITERATION_INVALID: ${message}`);
      expect(line).toMatch(/fix: \S/);
      const page = await fetchText(server.url, `/iterations/${n}/`);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`iteration ${n} withheld: invalid input`);
      expect(siteData(dataDir).withheld).toContainEqual({ item: `iteration ${n}`, reason: 'invalid input' });
    });
  }

  it('never publishes what the symlink points at', async () => {
    const page = await fetchText(server.url, '/iterations/5.json');
    expect(page.text).not.toMatch(/root:x?:0:0/);
  });
});

describe('verdicts.jsonl', () => {
  it('skips a last line without its newline quietly and publishes it next time', async () => {
    const loopDir = tempDir('partial-loop');
    const dataDir = tempDir('partial-data');
    writeTestLoop(loopDir, 4);
    const file = path.join(loopDir, 'verdicts.jsonl');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    writeFileSync(file, `${lines.join('\n')}\n${lines.at(-1)!.replace(/"iteration":3/, '"iteration":4').slice(0, -1)}`);
    const first = await synth(loopDir, dataDir);
    expect(first.code).toBe(0);
    expect(first.stderr).not.toContain('verdicts.jsonl');
    expect(siteData(dataDir).iterations.find((i) => i.number === 4)!.verdict).toBeNull();
    appendFileSync(file, '}\n');
    const second = await synth(loopDir, dataDir);
    expect(second.code).toBe(0);
    expect(siteData(dataDir).iterations.find((i) => i.number === 4)!.verdict).not.toBeNull();
  });

  it('withholds corrupt lines in the middle (bad JSON, binary bytes) and publishes the others (exit 3)', async () => {
    const loopDir = tempDir('corrupt-loop');
    const dataDir = tempDir('corrupt-data');
    writeTestLoop(loopDir, 5);
    const file = path.join(loopDir, 'verdicts.jsonl');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    lines[1] = '{"iteration": 2, "verdict": "pass", garbage';
    lines[2] = `${lines[2]!.slice(0, 20)}\u0000\u00ff`;
    writeFileSync(file, `${lines.join('\n')}\n`);
    const result = await synth(loopDir, dataDir);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/JOURNEY_VERDICT_INVALID: verdicts\.jsonl:2: is not valid JSON\. fix: \S/);
    const data = siteData(dataDir);
    expect(result.stderr).toMatch(/JOURNEY_VERDICT_INVALID: verdicts\.jsonl:3: holds binary data \(NUL bytes\)\. fix: \S/);
    expect(data.withheld).toContainEqual({ item: 'verdicts.jsonl line 2', reason: 'invalid input' });
    expect(data.withheld).toContainEqual({ item: 'verdicts.jsonl line 3', reason: 'invalid input' });
    expect(data.iterations.filter((i) => i.verdict !== null).map((i) => i.number)).toEqual([1, 4]);
  });
});

describe('an invalid state.json or parity matrix refuses the publish (exit 1)', () => {
  const loopDir = tempDir('refuse-loop');
  const dataDir = tempDir('refuse-data');
  let server: RunningServer;
  let goodRelease: string;

  beforeAll(async () => {
    writeTestLoop(loopDir, 3);
    expect((await synth(loopDir, dataDir)).code).toBe(0);
    goodRelease = readlinkSync(path.join(dataDir, 'current'));
    server = await serveDataDir(dataDir);
  });
  afterAll(() => server?.close());

  const expectStillServed = async () => {
    expect(readlinkSync(path.join(dataDir, 'current'))).toBe(goodRelease);
    const home = await fetchText(server.url, '/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Build ledger-ts');
  };

  it('names file, line, field and fix for a bad state.json and keeps the last release', async () => {
    const file = path.join(loopDir, 'state.json');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace(/"iteration": \d+/, '"iteration": "7a"'));
    const result = await synth(loopDir, dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('JOURNEY_LOOP_STATE_INVALID: state.json:2 field "iteration": Invalid input: expected number, received string');
    expect(result.stderr).toMatch(/fix: Fix the loop's writer/);
    expect(result.stderr).toContain(`the last good release ${path.basename(goodRelease)} is still served`);
    await expectStillServed();
    writeFileSync(file, good);
    expect((await synth(loopDir, dataDir)).code).toBe(0);
    goodRelease = readlinkSync(path.join(dataDir, 'current'));
  });

  it('names file and line for invalid YAML and for a bad state in the parity matrix', async () => {
    const file = path.join(loopDir, 'acceptance', 'parity-matrix.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, `${good}  - id: [unclosed\n`);
    const syntax = await synth(loopDir, dataDir);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(/JOURNEY_LOOP_PARITY_INVALID: acceptance\/parity-matrix\.yaml:\d+: is not valid YAML/);
    await expectStillServed();
    writeFileSync(file, good.replace('state: green', 'state: purple'));
    const schema = await synth(loopDir, dataDir);
    expect(schema.code).toBe(1);
    const line = good.split('\n').findIndex((l) => l.includes('state: green')) + 1;
    expect(schema.stderr).toContain(`acceptance/parity-matrix.yaml:${line} field "features.0.state"`);
    await expectStillServed();
    writeFileSync(file, good);
  });
});

describe('npm run synth with a text the redactor cannot vouch for', () => {
  it('withholds that field behind a visible marker, names file, line, column and rule, publishes the rest, exits 3', async () => {
    const loopDir = tempDir('withhold-loop');
    const dataDir = tempDir('withhold-data');
    writeTestLoop(loopDir, 3);
    const unterminated = ['-----BEGIN RSA PRIVATE', ' KEY-----\nMIIEowIBAAKCAQEA'].join('');
    writeFileSync(path.join(folder(loopDir, 2), 'plan.md'), `# Plan\nread the deploy key:\n${unterminated}\n`);
    const result = await synth(loopDir, dataDir);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('JOURNEY_REDACT_UNSURE: iterations/0002/plan.md:3:1 field "plan" rule private-key: withheld: a private key block without its end marker');
    expect(result.stderr + result.stdout).not.toContain('MIIEow');
    const page = readFileSync(path.join(dataDir, 'current', 'iterations', '2.html'), 'utf8');
    expect(page).toContain('[WITHHELD: could not be redacted safely]');
    expect(page).toContain('<h2 id="diff">');
    const data = siteData(dataDir);
    expect(data.withheld).toContainEqual({ item: 'iteration 2 plan', reason: 'could not be redacted safely' });
    expect(data.iterations[1]?.withheld_fields).toBe(1);
    expect(data.redactions.total).toBeGreaterThan(0);
    expect(data.iterations.some((it) => it.redactions > 0)).toBe(true);
  }, 180_000);
});
