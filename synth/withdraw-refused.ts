// After a refused leak scan: <data>/public holds the redacted data the refused release was built from,
// and so the values the scan refused over. Each public file that holds one, in any form, is removed;
// the next publish writes it again from the cache (and is refused again until the redaction is fixed).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { detect, holdsLearned, learnedForms, type Detector } from '../redact/detect.ts';
import { valuesIn } from './plan-learned.ts';
import { fileTexts } from '../redact/file-texts.ts';
import { NO_VALUE, type FileFinding } from '../redact/read-scan-dir.ts';

/** A value shorter than this is not searched for in the public files: too many harmless words are that short. */
const MIN_VALUE_LENGTH = 4;

/**
 * The values the scan found in the flagged built files, read again from them: held in memory only,
 * never written or printed.
 */
function refusedValues(staging: string, findings: readonly FileFinding[], detector: Detector): string[] {
  const values = new Set<string>();
  for (const file of new Set(findings.map((f) => f.file))) {
    let texts;
    try {
      texts = fileTexts(file, readFileSync(path.join(staging, file)));
    } catch {
      continue; // a file that cannot be read or unpacked is a finding with no value
    }
    for (const { text } of texts) {
      for (const d of detect(text, detector).detections) if (d.value.length >= MIN_VALUE_LENGTH) values.add(d.value);
    }
  }
  return [...values];
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
  const values = refusedValues(staging, findings, detector);
  // Searched as learned values are (plan-learned.ts): each form a secret of its own, as JSON writes it, in any encoding.
  const learned = [...new Set(values.flatMap(learnedForms))].map((value) => ({ value, placeholder: '' }));
  const holds = (text: string, forms: readonly string[]) => holdsLearned(text, detector, forms);
  const flagged = flaggedIterations(findings);
  // A finding that names no value (the detector was unsure there) withdraws what its page was built
  // from whole: its iteration's file, or site-data.json for a page of the whole site.
  const unsure = findings.filter((f) => f.fingerprint === NO_VALUE);
  const wholeIterations = flaggedIterations(unsure);
  const wholeSite = unsure.some((f) => iterationOf(f.file) === undefined);
  let names: string[];
  try {
    names = ['site-data.json', ...readdirSync(path.join(publicDir, 'iterations')).map((name) => path.join('iterations', name))];
  } catch {
    names = ['site-data.json'];
  }
  const withdrawn: string[] = [];
  for (const name of names) {
    const file = path.join(publicDir, name);
    const number = path.basename(name, '.json');
    const whole = name === 'site-data.json' ? wholeSite : wholeIterations.has(number);
    let text = '';
    try {
      if (!whole) text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    // In every reading (the detector's own search) only where the refused page was built from.
    const read = name === 'site-data.json' || flagged.has(number);
    if (whole || valuesIn(text, learned, read ? holds : undefined).length > 0) {
      rmSync(file, { force: true });
      withdrawn.push(name);
    }
  }
  return withdrawn;
}
