// The verify gate: the public texts a publish made are scanned again, after redaction and before
// anything is written, exactly as the release's leak scan would scan them as files; a match means
// the redactor missed something, and nothing is published. Bytes that pass here need no second scan
// in the release (the scan cache is by content hash).
import { JourneyError } from '../cli/journey-error.ts';
import type { Detector } from '../redact/detect.ts';
import { scanBytes } from '../redact/read-scan-dir.ts';

export interface PublicText {
  /** Path below <data>/public (and in the release). */
  path: string;
  text: string;
}

/**
 * Throws JOURNEY_REDACT_VERIFY_FAILED naming file, line, rule and fingerprint for the first text
 * that still matches.
 *
 * @example
 * await verifyRedacted([{ path: 'site-data.json', text }], detector);
 */
export async function verifyRedacted(texts: readonly PublicText[], detector: Detector): Promise<void> {
  for (const file of texts) {
    const finding = (await scanBytes(file.path, Buffer.from(file.text), detector))[0];
    if (finding) {
      throw new JourneyError('JOURNEY_REDACT_VERIFY_FAILED',
        `public/${file.path}:${finding.line}:${finding.column} rule ${finding.rule} still matches after redaction (fingerprint ${finding.fingerprint})`,
        { fix: 'This is a redactor bug: report the rule and fingerprint; the loop data is unchanged.' });
    }
  }
}
