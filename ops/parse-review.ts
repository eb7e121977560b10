// The reviewer's answer as a review record: the last section headed by the marker line (the whole
// output when there is none), its health score, summary and findings with the iterations they cite.
import type { Review } from '../contract/ops-schemas.ts';

/**
 * The text after the last line that is exactly `marker` (trimmed), or all of `output` without one.
 *
 * @example
 * lastSection('codex\nold\ncodex\nnew', 'codex') // 'new'
 */
export function lastSection(output: string, marker: string): string {
  const lines = output.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i]!.trim() === marker) return lines.slice(i + 1).join('\n').trim();
  }
  return output.trim();
}

/**
 * Score (0..100), summary and findings of a review text; undefined when it names no score.
 *
 * @example
 * parseReview('Health score: 72/100\nSummary: steady\n- [warn] retries (iterations 4, 5)')
 * // { score: 72, summary: 'steady', findings: [{ severity: 'warn', text: 'retries', iterations: [4, 5] }] }
 */
export function parseReview(text: string): Pick<Review, 'score' | 'summary' | 'findings'> | undefined {
  const score = /health\s*score\s*[:=]?\s*(\d{1,3}(?:\.\d+)?)\s*(?:\/\s*100)?/i.exec(text) ?? /\bscore\s*[:=]\s*(\d{1,3})\s*\/\s*100/i.exec(text);
  if (!score || Number(score[1]) > 100) return undefined;
  const summary = /^\s*summary\s*:\s*(.+)$/im.exec(text)?.[1]?.trim()
    ?? text.split('\n').find((line) => line.trim() && !/health\s*score/i.test(line) && !/^\s*[-*]/.test(line))?.trim() ?? '';
  const findings = text.split('\n').flatMap((line) => {
    const item = /^\s*[-*]\s+(?:\[(info|warn|warning|crit|critical)\]\s*)?(.+)$/i.exec(line);
    if (!item) return [];
    const severity = (item[1] ?? 'info').toLowerCase().slice(0, 4) === 'crit' ? 'crit' : (item[1] ?? 'info').toLowerCase().startsWith('warn') ? 'warn' : 'info';
    const cited = /\(iterations?\s+([\d,\s]+)\)\s*$/i.exec(item[2]!);
    const iterations = cited ? cited[1]!.split(/[,\s]+/).filter(Boolean).map(Number).filter(Number.isInteger) : [];
    return [{ severity: severity as Review['findings'][number]['severity'], text: (cited ? item[2]!.slice(0, cited.index) : item[2]!).trim(), iterations }];
  });
  return { score: Math.round(Number(score[1])), summary: summary.slice(0, 1000), findings: findings.slice(0, 50) };
}
