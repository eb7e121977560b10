// One watchdog round: is the loop alive? If its heartbeat (the fresher of state-heartbeat.json and
// state.json's updated_at) is stale or its service has failed, restart it, at most
// `maxRestartsPerHour` times in any hour; past that, stop restarting and say CRIT. Every action is
// recorded in journey.db with its reason.
import type { JourneyConfig } from '../config/config-schema.ts';
import { audit, write, type Db } from '../state/db.ts';
import { describeHeartbeat, HEARTBEAT_CRIT_S } from './monitor-checks.ts';
import { readLoopHealth } from './read-loop-health.ts';
import { runCommandProcess } from './run-command-process.ts';

export interface WatchdogOutcome {
  /** 0 alive, 1 restarted, 2 gave up or the restart failed. */
  exitCode: 0 | 1 | 2;
  action: 'none' | 'restart' | 'gave-up';
  /** Why, in one line. */
  reason: string;
}

type WatchdogConfig = Pick<JourneyConfig, 'restartCommand' | 'serviceFailedCommand' | 'maxRestartsPerHour' | 'checkTimeoutSeconds'> & { loopDir: string };

const RESTART_TIMEOUT_MS = 120_000;

function record(db: Db, now: Date, action: string, reason: string, outcome: string): void {
  write(db, () => {
    db.prepare('INSERT INTO watchdog_actions (at, action, reason, outcome) VALUES (?, ?, ?, ?)').run(now.toISOString(), action, reason, outcome);
    audit(db, `watchdog-${action}`, `${reason}: ${outcome}`, now);
  });
}

/** Why the loop needs a restart, or undefined when it is alive. */
async function needsRestart(config: WatchdogConfig, now: Date): Promise<string | undefined> {
  const health = readLoopHealth(config.loopDir, now);
  // The fresher of state-heartbeat.json and state.json's updated_at: a loop writing either one is alive.
  if (health.heartbeatAgeS !== undefined && health.heartbeatAgeS > HEARTBEAT_CRIT_S) {
    return describeHeartbeat(health.heartbeatAgeS, health.heartbeatSource, `limit ${HEARTBEAT_CRIT_S} s`);
  }
  if (config.serviceFailedCommand) {
    const failed = await runCommandProcess(config.serviceFailedCommand, config.checkTimeoutSeconds * 1000);
    if (failed.code === 0) return `the loop's service is in a failed state (${config.serviceFailedCommand.join(' ')})`;
  }
  return undefined;
}

/**
 * @example
 * const outcome = await runWatchdog(db, config, new Date());
 */
export async function runWatchdog(db: Db, config: WatchdogConfig, now: Date): Promise<WatchdogOutcome> {
  const reason = await needsRestart(config, now);
  if (!reason) return { exitCode: 0, action: 'none', reason: 'the loop is alive' };
  const since = new Date(now.getTime() - 3_600_000).toISOString();
  const recent = (db.prepare("SELECT count(*) AS n FROM watchdog_actions WHERE action = 'restart' AND at > ?").get(since) as { n: number }).n;
  if (recent >= config.maxRestartsPerHour) {
    const why = `${reason}; not restarting: ${recent} restarts in the last hour (limit ${config.maxRestartsPerHour})`;
    record(db, now, 'gave-up', reason, `${recent} restarts in the last hour`);
    return { exitCode: 2, action: 'gave-up', reason: why };
  }
  const result = await runCommandProcess(config.restartCommand, RESTART_TIMEOUT_MS);
  record(db, now, 'restart', reason, result.outcome);
  return result.code === 0
    ? { exitCode: 1, action: 'restart', reason: `${reason}; restarted (${config.restartCommand.join(' ')})` }
    : { exitCode: 2, action: 'restart', reason: `${reason}; the restart failed: ${result.outcome}` };
}
