// The texts of one demo iteration: plan, diff, judge note, tests and an ANSI-coloured log.
import type { Random } from './demo-random.ts';

export const FEATURES = [
  'money', 'account', 'journal', 'ledger', 'balance', 'currency', 'exchange-rates', 'trial-balance', 'income-statement',
  'balance-sheet', 'reconcile', 'import-csv', 'export-json', 'audit-trail', 'budget', 'recurring', 'tags', 'search',
  'period-close', 'multi-entity', 'tax', 'invoice', 'payments', 'reports', 'cli', 'validation', 'locking', 'snapshots',
] as const;

const VERBS = ['Add', 'Implement', 'Harden', 'Refactor', 'Extend', 'Fix'];
const WORDS = ['amount', 'entry', 'posting', 'total', 'rate', 'period', 'record', 'ledger', 'value', 'row', 'item', 'state'];

function featureOf(iteration: number): string {
  return `${FEATURES[iteration % FEATURES.length]}${iteration >= FEATURES.length ? `-v${Math.floor(iteration / FEATURES.length) + 1}` : ''}`;
}

export function titleOf(random: Random, iteration: number): string {
  return `${random.pick(VERBS)} ${featureOf(iteration).replace(/-/g, ' ')} module`;
}

export function makePlan(random: Random, iteration: number, leak: string | undefined): string {
  const feature = featureOf(iteration);
  const steps = Array.from({ length: random.int(4, 8) }, (_, i) =>
    `${i + 1}. ${random.pick(['Write', 'Test', 'Document', 'Validate', 'Wire up'])} \`${random.pick(WORDS)}${i}\` in \`src/${feature}.ts\` so that ${random.pick(WORDS)} totals stay balanced.`);
  return [
    `# Plan for iteration ${iteration}: ${feature}`,
    '',
    `The ${feature} module is the next item of the parity matrix. It must keep every journal balanced and reject malformed input with a typed error.`,
    '',
    '## Steps',
    ...steps,
    '',
    '## Risks',
    `- Rounding of ${random.pick(WORDS)} values: use integer minor units everywhere.`,
    `- The ${random.pick(WORDS)} API may change once reports land; keep it small.`,
    ...(leak ? ['', '## Notes from the environment', '```', leak, '```'] : []),
    '',
    '<script>alert("plans are untrusted input")</script>',
    '<img src=x onerror="alert(1)"> [click](javascript:alert(1))',
    '',
  ].join('\n');
}

/** A new source file plus one appended export in src/index.ts: applies on top of the previous iterations. */
export function makeDiff(random: Random, iteration: number, indexLines: string[], leak: string | undefined): { diff: string; indexLines: string[] } {
  const feature = featureOf(iteration);
  const name = feature.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const body: string[] = [`// ${feature}: part of the ledger-ts library, iteration ${iteration}.`, `import { Money } from './money-core.ts';`, ''];
  const functions = random.int(6, 35);
  for (let f = 0; f < functions; f++) {
    const word = random.pick(WORDS);
    body.push(`/** Returns the ${word} of the ${feature} records. */`, `export function ${name}${word[0]!.toUpperCase()}${word.slice(1)}${f}(items: readonly Money[]): Money {`,
      `  let total = 0n;`, `  for (const item of items) total += item.minor * ${BigInt(random.int(1, 9))}n;`, `  return { minor: total, currency: items[0]?.currency ?? 'EUR' };`, '}', '');
  }
  if (leak) body.push(`// TODO remove before commit: ${leak}`);
  while (body.at(-1) === '') body.pop(); // a new file ends with code, not a blank line
  const exportLine = `export * from './${feature}.ts';`;
  const context = indexLines.slice(-3);
  const start = indexLines.length - context.length + 1;
  const diff = [
    `diff --git a/src/${feature}.ts b/src/${feature}.ts`,
    'new file mode 100644',
    '--- /dev/null',
    `+++ b/src/${feature}.ts`,
    `@@ -0,0 +1,${body.length} @@`,
    ...body.map((line) => `+${line}`),
    'diff --git a/src/index.ts b/src/index.ts',
    '--- a/src/index.ts',
    '+++ b/src/index.ts',
    `@@ -${start},${context.length} +${start},${context.length + 1} @@`,
    ...context.map((line) => ` ${line}`),
    `+${exportLine}`,
    '',
  ].join('\n');
  return { diff, indexLines: [...indexLines, exportLine] };
}

export function makeTests(random: Random, iteration: number, failing: number) {
  const feature = featureOf(iteration);
  const total = random.int(6, 14);
  const cases = Array.from({ length: total }, (_, i) => {
    const failed = i < failing;
    return {
      name: `${feature} ${random.pick(WORDS)} case ${i + 1}`,
      status: failed ? 'failed' : 'passed',
      duration_ms: random.int(1, 400),
      ...(failed ? { message: `expected ${random.int(1, 99)}00 minor units, got ${random.int(1, 99)}01` } : {}),
    };
  });
  return { passed: total - failing, failed: failing, skipped: 0, cases };
}

export function makeJudge(random: Random, iteration: number, verdict: string, issues: string[]): string {
  return [
    `## Judge review of iteration ${iteration}`,
    '',
    `Verdict: **${verdict}**. The ${featureOf(iteration)} module ${verdict === 'pass' ? 'meets' : 'does not yet meet'} the acceptance criteria.`,
    '',
    ...issues.map((issue) => `- ${issue}`),
    '',
    `Checked ${random.int(3, 9)} acceptance items against the diff and the test output.`,
    '',
  ].join('\n');
}

const ESC = '\u001b[';

/** 10 to 20 KB of coloured tool output, with `leaks` spread through it. */
export function makeLog(random: Random, iteration: number, leaks: readonly string[]): string {
  const lines: string[] = [];
  const target = random.int(10_000, 20_000);
  let size = 0;
  let leakIndex = 0;
  const stamp = (n: number) => `[${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}]`;
  for (let n = 0; size < target; n++) {
    let line: string;
    const roll = random.next();
    if (roll < 0.05) line = `${ESC}31mERROR${ESC}0m ${random.pick(WORDS)} check failed in src/${featureOf(iteration)}.ts:${random.int(1, 200)}`;
    else if (roll < 0.15) line = `${ESC}33mWARN${ESC}0m slow ${random.pick(WORDS)} step took ${random.int(100, 9000)}ms`;
    else if (roll < 0.4) line = `${ESC}32m✓${ESC}0m ${featureOf(iteration)} ${random.pick(WORDS)} case ${random.int(1, 40)} ${ESC}2m(${random.int(1, 90)}ms)${ESC}0m`;
    else line = `${ESC}36mtool${ESC}0m ${random.pick(['read_file', 'write_file', 'run_tests', 'grep', 'apply_patch'])} src/${random.pick(WORDS)}.ts -> ${random.int(1, 900)} bytes`;
    if (leakIndex < leaks.length && random.next() < 0.03) {
      line = `${ESC}35mdebug${ESC}0m ${leaks[leakIndex]}`;
      leakIndex += 1;
    }
    line = `${stamp(n)} ${line}`;
    lines.push(line);
    size += line.length + 1;
  }
  for (; leakIndex < leaks.length; leakIndex++) lines.push(`${ESC}35mdebug${ESC}0m ${leaks[leakIndex]}`);
  return `${lines.join('\n')}\n`;
}
