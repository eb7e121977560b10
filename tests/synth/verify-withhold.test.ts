// The verify gate runs every detector on the public texts, secretlint's preset among them. Where it
// matches what the redactor kept, the page that holds it is withheld whole, the rest publishes
// (exit 3), and the operator reads file, line, rule and fingerprint; the value is nowhere.
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { j } from '../../redact/rule.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';

// journey takes a Grafana service-account token whose body is all one letter for a mask; secretlint's
// preset does not. Two detectors that disagree: the page is withheld, not the site.
const DISAGREED = j('glsa_', 'X'.repeat(32), '_', 'A'.repeat(8));

describe('the verify gate', () => {
  it('withholds the one page that still matches a detector and publishes the rest, exit 3', async () => {
    const loopDir = tempDir('verify-loop');
    const dataDir = tempDir('verify-data');
    writeTestLoop(loopDir, 3);
    appendFileSync(path.join(loopDir, 'iterations', '0002', 'plan.md'), `\nThe token looks like ${DISAGREED} in the docs.\n`);
    const result = await publishLoop(loopDir, dataDir, { env: { JOURNEY_REDACT_KEY: 'verify-withhold-key' } });
    expect(result.code, result.stderr.slice(-2000)).toBe(3);
    expect(result.stderr).toMatch(/withheld: JOURNEY_REDACT_VERIFY_WITHHELD: <data>\/public\/iterations\/2\.json:\d+:\d+ rule secretlint:grafana: withheld whole: it still matches after redaction \(fingerprint [0-9a-f]{4}\)/);
    const page = JSON.parse(readFileSync(path.join(dataDir, 'current', 'iterations', '2.json'), 'utf8')) as { status: string; withheld_reason: string };
    expect(page).toMatchObject({ status: 'withheld', withheld_reason: 'could not be redacted safely' });
    expect(JSON.parse(readFileSync(path.join(dataDir, 'current', 'iterations', '3.json'), 'utf8')).status).not.toBe('withheld');
    for (const text of [result.stdout, result.stderr, readFileSync(path.join(dataDir, 'current', 'site-data.json'), 'utf8')]) {
      expect(text).not.toContain(DISAGREED);
    }
  }, 120_000);
});
