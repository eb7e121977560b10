// The leak scanner for built files: every file of a release is read and checked by two independent
// detectors; any finding refuses the publish.
import { lstatSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { faultPoint } from '../core/fault-point.ts';
import type { Detector } from './detect.ts';
import { fileTexts, UnknownFileTypeError } from './file-texts.ts';
import { isPageFile } from './page-values.ts';
import { scanText, type Finding } from './redact-text.ts';
import { secretlintFindings } from './secretlint-detector.ts';

export interface FileFinding extends Finding {
  /** Path relative to the scanned folder. */
  file: string;
}

/** One line an operator can act on: where, which rule, which value (as a fingerprint), found in which view. */
export function formatFileFinding(finding: FileFinding): string {
  const view = finding.view ? ` (${finding.view})` : '';
  return `${finding.file}:${finding.line}:${finding.column} rule ${finding.rule} fingerprint ${finding.fingerprint}${view}`;
}

export interface ScanReport {
  files: number;
  bytes: number;
  findings: FileFinding[];
}

export interface ScanOptions {
  /** Run secretlint's preset beside journey's rules (default true). */
  secretlint?: boolean;
  /** Called after each file, for progress output. */
  onFile?: (done: number) => void;
}

/** The fingerprint of a finding that names no value (an unsure text, a file that cannot be read). */
export const NO_VALUE = '----';

/** Dot-named entries have no place in a built site, except the `.well-known` folder. */
function isUnexpectedDotfile(file: string): boolean {
  return file.split(path.sep).some((part) => part.startsWith('.') && part !== '.well-known');
}

async function scanFile(root: string, file: string, detector: Detector, options: ScanOptions, report: ScanReport): Promise<void> {
  const here = (rule: string) => report.findings.push({ file, rule, line: 0, column: 0, fingerprint: NO_VALUE });
  const full = path.join(root, file);
  const stat = lstatSync(full);
  if (!stat.isFile()) return void here(stat.isSymbolicLink() ? 'symlink-in-release' : 'special-file-in-release');
  if (isUnexpectedDotfile(file)) here('unexpected-dotfile');
  let bytes: Buffer;
  try {
    faultPoint('scan-read');
    bytes = readFileSync(full);
  } catch {
    return void here('unreadable-file');
  }
  report.bytes += bytes.length;
  report.findings.push(...await scanBytes(file, bytes, detector, options));
}

/**
 * The findings in one file's bytes (named `file`, which decides how they are unpacked): journey's
 * rules on every text view, then secretlint's. What cannot be unpacked is itself a finding.
 *
 * @example
 * await scanBytes('iterations/7.json', Buffer.from(text), detector) // []
 */
export async function scanBytes(file: string, bytes: Buffer, detector: Detector, options: ScanOptions = {}): Promise<FileFinding[]> {
  const findings: FileFinding[] = [];
  const here = (rule: string, line = 0, column = 0) => findings.push({ file, rule, line, column, fingerprint: NO_VALUE });
  let texts;
  try {
    texts = fileTexts(file, bytes);
  } catch (error) {
    here(error instanceof UnknownFileTypeError ? 'unknown-file-type' : 'undecodable-file');
    return findings;
  }
  for (const { text, view } of texts) {
    const scanned = scanText(text, detector, { page: isPageFile(file) });
    for (const finding of scanned.findings) findings.push({ file, ...finding, view: `${view}+${finding.view ?? 'raw'}` });
    if (scanned.unsure) here(scanned.unsure.rule ?? 'detector-unsure', scanned.unsure.line, scanned.unsure.column);
    if (options.secretlint !== false && text.length > 0) {
      for (const finding of await secretlintFindings(text, file, detector.key)) findings.push({ file, ...finding });
    }
  }
  return findings;
}

/**
 * Scans every entry below `root`. Fail-closed: a symlink, a special file, an unexpected dotfile, or a
 * file that cannot be read, unpacked or recognised (neither UTF-8 text nor a known format) is itself a finding.
 *
 * @example
 * const report = await readScanDir('data/releases/20261121T113000Z-ab12cd', detector);
 * if (report.findings.length > 0) refusePublish(report);
 */
export async function readScanDir(root: string, detector: Detector, options: ScanOptions = {}): Promise<ScanReport> {
  const report: ScanReport = { files: 0, bytes: 0, findings: [] };
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    const file = path.relative(root, path.join(entry.parentPath, entry.name));
    if (entry.isDirectory()) {
      if (isUnexpectedDotfile(file)) report.findings.push({ file, rule: 'unexpected-dotfile', line: 0, column: 0, fingerprint: NO_VALUE });
      continue;
    }
    report.files += 1;
    await scanFile(root, file, detector, options, report);
    options.onFile?.(report.files);
  }
  return report;
}

/**
 * Scans the listed files below `root` only (a release assembled from a scanned one: the files it
 * made). The same fail-closed checks apply to each.
 *
 * @example
 * const report = await scanFiles('data/staging/7', ['index.html', 'iterations/9/index.html'], detector);
 */
export async function scanFiles(root: string, files: readonly string[], detector: Detector, options: ScanOptions = {}): Promise<ScanReport> {
  const report: ScanReport = { files: 0, bytes: 0, findings: [] };
  for (const file of files) {
    report.files += 1;
    await scanFile(root, file, detector, options, report);
    options.onFile?.(report.files);
  }
  return report;
}
