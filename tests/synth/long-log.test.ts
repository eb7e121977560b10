// A log over the size cap is read from its end: bounded memory whatever its size, its tail published
// like any log, and nothing a cut can split (a key block, a line, a character) gets through half.
import { closeSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINES_AFTER, readLoopTail } from '../../loop/read-loop-tail.ts';
import type { IterationPage, SiteData } from '../../contract/site-data-schema.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';

const numbered = (from: number, count: number) => Array.from({ length: count }, (_, i) => `line ${from + i}`).join('\n');

/** A fake key body line: 64 base64 characters, different for each `n`, never a real key. */
const bodyLine = (n: number) => Buffer.from(`fake key body ${n} `.repeat(4)).toString('base64').slice(0, 64);

describe('readLoopTail', () => {
  const root = tempDir('tail-root');
  const write = (name: string, content: string | Buffer) => writeFileSync(path.join(root, name), content);

  it('reads a file within the cap whole, and counts nothing before it', () => {
    write('small.txt', `${numbered(1, 10)}\n`);
    const text = `${numbered(1, 10)}\n`;
    expect(readLoopTail(root, 'small.txt', 1000, 5)).toEqual({ kind: 'tail', text, linesBefore: 0, context: '', size: Buffer.byteLength(text) });
  });

  it('reads the last lines of a file over the cap, and counts the lines before them', () => {
    write('long.txt', `${numbered(1, 1000)}\n`);
    const tail = readLoopTail(root, 'long.txt', 2000, 5);
    expect(tail).toMatchObject({ kind: 'tail', text: `${numbered(996, 5)}\n`, linesBefore: 995 });
  });

  it('keeps of the lines before the tail only those naming a credential, each with the lines after it a rule reads', () => {
    const head = [numbered(1, 300), 'export DB_PASSWORD=Larch-Quay-8812', numbered(301, 300), 'Password:', 'Larch-Quay-9923', numbered(601, 300)];
    write('context.txt', `${head.join('\n')}\n${numbered(901, 20)}\n`);
    const tail = readLoopTail(root, 'context.txt', 400, 20);
    if (tail.kind !== 'tail') throw new Error(tail.kind);
    expect(tail.text).toBe(`${numbered(901, 20)}\n`);
    // As many lines after each as the farthest-reading rule reads (LINES_AFTER), from the rule table.
    expect(tail.context).toBe(`export DB_PASSWORD=Larch-Quay-8812\n${numbered(301, LINES_AFTER)}\nPassword:\nLarch-Quay-9923\n${numbered(601, LINES_AFTER - 1)}\n`);
    expect(tail.linesBefore).toBe(903);
  });

  it('keeps the lines any rule of the redactor learns from, whether or not they say password: commands, other languages', () => {
    // Each names a credential the way only a rule's own keyword or a label in another script does.
    const named = ['mysql -u root -pFen-Oriel-4410 ledger', 'echo Fen-Oriel-4411 | sudo -S apt-get update', 'Kennwort: Fen-Oriel-4412',
      'redis-cli -a Fen-Oriel-4413 info', 'curl -u admin:Fen-Oriel-4414 https://api.example.com/v1', 'пароль: Fen-Oriel-4415', '密码：Fen-Oriel-4416'];
    const head = named.flatMap((line, i) => [numbered(i * 100, 50), line]);
    write('commands.txt', `${head.join('\n')}\n${numbered(1, 60)}\n${numbered(901, 20)}\n`);
    const tail = readLoopTail(root, 'commands.txt', 200, 20);
    if (tail.kind !== 'tail') throw new Error(tail.kind);
    for (const line of named) expect(tail.context).toContain(line);
  });

  it('keeps no line of a CI log for its exit codes or the commands it echoes: only lines naming a credential are context', () => {
    const line = (n: number) => n % 5 === 0 ? `step ${n}: process exited with code: 0` : `echo building part ${n}; cat part-${n}.txt | head -3`;
    writeFileSync(path.join(root, 'ci.txt'), `${Array.from({ length: 4000 }, (_, n) => line(n)).join('\n')}\n`);
    const tail = readLoopTail(root, 'ci.txt', 2000, 20);
    expect(tail).toMatchObject({ kind: 'tail', context: '' });
  });

  it('finds the credential lines of a head read in many chunks, a line split between two of them included', () => {
    const filler = 'x'.repeat(1000);
    const lines = Array.from({ length: 3000 }, (_, i) => (i % 1000 === 999 ? `token: tk-${i}-Sable-Wharf` : `${filler}${i}`));
    write('chunks.txt', `${lines.join('\n')}\n${numbered(1, 5)}\n`);
    const tail = readLoopTail(root, 'chunks.txt', 100, 5);
    if (tail.kind !== 'tail') throw new Error(tail.kind);
    expect(tail.linesBefore).toBe(3000);
    expect(tail.context.split('\n').filter((line) => line.startsWith('token:'))).toEqual(['token: tk-999-Sable-Wharf', 'token: tk-1999-Sable-Wharf', 'token: tk-2999-Sable-Wharf']);
  });

  it('starts at a line start when fewer lines than asked fit the cap: never half a line or half a character', () => {
    write('wide.txt', `${'é'.repeat(300)}\n${'ü'.repeat(300)}\nlast\n`);
    const tail = readLoopTail(root, 'wide.txt', 700, 10);
    expect(tail).toMatchObject({ kind: 'tail', text: `${'ü'.repeat(300)}\nlast\n`, linesBefore: 1 });
    write('one-line.txt', 'x'.repeat(5000));
    expect(readLoopTail(root, 'one-line.txt', 1000, 10)).toMatchObject({ kind: 'tail', text: '', linesBefore: 0 });
  });

  it('leaves out a key body whose begin line lies before the cut, up to its end line', () => {
    const key = ['-----BEGIN OPENSSH PRIVATE KEY-----', ...Array.from({ length: 20 }, (_, i) => bodyLine(i)), '-----END OPENSSH PRIVATE KEY-----'];
    write('key.txt', `${numbered(1, 500)}\n${key.join('\n')}\n${numbered(501, 10)}\n`);
    const tail = readLoopTail(root, 'key.txt', 1500, 15);
    if (tail.kind !== 'tail') throw new Error(tail.kind);
    expect(tail.text).toBe(`${numbered(501, 10)}\n`);
    expect(tail.linesBefore).toBe(500 + key.length);
  });

  it('rejects a tail that is not text, and never follows a symlink out of the loop folder', () => {
    write('binary.txt', Buffer.concat([Buffer.from(`${numbered(1, 100)}\n`), Buffer.from([0, 1, 2, 10])]));
    expect(readLoopTail(root, 'binary.txt', 100, 5)).toMatchObject({ kind: 'rejected', reason: 'holds binary data (NUL bytes)' });
    expect(readLoopTail(root, 'absent.txt', 100, 5)).toEqual({ kind: 'missing' });
    symlinkSync('/etc/passwd', path.join(root, 'outside.txt'));
    expect(readLoopTail(root, 'outside.txt', 100, 5)).toMatchObject({ kind: 'rejected', reason: 'is a symlink pointing outside the loop folder' });
  });
});

