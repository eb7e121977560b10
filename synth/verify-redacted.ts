// The verify gate: the public texts a publish made are scanned again, after redaction and before
// anything is written, exactly as the release's leak scan would scan them as files (both of
// journey's detectors and secretlint's preset). A match means the redactor missed something: the
// page that holds it is withheld, and a match in site-data.json refuses the publish. Bytes that
// pass here need no second scan in the release (the scan cache is by content hash).
import { JourneyError } from '../core/journey-error.ts';
import type { Detector } from '../redact/detect.ts';
import { scanBytes, type FileFinding } from '../redact/read-scan-dir.ts';

export interface PublicFile {
  /** Path below <data>/public (and in the release). */
  path: string;
  text: string;
}

/**
 * The first finding in each text that still matches (file, line, rule and fingerprint; no value).
 *
 * @example
 * const unredacted = await findUnredacted([{ path: 'site-data.json', text }], detector); // []
 */
export async function findUnredacted(texts: readonly PublicFile[], detector: Detector): Promise<FileFinding[]> {
  const findings: FileFinding[] = [];
  for (const file of texts) {
    const finding = (await scanBytes(file.path, Buffer.from(file.text), detector))[0];
    if (finding) findings.push(finding);
  }
  return findings;
}

/** The refusal for a finding no page can be withheld for (site-data.json). */
export function verifyFailed(finding: FileFinding): JourneyError {
  return new JourneyError('JOURNEY_REDACT_VERIFY_FAILED',
    `public/${finding.file}:${finding.line}:${finding.column} rule ${finding.rule} still matches after redaction (fingerprint ${finding.fingerprint})`,
    { fix: 'This is a redactor bug: report the rule and fingerprint; the loop data is unchanged.' });
}
