// A real record grown to a size: JSON Lines repeat their lines, a JSON document repeats its longest list's
// items in place (where a record keeps its steps, messages or events). For the import benchmark and the
// bounded-memory tests.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';

/** A real record of each format (below tests/fixtures/real/), and how it grows. */
export const GROWN_RECORDS = [
  { format: 'claude-code', file: 'claude-code/subagent.jsonl', grow: 'lines' },
  { format: 'codex', file: 'codex-sanitized/rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl', grow: 'lines' },
  { format: 'openhands', file: 'openhands-multi-swe-bench/output.jsonl', grow: 'lines' },
  { format: 'atif', file: 'harbor-atif/hello-world-context-summarization.trajectory.json', grow: 'list' },
  { format: 'swe-agent', file: 'swe-agent-ctf/networking_1.traj', grow: 'list' },
  { format: 'mini-swe-agent', file: 'mini-swe-agent/psf__requests-1724.traj.json', grow: 'list' },
  { format: 'inspect', file: 'inspect-eval/2025-05-12T20-28-26-04-00_security-guide.json', grow: 'list' },
] as const;

/** The longest array anywhere in a JSON document. */
function longestList(value: unknown): unknown[] | undefined {
  let best: unknown[] | undefined;
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      if (!best || node.length > best.length) best = node;
      node.forEach(visit);
    } else if (node !== null && typeof node === 'object') Object.values(node).forEach(visit);
  };
  visit(value);
  return best;
}

/**
 * Writes `source` grown to at least `bytes` at `into`.
 *
 * @example
 * growRecord('tests/fixtures/real/mini-swe-agent/psf__requests-1724.traj.json', '/tmp/big.traj.json', 'list', 200e6)
 */
export function growRecord(source: string, into: string, how: 'lines' | 'list', bytes: number): void {
  const text = readFileSync(source, 'utf8');
  if (how === 'lines') {
    const body = text.endsWith('\n') ? text : `${text}\n`;
    writeFileSync(into, '');
    for (let written = 0; written < bytes; written += Buffer.byteLength(body)) appendFileSync(into, body);
    return;
  }
  const document = JSON.parse(text) as unknown;
  const list = longestList(document)!;
  const items = [...list];
  const itemBytes = Buffer.byteLength(JSON.stringify(items)) || 1;
  const copies = Math.max(1, Math.ceil(bytes / itemBytes));
  for (let k = 1; k < copies; k++) list.push(...items);
  writeFileSync(into, JSON.stringify(document));
}
