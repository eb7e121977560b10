// Loads tests/redact/cases: strips the ⟦ ⟧ markers and ⁞ splits, and returns each case's marked values.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

export interface RedactCase {
  name: string;
  mustCatch: boolean;
  input: string;
  /** The marked values: none may appear in any output. */
  secrets: string[];
  rules: string[];
  denylist: string[];
  knownSecrets: string[];
  refuse: boolean;
  /** The detectors the case is about (`shapes`, `grammar`); both when the case names none. */
  detectors: { shapes: boolean; grammar: boolean };
}

const CASES_DIR = path.join(import.meta.dirname, 'cases');

export function loadCases(): RedactCase[] {
  return readdirSync(CASES_DIR).filter((name) => /^(ok|ng)\./.test(name)).sort().map((name) => {
    const raw = readFileSync(path.join(CASES_DIR, name, 'input.txt'), 'utf8').replaceAll('⁞', '');
    const secrets = [...raw.matchAll(/⟦([\s\S]*?)⟧/g)].map((match) => match[1]!);
    const metaFile = path.join(CASES_DIR, name, 'case.json');
    const meta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : {};
    return {
      name, mustCatch: name.startsWith('ng.'), input: raw.replace(/[⟦⟧]/g, ''), secrets,
      rules: meta.rules ?? [], denylist: meta.denylist ?? [], knownSecrets: meta.knownSecrets ?? [], refuse: meta.refuse === true,
      detectors: meta.detectors ? { shapes: meta.detectors.includes('shapes'), grammar: meta.detectors.includes('grammar') } : { shapes: true, grammar: true },
    };
  });
}
