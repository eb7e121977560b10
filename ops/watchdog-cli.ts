// `npm run watchdog`: restart the loop when its heartbeat (state-heartbeat.json or state.json, the
// fresher) is stale (over 900 s) or its service has failed, at most N times an hour; then stop
// restarting, report CRIT and alert once.
import { mkdirSync } from 'node:fs';
import type { CommandSpec } from '../cli/define-command.ts';
import { info } from '../core/log.ts';
import { requireLoopDir } from '../config/resolve-config.ts';
import { openDb } from '../state/db.ts';
import { alertDue, runAlertProcess } from './run-alert-process.ts';
import { runWatchdog } from './run-watchdog.ts';
import { mainWithEnvFiles } from './read-env-files.ts';

export const watchdogCommand: CommandSpec = {
  invocation: 'npm run watchdog --',
  summary: [
    "Restart the loop (JOURNEY_RESTART_COMMAND) when its heartbeat (the fresher of state-heartbeat.json and",
    "state.json's updated_at) is older than 900 s or its service has failed, at most maxRestartsPerHour",
    'times in any hour; past that, stop restarting and report CRIT.',
    'Exit 0 alive, 1 restarted, 2 gave up or the restart failed. Every action is logged with its reason.',
  ].join('\n'),
  flags: [
    { name: 'alert-command', type: 'string', valueName: 'CMD', description: 'run CMD with a JSON alert on stdin when the watchdog gives up (once)' },
  ],
  examples: [
    'npm run watchdog -- --loop-dir /srv/loop --data-dir /data/autoswe',
    'JOURNEY_RESTART_COMMAND="systemctl restart autoswe.service" JOURNEY_MAX_RESTARTS_PER_HOUR=3 npm run watchdog -- --loop-dir /srv/loop',
  ],
  async run({ config }) {
    const loopDir = requireLoopDir(config);
    mkdirSync(config.dataDir, { recursive: true });
    const db = openDb(config);
    try {
      const now = new Date();
      const outcome = await runWatchdog(db, { ...config, loopDir }, now);
      info(`watchdog: ${outcome.action === 'none' ? 'OK' : outcome.action}: ${outcome.reason}`);
      if (config.alertCommand) {
        const state = outcome.exitCode === 2 ? 'CRIT' : outcome.exitCode === 1 ? 'WARN' : 'OK';
        const { due, previous } = alertDue(db, 'watchdog', state);
        if (due && state === 'CRIT') {
          info(await runAlertProcess(config.alertCommand, { source: 'watchdog', state, previous, ts: now.toISOString(), summary: outcome.reason, details: { action: outcome.action } }, 30_000));
        }
      }
      return outcome.exitCode;
    } finally {
      db.close();
    }
  },
};

if (import.meta.main) mainWithEnvFiles(watchdogCommand);
