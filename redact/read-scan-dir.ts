// The leak scanner for built files: every file of a release is read and scanned; any finding refuses the publish.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { scanText, type Finding, type RedactOptions } from './redact-text.ts';

export interface FileFinding extends Finding {
  /** Path relative to the scanned folder. */
  file: string;
}

export interface ScanReport {
  files: number;
  bytes: number;
  findings: FileFinding[];
}

/**
 * Scans every file below `root`. Fail-closed: a file that cannot be read, or that is not a regular
 * file (a symlink in a release), is itself a finding.
 *
 * @example
 * const report = await readScanDir('data/releases/20261121T113000Z-ab12cd', { key });
 * if (report.findings.length > 0) refusePublish(report);
 */
export async function readScanDir(root: string, options: RedactOptions): Promise<ScanReport> {
  const report: ScanReport = { files: 0, bytes: 0, findings: [] };
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const file = path.relative(root, path.join(entry.parentPath, entry.name));
    report.files += 1;
    if (!entry.isFile()) {
      report.findings.push({ file, rule: 'not-a-regular-file', line: 0, column: 0, fingerprint: '----' });
      continue;
    }
    let buffer: Buffer;
    try {
      buffer = await readFile(path.join(root, file));
    } catch {
      report.findings.push({ file, rule: 'unreadable-file', line: 0, column: 0, fingerprint: '----' });
      continue;
    }
    report.bytes += buffer.length;
    // latin1 keeps every byte visible to the rules, whatever the file's real encoding.
    for (const finding of scanText(buffer.toString('latin1'), options)) report.findings.push({ file, ...finding });
  }
  return report;
}