describe('npm run synth with a log over the size cap', () => {
  it('redacts in the published tail a password the log set long before it, where the tail repeats it bare', async () => {
    const loopDir = tempDir('learn-log-loop');
    const dataDir = tempDir('learn-log-data');
    writeTestLoop(loopDir, 2);
    const password = 'Larch-Quay-8812-Vesper';
    const head = [`export DB_PASSWORD='${password}'`, numbered(1, 20_000)];
    const tail = [`connecting as app with ${password} now`, numbered(20_001, 10)];
    writeFileSync(path.join(loopDir, 'iterations', '0002', 'log.txt'), `${head.join('\n')}\n${tail.join('\n')}\n`);
    const result = await publishLoop(loopDir, dataDir, { env: { JOURNEY_MAX_FILE_BYTES: '100000' } });
    expect(result.code, result.stderr).toBe(0);
    const page = JSON.parse(readFileSync(path.join(dataDir, 'current', 'iterations', '2.json'), 'utf8')) as IterationPage;
    expect(page.log).toContain('connecting as app with [REDACTED:');
    expect(page.log_lines_withheld).toBeGreaterThan(18_000);
    const published = readFileSync(path.join(dataDir, 'current', 'iterations', '2.html'), 'utf8') + JSON.stringify(page);
    expect(published).not.toContain(password);
    expect(result.stderr + result.stdout).not.toContain(password);
  }, 180_000);

  it('publishes a 1 GB log\'s tail with peak RSS below 300 MB, and no key body a cut split from its begin line', async () => {
    const loopDir = tempDir('huge-log-loop');
    const dataDir = tempDir('huge-log-data');
    writeTestLoop(loopDir, 3);
    const log = path.join(loopDir, 'iterations', '0002', 'log.txt');
    mkdirSync(path.dirname(log), { recursive: true });
    const fd = openSync(log, 'w');
    const key = ['-----BEGIN OPENSSH PRIVATE KEY-----', ...Array.from({ length: 30 }, (_, i) => bodyLine(i)), '-----END OPENSSH PRIVATE KEY-----'];
    try {
      const chunk = Buffer.from('step 4711: compiled 12 modules, 0 warnings, cache warm\n'.repeat(100_000));
      for (let written = 0; written < 1024 ** 3; written += chunk.length) writeSync(fd, chunk);
      // The published tail plus its context begins inside the key block: its body must not be published.
      writeSync(fd, `${key.join('\n')}\n${numbered(1, 2190)}\n`);
    } finally {
      closeSync(fd);
    }
    const result = await publishLoop(loopDir, dataDir, { timeoutMs: 300_000 });
    writeFileSync(log, ''); // give the gigabyte back at once
    expect(result.code, result.stderr).toBe(0);
    const rss = Number(/peak RSS (\d+) MB/.exec(result.stderr)?.[1]);
    expect(rss).toBeGreaterThan(0);
    expect(rss).toBeLessThan(300);
    const page = JSON.parse(readFileSync(path.join(dataDir, 'current', 'iterations', '2.json'), 'utf8')) as IterationPage;
    expect(page.status).toBe('complete');
    expect(page.log!.trimEnd().split('\n').at(-1)).toBe('line 2190');
    expect(page.log_lines_withheld).toBeGreaterThan(19_000_000);
    const published = readFileSync(path.join(dataDir, 'current', 'iterations', '2.html'), 'utf8') + JSON.stringify(page);
    for (let i = 0; i < 30; i++) expect(published).not.toContain(bodyLine(i).slice(0, 40));
    const data = JSON.parse(readFileSync(path.join(dataDir, 'current', 'site-data.json'), 'utf8')) as SiteData;
    expect(data.iterations[1]!.cost_usd).toBeGreaterThan(0);
  }, 300_000);
});
