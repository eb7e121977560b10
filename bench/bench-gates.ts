// Each gate alone and together, on the project's own corpus (tests/redact/cases: must-catch cases
// with their secrets marked, must-keep cases): the first detector (shapes), the second (credential
// grammar and random-looking tokens), both as journey runs them, and secretlint's preset.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDetector } from '../redact/detect.ts';
import { redactText } from '../redact/redact-text.ts';
import { secretlintFindings } from '../redact/secretlint-detector.ts';

const CASES_DIR = path.join(import.meta.dirname, '..', 'tests', 'redact', 'cases');

interface CorpusCase {
  name: string;
  text: string;
  secrets: string[];
  knownSecrets: string[];
  denylist: string[];
  /** Cases about the first detector alone (near-misses of a vendor's shape) count only for it. */
  shapesOnly: boolean;
}

/** The corpus: each case's text with its ⟦marked⟧ secrets listed (⁞ splits only keep key-shaped literals out of git). */
function readCorpus(): CorpusCase[] {
  return readdirSync(CASES_DIR).filter((name) => /^(ok|ng)\./.test(name)).sort().map((name) => {
    const raw = readFileSync(path.join(CASES_DIR, name, 'input.txt'), 'utf8').replaceAll('⁞', '');
    const metaFile = path.join(CASES_DIR, name, 'case.json');
    const meta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) as Record<string, unknown> : {};
    return {
      name, text: raw.replace(/[⟦⟧]/g, ''), secrets: [...raw.matchAll(/⟦([\s\S]*?)⟧/g)].map((m) => m[1]!),
      knownSecrets: (meta['knownSecrets'] as string[] | undefined) ?? [], denylist: (meta['denylist'] as string[] | undefined) ?? [],
      shapesOnly: Array.isArray(meta['detectors']) && !(meta['detectors'] as string[]).includes('grammar'),
    };
  });
}

type Gate = (c: CorpusCase) => Promise<{ caught: boolean; flagged: boolean }>;

function detectorGate(detectors: { shapes: boolean; grammar: boolean }): Gate {
  return async (c) => {
    const result = redactText(c.text, createDetector({ key: 'bench-gates', knownSecrets: c.knownSecrets, denylist: c.denylist, detectors }));
    return { caught: result.unsure !== undefined || c.secrets.every((s) => !result.text.includes(s)), flagged: result.findings.length > 0 || result.unsure !== undefined };
  };
}

const secretlintGate: Gate = async (c) => {
  const findings = await secretlintFindings(c.text, 'case.txt', 'bench-gates');
  return { caught: findings.length > 0, flagged: findings.length > 0 };
};

export interface GateFigures {
  label: string;
  caught: number;
  must: number;
  flagged: number;
  keep: number;
}

/**
 * Recall on the must-catch cases and false positives on the must-keep cases, for each gate alone
 * and for journey's two detectors together.
 *
 * @example
 * for (const line of formatGateFigures(await benchGates())) console.log(line);
 */
export async function benchGates(): Promise<GateFigures[]> {
  const corpus = readCorpus();
  const gates: Array<[string, Gate]> = [
    ['first detector alone (shapes)', detectorGate({ shapes: true, grammar: false })],
    ['second detector alone (grammar + entropy)', detectorGate({ shapes: false, grammar: true })],
    ['both, as journey runs them (union)', detectorGate({ shapes: true, grammar: true })],
    ["secretlint's preset alone", secretlintGate],
  ];
  const figures: GateFigures[] = [];
  for (const [label, gate] of gates) {
    let caught = 0;
    let must = 0;
    let flagged = 0;
    let keep = 0;
    for (const c of corpus) {
      const outcome = await gate(c);
      if (c.secrets.length > 0) {
        must += 1;
        if (outcome.caught) caught += 1;
      } else if (!c.shapesOnly) {
        keep += 1;
        if (outcome.flagged) flagged += 1;
      }
    }
    figures.push({ label, caught, must, flagged, keep });
  }
  return figures;
}

export function formatGateFigures(figures: readonly GateFigures[]): string[] {
  const percent = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
  return [
    `gates on the project's corpus (${figures[0]?.must ?? 0} must-catch cases, ${figures[0]?.keep ?? 0} must-keep cases):`,
    ...figures.map((f) => `  ${f.label.padEnd(44)} recall ${percent(f.caught, f.must).padStart(6)} (${f.caught}/${f.must})   false positives ${percent(f.flagged, f.keep).padStart(6)} (${f.flagged}/${f.keep})`),
  ];
}
