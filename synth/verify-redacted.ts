// The verify gate: the public texts a publish made are scanned again, after redaction and before
// anything is written, exactly as the release's leak scan would scan them as files (both of
// journey's detectors and secretlint's preset). A match means the redactor missed something: the
// page that holds it is withheld, and a match in site-data.json refuses the publish. Bytes that
// pass here need no second scan in the release (the scan cache is by content hash).
import { JourneyError } from '../core/journey-error.ts';
import { PIECE_OVERLAP, type Detector } from '../redact/detect.ts';
import { BLOCK_REACH } from '../redact/match-rules.ts';
import { sha256 } from '../core/public-json.ts';
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
    const finding = file.text.length >= WINDOWED_FROM
      ? await firstFindingByWindows(file, detector)
      : (await scanBytes(file.path, Buffer.from(file.text), detector))[0];
    if (finding) findings.push(finding);
  }
  return findings;
}

/** Texts this long (site-data.json of a long journey) are scanned window by window. */
const WINDOWED_FROM = 512 * 1024;
/** A line ends a window when the hash of it and the two lines before it is 0 modulo this: windows of about 4,096 lines. */
const CUT_EVERY = 4096;
/** A window is cut here at the latest (a long stretch with no cut line). */
const WINDOW_MAX = 512 * 1024;
const CLEAN_WINDOWS_KEPT = 4096;

/** Windows this process found clean (their text's SHA-256 and where their own lines are in it), for one detector identity. */
let cleanWindows: { identity: string; hashes: Set<string> } = { identity: '', hashes: new Set() };

interface Window {
  /** Its own lines are [from, keepTo): a finding reported on one of them is this window's. */
  from: number;
  keepTo: number;
  /** What is scanned: from BLOCK_REACH before its own lines (to a line start) to as far past them as the detector reads on. */
  scanFrom: number;
  to: number;
  /** Its first own line's number in the whole text (1-based). */
  line: number;
}

/**
 * Cuts a text into windows where its content says (content-defined: a line and the two before it
 * hash to a cut), so adding an iteration changes the window it lands in and leaves the others as they
 * were. A window owns the findings reported on its own lines and is scanned with the context any
 * rule may use around them: BLOCK_REACH before (a multi-line rule reports a value far below its
 * keyword: `kind: Secret` 40 KB above a `data` value), and after them as far as the detector reads
 * on between the pieces of any long text (PIECE_OVERLAP, or BLOCK_REACH after a multi-line keyword).
 */
export function windowsOf(text: string, multilineKeywords: readonly RegExp[]): Window[] {
  const windows: Window[] = [];
  const lineEndAfter = (offset: number) => {
    const newline = text.indexOf('\n', offset);
    return newline < 0 ? text.length : newline + 1;
  };
  let from = 0;
  let line = 1;
  let lines = 0;
  let h1 = 0;
  let h2 = 0;
  const close = (keepTo: number) => {
    const tail = text.slice(Math.max(from, keepTo - BLOCK_REACH), keepTo);
    const reach = multilineKeywords.some((keyword) => keyword.test(tail)) ? BLOCK_REACH : PIECE_OVERLAP;
    const to = keepTo >= text.length ? text.length : lineEndAfter(Math.min(text.length, keepTo + reach));
    const scanFrom = from <= BLOCK_REACH ? 0 : text.lastIndexOf('\n', from - BLOCK_REACH - 1) + 1;
    windows.push({ from, keepTo, scanFrom, to, line });
    from = keepTo;
    line += lines;
    lines = 0;
  };
  for (let start = 0; start < text.length;) {
    const end = lineEndAfter(start);
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    lines += 1;
    const cut = ((Math.imul(h2, 961) + Math.imul(h1, 31) + h) >>> 0) % CUT_EVERY === 0;
    h2 = h1;
    h1 = h;
    start = end;
    if (cut || start - from >= WINDOW_MAX || start >= text.length) close(start);
  }
  return windows;
}

/**
 * The first finding of a long text, scanned window by window, at its line in the whole text. A
 * window's verdict depends only on the text scanned and where its own lines are in it, so that is what
 * a window this process found clean before is remembered by: it is not scanned again.
 */
async function firstFindingByWindows(file: PublicFile, detector: Detector): Promise<FileFinding | undefined> {
  if (cleanWindows.identity !== detector.identity) cleanWindows = { identity: detector.identity, hashes: new Set() };
  const seen: string[] = [];
  for (const window of windowsOf(file.text, detector.multilineKeywords)) {
    const text = file.text.slice(window.scanFrom, window.to);
    const key = `${sha256(text)}:${window.from - window.scanFrom}:${window.keepTo - window.scanFrom}`;
    seen.push(key);
    if (cleanWindows.hashes.has(key)) continue;
    const firstOwn = countLines(file.text, window.scanFrom, window.from) + 1;
    const lastOwn = firstOwn + countLines(file.text, window.from, window.keepTo) - 1;
    const findings = await scanBytes(file.path, Buffer.from(text), detector);
    // A finding with no line (the file undecodable, the detector unsure) is every window's.
    const finding = findings.find((f) => f.line === 0 || (f.line >= firstOwn && f.line <= lastOwn));
    if (finding) return { ...finding, line: finding.line === 0 ? 0 : finding.line - firstOwn + window.line };
    cleanWindows.hashes.add(key);
  }
  if (cleanWindows.hashes.size > CLEAN_WINDOWS_KEPT) cleanWindows.hashes = new Set(seen);
  return undefined;
}

function countLines(text: string, from: number, to: number): number {
  let lines = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) lines += 1;
  return to > from && text[to - 1] !== '\n' ? lines + 1 : lines;
}

/** The refusal for a finding no page can be withheld for (site-data.json). */
export function verifyFailed(finding: FileFinding): JourneyError {
  return new JourneyError('JOURNEY_REDACT_VERIFY_FAILED',
    `public/${finding.file}:${finding.line}:${finding.column} rule ${finding.rule} still matches after redaction (fingerprint ${finding.fingerprint})`,
    { fix: 'This is a redactor bug: report the rule and fingerprint; the loop data is unchanged.' });
}
