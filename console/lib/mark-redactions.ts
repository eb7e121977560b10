// The operator's view of a raw text: every span the redactor would replace, marked with its rule and
// fingerprint, so the console shows what the public site withholds and why.
import { detect, type Detector } from '../../redact/detect.ts';
import { fingerprint } from '../../redact/redact-text.ts';

export type Segment = { text: string } | { text: string; rule: string; fingerprint: string };

/**
 * Splits `text` into plain runs and marked detections (overlaps merged into the first).
 *
 * @example
 * markRedactions('key ghp_...', detector) // [{ text: 'key ' }, { text: 'ghp_...', rule: 'github-token', fingerprint: 'a1b2' }]
 */
export function markRedactions(text: string, detector: Detector): { segments: Segment[]; unsure: string | undefined } {
  const { detections, unsure } = detect(text, detector);
  const raw = detections.filter((d) => d.end > d.start).sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let at = 0;
  for (const d of raw) {
    if (d.start < at) continue;
    if (d.start > at) segments.push({ text: text.slice(at, d.start) });
    segments.push({ text: text.slice(d.start, d.end), rule: d.rule, fingerprint: fingerprint(d.value, detector.key) });
    at = d.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at) });
  return { segments, unsure: unsure?.reason };
}
