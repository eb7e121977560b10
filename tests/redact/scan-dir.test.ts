import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, crc32, deflateSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDetector } from '../../redact/detect.ts';
import { readScanDir, type ScanReport } from '../../redact/read-scan-dir.ts';
import { runCli, tempDir } from '../../testkit/run-cli.ts';
import { loadCases } from './load-cases.ts';

const key = 'test-key';
// The scan runs both detectors: cases about the first detector alone (near-misses of a vendor's shape) are not its.
const cases = loadCases().filter((c) => c.denylist.length === 0 && c.knownSecrets.length === 0 && c.detectors.shapes && c.detectors.grammar);
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const jsLiteral = (text: string) =>
  `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/</g, '\\x3c').replace(/\u001b/g, '\\x1b')}'`;

/** Every wrapping the site emits: HTML text, JSON string, JS string literal, XML, plain text. */
const WRAPPINGS: Record<string, (text: string) => string> = {
  'page.html': (text) => `<!doctype html><html><body><pre>${html(text)}</pre></body></html>\n`,
  'data.json': (text) => `${JSON.stringify({ log: text })}\n`,
  'app.js': (text) => `export const log = ${jsLiteral(text)};\n`,
  'feed.xml': (text) => `<?xml version="1.0"?><feed><entry>${html(text)}</entry></feed>\n`,
  'log.txt': (text) => text,
};

function writeWrapped(root: string, kind: 'ok' | 'ng'): void {
  for (const c of cases.filter((c) => c.mustCatch === (kind === 'ng'))) {
    for (const [file, wrap] of Object.entries(WRAPPINGS)) {
      mkdirSync(path.join(root, c.name), { recursive: true });
      writeFileSync(path.join(root, c.name, file), wrap(c.input));
    }
  }
}

const filesWithFindings = (report: ScanReport) => new Set(report.findings.map((f) => f.file));

