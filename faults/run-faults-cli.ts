// `npm run test:faults`: journey's promises under faults, each scenario bounded in time and aimed at
// loopback only, with the figure it measured. Exit 1 when any promise is broken. `--short` is the
// form `npm test` runs.
import { main, usageError, type CommandSpec } from '../cli/define-command.ts';
import type { Scenario, ScenarioResult } from './scenario.ts';
import { badInput } from './scenario-bad-input.ts';
import { canarySweep } from './scenario-canary-sweep.ts';
import { diskFull } from './scenario-disk-full.ts';
import { gracefulStop } from './scenario-graceful-stop.ts';
import { killPublish } from './scenario-kill-publish.ts';
import { retention } from './scenario-retention.ts';
import { scannerFaults } from './scenario-scanner-faults.ts';
import { sqliteWriters } from './scenario-sqlite-writers.ts';
import { swapCrash } from './scenario-swap-crash.ts';

export const SCENARIOS: readonly Scenario[] = [killPublish, swapCrash, diskFull, sqliteWriters, scannerFaults, canarySweep, badInput, gracefulStop, retention];

export const faultsCommand: CommandSpec = {
  invocation: 'npm run test:faults --',
  summary: 'Run the fault scenarios against real processes on loopback and print each promise with its measured figure.\nExit 1 when any promise is broken.',
  flags: [
    { name: 'short', type: 'boolean', description: 'fewer trials and no huge inputs (what npm test runs)' },
    { name: 'only', type: 'string', valueName: 'NAME', description: `run one scenario: ${SCENARIOS.map((s) => s.name).join(', ')}` },
  ],
  examples: ['npm run test:faults', 'npm run test:faults -- --short', 'npm run test:faults -- --only retention'],
  async run({ flags }) {
    const only = typeof flags['only'] === 'string' ? flags['only'] : undefined;
    const chosen = only ? SCENARIOS.filter((s) => s.name === only) : SCENARIOS;
    if (chosen.length === 0) throw usageError(faultsCommand, `no scenario named ${only}`);
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const rows: { scenario: Scenario; result: ScenarioResult; seconds: number }[] = [];
    const suiteStarted = performance.now();
    for (const scenario of chosen) {
      log(`${scenario.name}: ${scenario.promise}`);
      const started = performance.now();
      let result: ScenarioResult;
      try {
        result = await scenario.run({ short: flags['short'] === true, log });
      } catch (error) {
        result = { ok: false, figure: `the scenario itself failed: ${(error as Error).message.split('\n')[0]}` };
      }
      rows.push({ scenario, result, seconds: (performance.now() - started) / 1000 });
    }
    process.stdout.write(`${['fault scenarios (figures measured in this run):',
      ...rows.map(({ scenario, result, seconds }) => `  ${result.ok ? 'HELD  ' : 'BROKEN'}  ${scenario.name} (${seconds.toFixed(1)} s): ${result.figure}`),
      `${rows.filter((r) => r.result.ok).length}/${rows.length} promises held in ${((performance.now() - suiteStarted) / 1000).toFixed(1)} s`].join('\n')}\n`);
    return rows.every((r) => r.result.ok) ? 0 : 1;
  },
};

if (import.meta.main) main(faultsCommand);
