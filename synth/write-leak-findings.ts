// Keeps every finding of a refused publish's leak scan in the data folder, where the operator reads
// them all (the terminal shows the first twenty): file, line, column, rule and fingerprint, no value.
import path from 'node:path';
import type { FileFinding } from '../redact/read-scan-dir.ts';
import { writeFileAtomic } from '../core/write-atomic.ts';

/** The file a refused publish's findings are kept in, below the data folder. */
const LEAK_FINDINGS_FILE = 'leak-findings.json';

/**
 * Writes the findings atomically and returns the file's path.
 *
 * @example
 * writeLeakFindings('/data/autoswe', report.findings) // '/data/autoswe/leak-findings.json'
 */
export function writeLeakFindings(dataDir: string, findings: readonly FileFinding[]): string {
  const file = path.join(dataDir, LEAK_FINDINGS_FILE);
  writeFileAtomic(file, `${JSON.stringify({ findings: findings.map(({ file, line, column, rule, fingerprint, view }) => ({ file, line, column, rule, fingerprint, view })) }, null, 1)}\n`);
  return file;
}
