// After a refused leak scan: <data>/public holds the redacted data the refused release was built from,
// and so the values the scan refused over. Each public file that holds one, in any form, is removed;
// the next publish writes it again from the cache (and is refused again until the redaction is fixed).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { detect, holdsLearned, learnedForms, type Detector } from '../redact/detect.ts';
import { valuesIn } from './plan-learned.ts';
import { fileTexts } from '../redact/file-texts.ts';
import { NO_VALUE, type FileFinding } from '../redact/read-scan-dir.ts';
import { isPageFile, pageTextValue } from '../redact/page-values.ts';

/** A value shorter than this is not searched for in the public files: too many harmless words are that short. */
const MIN_VALUE_LENGTH = 4;

/**
 * The values the scan found in the flagged built files, read again from them, by the file they were
 * found in: held in memory only, never written or printed. A page's value ends where its text does
 * (page-values.ts): the markup after it is in no JSON the page was built from.
 */
function refusedValues(staging: string, findings: readonly FileFinding[], detector: Detector): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const file of new Set(findings.map((f) => f.file))) {
    let texts;
    try {
      texts = fileTexts(file, readFileSync(path.join(staging, file)));
    } catch {
      continue; // a file that cannot be read or unpacked is a finding with no value
    }
    const values = new Set<string>();
    const own = isPageFile(file) ? pageTextValue : (value: string) => value;
    for (const { text } of texts) {
      for (const d of detect(text, detector).detections) if (d.value.length >= MIN_VALUE_LENGTH) values.add(own(d.value));
    }
    byFile.set(file, [...values]);
  }
  return byFile;
}

/** The iteration number of a built file (`iterations/7/index.html`, `iterations/7.json`), if it is an iteration's. */
const iterationOf = (file: string) => /(?:^|[/\\])iterations[/\\](\d+)(?:[/\\.]|$)/.exec(file)?.[1];

/** The iteration numbers of the flagged built files. */
const flaggedIterations = (findings: readonly FileFinding[]) =>
  new Set(findings.map((f) => iterationOf(f.file)).filter((number) => number !== undefined));

/**
 * Removes each file of `publicDir` that holds a value the scan refused over: in any form in any file,
 * and in any reading (the detector's own search) in site-data.json and the flagged iterations' files;
 * where a finding names no value, the whole of what its page was built from.
 * Returns the removed files, relative to `publicDir` (names journey made: `iterations/7.json`).
 *
 * @example
 * withdrawRefused('data/public', 'data/staging/41-1765', report.findings, detector) // ['iterations/7.json']
 */
export function withdrawRefused(publicDir: string, staging: string, findings: readonly FileFinding[], detector: Detector): string[] {
  const byFile = refusedValues(staging, findings, detector);
  const values = [...new Set([...byFile.values()].flat())];
  // Searched as learned values are (plan-learned.ts): each form a secret of its own, as JSON writes it, in any encoding.
  const formsOf = (value: string) => learnedForms(value).map((form) => ({ value: form, placeholder: '' }));
  const learned = [...new Set(values.flatMap(learnedForms))].map((value) => ({ value, placeholder: '' }));
  const holds = (text: string, forms: readonly string[]) => holdsLearned(text, detector, forms);
  const flagged = flaggedIterations(findings);
  let names: string[];
  try {
    names = ['site-data.json', ...readdirSync(path.join(publicDir, 'iterations')).map((name) => path.join('iterations', name))];
  } catch {
    names = ['site-data.json'];
  }
  // What each public file holds of the values, read once: a value found in none of them is one the
  // withdrawal cannot locate, and public/ must never keep what the scan found.
  const located = new Set<string>();
  const holding = new Set<string>();
  for (const name of names) {
    let text: string;
    try {
      text = readFileSync(path.join(publicDir, name), 'utf8');
    } catch {
      continue;
    }
    // In every reading (the detector's own search) only where the refused page was built from.
    const read = name === 'site-data.json' || flagged.has(path.basename(name, '.json'));
    if (valuesIn(text, learned, read ? holds : undefined).length === 0) continue;
    holding.add(name);
    // Each value on its own: a reading that holds one of them would say all of them are here.
    for (const value of values) if (!located.has(value) && valuesIn(text, formsOf(value), read ? holds : undefined).length > 0) located.add(value);
  }
  // A finding that names no value (the detector was unsure there), or whose value no public file is
  // found to hold, withdraws what its page was built from whole: its iteration's file, or
  // site-data.json for a page of the whole site.
  const unlocated = findings.filter((f) => f.fingerprint === NO_VALUE || (byFile.get(f.file) ?? []).some((value) => !located.has(value)));
  const wholeIterations = flaggedIterations(unlocated);
  const wholeSite = unlocated.some((f) => iterationOf(f.file) === undefined);
  const withdrawn: string[] = [];
  for (const name of names) {
    const whole = name === 'site-data.json' ? wholeSite : wholeIterations.has(path.basename(name, '.json'));
    if (!whole && !holding.has(name)) continue;
    rmSync(path.join(publicDir, name), { force: true });
    withdrawn.push(name);
  }
  return withdrawn;
}
