// A synthetic agent log of a given size: tool output with ANSI colours, plans, diffs, JSON tool calls
// with escapes, and the demo's planted fake secrets spread through it.
import { generateDemo } from '../demo/generate-demo.ts';
import type { PlantedSecret } from '../demo/demo-secrets.ts';

export interface AgentLog {
  text: string;
  planted: PlantedSecret[];
}

/**
 * About `bytes` characters of agent output, seeded so every run measures the same text.
 *
 * @example
 * const { text, planted } = makeAgentLog(100e6);
 */
export function makeAgentLog(bytes: number): AgentLog {
  const demo = generateDemo({ iterations: 400, seed: 'bench', now: new Date('2026-11-21T00:00:00Z') });
  const parts: string[] = [];
  for (const [name, content] of demo.files) {
    parts.push(`==> ${name} <==\n${content}`);
    // Agents log their tool calls as JSON: every newline and quote of the payload escaped.
    if (name.endsWith('plan.md')) parts.push(`${JSON.stringify({ tool: 'write_file', args: { path: name, content } })}\n`);
  }
  const block = parts.join('\n');
  const copies: string[] = [];
  for (let size = 0; size < bytes; size += block.length) copies.push(block);
  return { text: copies.join('\n').slice(0, bytes), planted: demo.planted };
}
