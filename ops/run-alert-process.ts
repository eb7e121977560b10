// Alerts: the operator's alert command gets one JSON document on stdin (whatever it does with it:
// mail, a chat webhook, a pager). It runs without a shell, in its own process group, with a timeout.
import { forOutput } from '../core/log.ts';
import type { Db } from '../state/db.ts';
import { readSetting, writeSetting, write } from '../state/db.ts';
import type { CheckState } from '../contract/ops-schemas.ts';
import { STATE_RANK } from './monitor-checks.ts';
import { runCommandProcess } from './run-command-process.ts';

export interface Alert {
  source: 'monitor' | 'watchdog';
  state: Exclude<CheckState, 'n/a'>;
  previous: Exclude<CheckState, 'n/a'> | null;
  ts: string;
  summary: string;
  details: Record<string, unknown>;
}


/**
 * Records `state` as `source`'s latest and says whether it is worse than the one before, i.e.
 * whether to alert. Each change is alerted at most once: the same state again says false.
 *
 * @example
 * if (alertDue(db, 'monitor', 'CRIT').due) await runAlertProcess(command, alert, 10_000);
 */
export function alertDue(db: Db, source: Alert['source'], state: Alert['state']): { due: boolean; previous: Alert['state'] | null } {
  return write(db, () => {
    const key = `alert_state:${source}`;
    const previous = (readSetting(db, key) as Alert['state'] | undefined) ?? null;
    writeSetting(db, key, state);
    return { due: previous !== state && STATE_RANK[state] > STATE_RANK[previous ?? 'OK'], previous };
  });
}

/**
 * Runs `command` with `alert` as JSON on stdin; resolves with a line describing the outcome.
 *
 * @example
 * await runAlertProcess(['/usr/local/bin/page-me'], alert, 10_000) // 'alert sent (exit 0)'
 */
export async function runAlertProcess(command: readonly string[], alert: Alert, timeoutMs: number): Promise<string> {
  // The summary names the loop's subagents and files: it leaves journey through the output filter, as a printed line does.
  const run = await runCommandProcess(command, timeoutMs, { stdin: `${forOutput(JSON.stringify(alert))}\n` });
  return run.code === 0 ? 'alert sent (exit 0)' : `alert command: ${run.outcome}`;
}
