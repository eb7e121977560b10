// The second, independent detector of the leak scan: secretlint's recommended preset, run as a
// library. Its messages echo secret values, so only rule, position and a fingerprint leave this file.
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import { isPlaceholder, replaceOwnMarkers } from './placeholders.ts';
import { fingerprint, locator, type Finding } from './redact-text.ts';

const CONFIG = { rules: [{ id: recommendedPreset.meta.id, rule: recommendedPreset }] };

// secretlint profiles every rule on every file by default: performance marks and measures kept
// forever, which grew a worker thread by hundreds of MB in a full publish and slowed it to a crawl.
// It must be the copy @secretlint/core uses (package.json pins the same exact version).
secretLintProfiler.setEnabled(false);

/**
 * secretlint's findings in `text`, as journey findings (`secretlint:<rule>`).
 *
 * @example
 * await secretlintFindings('token ghp_...', 'page.html', key) // [{ rule: 'secretlint:github', ... }]
 */
export async function secretlintFindings(text: string, filePath: string, key: Buffer | string): Promise<Finding[]> {
  const result = await lintSource({
    source: { filePath: `/${filePath}`, content: text, ext: filePath.slice(filePath.lastIndexOf('.')), contentType: 'text' },
    options: { config: CONFIG, maskSecrets: true, noPhysicFilePath: true },
  });
  const findings: Finding[] = [];
  // Positions as every other finding counts them: secretlint's own also end lines at \r, U+2028 and U+2029.
  const at = locator(text);
  for (const message of result.messages) {
    const value = text.slice(message.range[0], message.range[1]);
    if (isPlaceholder(value)) continue;
    // A match around journey's own placeholders (`postgres://[REDACTED:url-credentials#f897]@…`) is
    // about them: it counts only when the value, with each placeholder a plain word, still matches.
    if (replaceOwnMarkers(value, 'x') !== value && !(await matchesAlone(replaceOwnMarkers(value, 'x'), filePath))) continue;
    findings.push({
      rule: `secretlint:${message.ruleId.replace('@secretlint/secretlint-rule-', '')}`,
      ...at(message.range[0]), fingerprint: fingerprint(value, key), view: 'secretlint',
    });
  }
  return findings;
}

/** True when secretlint still finds something in `value` on its own. */
async function matchesAlone(value: string, filePath: string): Promise<boolean> {
  const result = await lintSource({
    source: { filePath: `/${filePath}`, content: value, ext: filePath.slice(filePath.lastIndexOf('.')), contentType: 'text' },
    options: { config: CONFIG, maskSecrets: true, noPhysicFilePath: true },
  });
  return result.messages.length > 0;
}
