// After a refused leak scan, <data>/public holds what the refused release was built from: each file
// holding a refused value, in any form, goes; where a finding names no value (the detector was unsure),
// the whole of what its page was built from goes. The rest stays.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../redact/detect.ts';
import { NO_VALUE, scanFiles } from '../../redact/read-scan-dir.ts';
import { withdrawRefused } from '../../synth/withdraw-refused.ts';
import { folderWith } from '../../testkit/source-folder.ts';

const detector = createDetector({ key: 'withdraw-refused-test-key' });

/** A data folder's public files and a staging folder of built pages, each from a map of relative path to text. */
const folders = (publicFiles: Record<string, string>, builtFiles: Record<string, string>) =>
  ({ publicDir: folderWith('withdraw-public', publicFiles), staging: folderWith('withdraw-staging', builtFiles) });

describe('withdrawing refused values from the public folder', () => {
  it('removes every public file holding a value the scan refused over, in any form, and keeps the rest', async () => {
    const value = 'Hq4-lantern/Vox82';
    const { publicDir, staging } = folders({
      'site-data.json': '{"title":"demo"}',
      'iterations/1.json': JSON.stringify({ plan: `password: ${value}` }),
      'iterations/2.json': JSON.stringify({ log: `again ${encodeURIComponent(value)}` }),
      'iterations/3.json': JSON.stringify({ plan: 'nothing here' }),
    }, { 'iterations/1/index.html': `<pre>password: ${value}</pre>` });
    const report = await scanFiles(staging, ['iterations/1/index.html'], detector, { secretlint: false });
    expect(report.findings.length).toBeGreaterThan(0);
    const withdrawn = withdrawRefused(publicDir, staging, report.findings, detector);
    expect(withdrawn.sort()).toEqual(['iterations/1.json', 'iterations/2.json']);
    expect(existsSync(path.join(publicDir, 'iterations', '3.json'))).toBe(true);
    expect(existsSync(path.join(publicDir, 'site-data.json'))).toBe(true);
  });

  it('removes the whole of what a page was built from when its finding names no value', () => {
    const { publicDir, staging } = folders({
      'site-data.json': '{"title":"demo"}',
      'iterations/4.json': '{"plan":"x"}',
      'iterations/5.json': '{"plan":"y"}',
    }, { 'iterations/4.html': '<p>x</p>', 'index.html': '<p>y</p>' });
    const unsure = (file: string) => ({ file, rule: 'detector-unsure', line: 1, column: 1, fingerprint: NO_VALUE });
    expect(withdrawRefused(publicDir, staging, [unsure('iterations/4.html')], detector)).toEqual(['iterations/4.json']);
    expect(withdrawRefused(publicDir, staging, [unsure('index.html')], detector)).toEqual(['site-data.json']);
    expect(existsSync(path.join(publicDir, 'iterations', '5.json'))).toBe(true);
  });

  it('reads a page\'s value up to its block\'s end: the markup after it is in no JSON, and the value is found', async () => {
    const value = 'Jr5-cobalt-Wen31';
    const { publicDir, staging } = folders({
      'site-data.json': '{"title":"demo"}',
      'iterations/1.json': JSON.stringify({ log: `Bootstrap done. Login secret: ${value}` }),
      'iterations/2.json': '{"plan":"nothing here"}',
    }, { 'iterations/1.html': `<section><pre>Login secret: ${value}</pre></section><section class="step"><pre>next</pre></section>` });
    const report = await scanFiles(staging, ['iterations/1.html'], detector, { secretlint: false });
    expect(report.findings.length).toBeGreaterThan(0);
    expect(withdrawRefused(publicDir, staging, report.findings, detector)).toEqual(['iterations/1.json']);
    expect(existsSync(path.join(publicDir, 'iterations', '2.json'))).toBe(true);
  });

  it('removes the whole of what a page was built from when a value it found is in no public file', async () => {
    const { publicDir, staging } = folders({
      'site-data.json': '{"title":"demo"}',
      // The page shows the value another way than its JSON holds it (here: not at all).
      'iterations/6.json': '{"plan":"rendered elsewhere"}',
      'iterations/7.json': '{"plan":"z"}',
    }, { 'iterations/6.html': '<pre>password: Hq4-lantern-Vox82</pre>' });
    const report = await scanFiles(staging, ['iterations/6.html'], detector, { secretlint: false });
    expect(report.findings.length).toBeGreaterThan(0);
    expect(withdrawRefused(publicDir, staging, report.findings, detector)).toEqual(['iterations/6.json']);
    expect(existsSync(path.join(publicDir, 'iterations', '7.json'))).toBe(true);
  });
});
