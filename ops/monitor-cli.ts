// `npm run monitor`: the loop's health at a glance, for people (a table), machines (--json) and the
// Health page (--log appends to <data>/system-state.jsonl). Exit codes follow the monitoring-plugin
// convention in every mode: 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN (usage errors included).
import { info, out } from '../core/log.ts';
import { mkdirSync } from 'node:fs';
import { usageError, type CommandSpec } from '../cli/define-command.ts';
import { openDb } from '../state/db.ts';
import { CHECKS } from '../contract/ops-schemas.ts';
import { exitCodeOf } from './monitor-checks.ts';
import { alertDue, runAlertProcess } from './run-alert-process.ts';
import { runMonitor, type CheckName, type MonitorReport } from './run-monitor.ts';
import { appendSample } from './write-samples.ts';
import { mainWithEnvFiles } from './read-env-files.ts';

/** A table people read: one line per check, the overall state last. */
function formatTable(report: MonitorReport): string {
  const width = Math.max(...report.results.map((r) => r.name.length), 7);
  const lines = report.results.map(({ name, result }) => `${name.padEnd(width)}  ${result.state.padEnd(7)}  ${result.summary}`);
  return [`${'check'.padEnd(width)}  ${'state'.padEnd(7)}  detail`, ...lines, `${'overall'.padEnd(width)}  ${report.sample.overall}`, ''].join('\n');
}

export const monitorCommand: CommandSpec = {
  invocation: 'npm run monitor --',
  summary: [
    'Check the loop, its subagents, vLLM, the GPU, parity, verdicts, the published site, disk and the',
    'meta-judge, each within a timeout. Exit 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN; a check that is not',
    'configured or not present is n/a and does not count.',
  ].join('\n'),
  flags: [
    { name: 'json', type: 'boolean', description: 'print one flat JSON record instead of the table' },
    { name: 'log', type: 'boolean', description: 'append the record to <data-dir>/system-state.jsonl (and drop samples past retention)' },
    { name: 'check', type: 'string', valueName: 'NAME', multiple: true, description: `run only this check (repeatable): ${CHECKS.join(', ')}`, defaultText: 'all' },
    { name: 'alert-command', type: 'string', valueName: 'CMD', description: 'run CMD with a JSON alert on stdin when the overall state worsens (once per change)' },
  ],
  examples: [
    'npm run monitor -- --loop-dir /srv/loop --data-dir /data/autoswe',
    'npm run monitor -- --json --check loop --check disk',
    'npm run monitor -- --log --alert-command /usr/local/bin/notify-operator',
    'JOURNEY_GPU_MEMORY_WARN_PERCENT=95 npm run monitor -- --check gpu',
    'JOURNEY_ENV_FILE=/srv/journey/staging.env npm run monitor    # JOURNEY_* lines of that file and ~/.config/autoswe/cluster.env',
  ],
  errorExitCode: 3,
  async run({ config, flags, sources }) {
    const asked = (flags['check'] as string[] | undefined) ?? [];
    const unknown = asked.filter((name) => !(CHECKS as readonly string[]).includes(name));
    if (unknown.length) throw usageError(monitorCommand, `unknown check ${unknown.join(', ')}; the checks are ${CHECKS.join(', ')}`);
    const now = new Date();
    const report = await runMonitor({ ...config, vllmUrlIsDefault: sources.vllmUrl === 'default' }, asked.length ? asked as CheckName[] : CHECKS, now);
    out(flags['json'] === true ? `${JSON.stringify(report.sample)}\n` : formatTable(report));
    if (flags['log'] === true) {
      mkdirSync(config.dataDir, { recursive: true });
      const dropped = appendSample(config.dataDir, report.sample, config.sampleRetentionDays, now);
      if (dropped > 0) info(`dropped ${dropped} samples older than ${config.sampleRetentionDays} days`);
    }
    if (config.alertCommand) {
      mkdirSync(config.dataDir, { recursive: true });
      const db = openDb(config);
      try {
        const { due, previous } = alertDue(db, 'monitor', report.sample.overall);
        if (due) {
          const worst = report.results.filter((r) => r.result.state === report.sample.overall).map((r) => `${r.name}: ${r.result.summary}`);
          info(await runAlertProcess(config.alertCommand, {
            source: 'monitor', state: report.sample.overall, previous, ts: report.sample.ts, summary: worst.join('; '), details: report.sample,
          }, config.checkTimeoutSeconds * 1000));
        }
      } finally {
        db.close();
      }
    }
    return exitCodeOf(report.sample.overall);
  },
};

if (import.meta.main) mainWithEnvFiles(monitorCommand);