describe('leak scanner for built files', () => {
  let ngReport: ScanReport;
  let okReport: ScanReport;
  beforeAll(async () => {
    const detector = createDetector({ key });
    const ngDir = tempDir('scan-ng');
    const okDir = tempDir('scan-ok');
    writeWrapped(ngDir, 'ng');
    writeWrapped(okDir, 'ok');
    [ngReport, okReport] = [await readScanDir(ngDir, detector), await readScanDir(okDir, detector)];
  }, 300_000); // a bound, not a speed goal: about a minute on a quiet 2-core machine, three under load

  it('flags every must-catch case in every wrapping the site emits', () => {
    const flagged = filesWithFindings(ngReport);
    const missed = cases.filter((c) => c.mustCatch).flatMap((c) => Object.keys(WRAPPINGS).map((file) => path.join(c.name, file)))
      .filter((file) => !flagged.has(file));
    expect(missed).toEqual([]);
    expect(ngReport.files).toBe(cases.filter((c) => c.mustCatch).length * 5);
  });

  it('flags nothing in the must-survive cases, with either detector', () => {
    expect(okReport.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`)).toEqual([]);
    expect(okReport.files).toBeGreaterThan(60);
  });

  it('never puts a secret value into a finding', () => {
    const serialised = JSON.stringify(ngReport.findings);
    for (const c of cases) for (const secret of c.secrets) expect(serialised.includes(secret)).toBe(false);
  });

  it('sees a token that raw control bytes split in a built page, as the browser that drops them shows it', async () => {
    const key = ['AKIA', 'ZR4T7Q', 'WLMX2PB6NE'];
    const root = tempDir('scan-controls');
    writeFileSync(path.join(root, 'nul.html'), `<!doctype html><pre>key ${key[0]}${key[1]}\0${key[2]}</pre>\n`);
    writeFileSync(path.join(root, 'form-feed.html'), `<!doctype html><pre>key ${key[0]}\f${key[1]}${key[2]}</pre>\n`);
    writeFileSync(path.join(root, 'c1.json'), `${JSON.stringify({ log: `key ${key[0]}${key[1]}\u0085${key[2]}` })}\n`);
    const report = await readScanDir(root, createDetector({ key: 'test-key' }), { secretlint: false });
    expect(report.findings.map((f) => `${f.file} ${f.rule}`).sort()).toEqual(['c1.json aws-access-key-id', 'form-feed.html aws-access-key-id', 'nul.html aws-access-key-id']);
  });

  it('counts a file of an unknown type as a finding: a token in UTF-16 is not read past as text', async () => {
    const token = ['gh', 'p_', 'Z8k'.repeat(12)].join('');
    const root = tempDir('scan-unknown');
    writeFileSync(path.join(root, 'notes.txt'), Buffer.from(`\ufeffkey ${token}`, 'utf16le'));
    writeFileSync(path.join(root, 'blob.bin'), Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 167 + 13) % 256)));
    writeFileSync(path.join(root, 'fine.txt'), 'plain text, valid UTF-8: café');
    const report = await readScanDir(root, createDetector({ key }), { secretlint: false });
    expect(report.findings.map((f) => `${f.file} ${f.rule}`).sort()).toEqual(['blob.bin unknown-file-type', 'notes.txt unknown-file-type']);
  });

  it('counts symlinks, special files, dotfiles and undecodable twins as findings', async () => {
    const root = tempDir('scan-odd');
    writeFileSync(path.join(root, 'index.html'), '<p>fine</p>');
    symlinkSync('/etc/hostname', path.join(root, 'link.html'));
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    writeFileSync(path.join(root, '.env'), 'NODE_ENV=production\n');
    writeFileSync(path.join(root, 'broken.html.gz'), 'not gzip at all');
    const report = await readScanDir(root, createDetector({ key }));
    expect(report.findings.map((f) => `${f.file} ${f.rule}`).sort()).toEqual([
      '.env unexpected-dotfile', 'broken.html.gz undecodable-file', 'link.html symlink-in-release', 'pipe special-file-in-release',
    ]);
  });

  it('unpacks .gz and .br twins and reads text chunks of images and fonts', async () => {
    const token = ['gh', 's_', 'Q7w'.repeat(12)].join('');
    const root = tempDir('scan-binary');
    writeFileSync(path.join(root, 'index.html.gz'), gzipSync(`<p>${token}</p>`));
    writeFileSync(path.join(root, 'index.html.br'), brotliCompressSync(`<p>${token}</p>`));
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      return Buffer.concat([length, body, crc]);
    };
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('zTXt', Buffer.concat([Buffer.from('Comment\0\0', 'latin1'), deflateSync(`token ${token}`)])), chunk('IEND', Buffer.alloc(0))]);
    writeFileSync(path.join(root, 'shot.png'), png);
    writeFileSync(path.join(root, 'font.woff2'), Buffer.concat([Buffer.from('wOF2', 'latin1'), Buffer.alloc(40), Buffer.from(`name ${token} `, 'latin1')]));
    const report = await readScanDir(root, createDetector({ key }), { secretlint: false });
    expect([...filesWithFindings(report)].sort()).toEqual(['font.woff2', 'index.html.br', 'index.html.gz', 'shot.png']);
  });
});

describe('npm run scan', () => {
  it('prints only files_scanned, bytes_scanned and findings with --json, and exits 1 on findings', async () => {
    const root = tempDir('scan-cli');
    mkdirSync(path.join(root, 'iterations'));
    writeFileSync(path.join(root, 'iterations', 'index.html'), `<p>mail ${['mara', '@', 'acme-robotics.io'].join('')}</p>\n`);
    writeFileSync(path.join(root, 'clean.html'), '<p>nothing here</p>\n');
    const result = await runCli('admin/scan-cli.ts', [root, '--json'], { JOURNEY_REDACT_KEY: 'scan-dir-test-key-0123456789' });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['files_scanned', 'bytes_scanned', 'findings']);
    expect(report.files_scanned).toBe(2);
    expect(report.findings).toEqual([{ file: 'iterations/index.html', line: 1, column: 9, rule: 'email', fingerprint: expect.stringMatching(/^[0-9a-f]{4}$/) }]);
    expect(result.stdout).not.toContain('acme-robotics');
  });

  it('exits 0 on a clean folder and 2 on a usage error', async () => {
    const root = tempDir('scan-clean');
    writeFileSync(path.join(root, 'index.html'), '<p>hello</p>\n');
    expect((await runCli('admin/scan-cli.ts', [root], { JOURNEY_REDACT_KEY: 'scan-dir-test-key-0123456789' })).code).toBe(0);
    expect((await runCli('admin/scan-cli.ts', [])).code).toBe(2);
    expect((await runCli('admin/scan-cli.ts', [path.join(root, 'missing')])).code).toBe(2);
  });
});

describe('secretlint as a library', () => {
  it('keeps no performance marks per file (its profiler is off)', async () => {
    const { secretlintFindings } = await import('../../redact/secretlint-detector.ts');
    const before = performance.getEntriesByType('mark').length;
    for (let index = 0; index < 20; index++) await secretlintFindings(`line ${index}: nothing here`, `page-${index}.html`, 'key');
    expect(performance.getEntriesByType('mark').length).toBe(before);
  });

  it('gives line and column as every other finding does: lines end at \\n only, not at \\r or U+2028', async () => {
    const { secretlintFindings } = await import('../../redact/secretlint-detector.ts');
    const text = `first\u2028still the first line\r\nsecond \r third\n  url postgres://app:changeme@db:5432/ledger\n`;
    const [finding] = await secretlintFindings(text, 'site-data.json', 'key');
    expect(finding?.rule).toBe('secretlint:database-connection-string');
    expect({ line: finding!.line, column: finding!.column }).toEqual({ line: 3, column: 7 });
  });
});
