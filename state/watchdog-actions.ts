// The watchdog's actions in journey.db, as the public site may show them: when, and which action.
// The reason and outcome (command lines, exit output) stay in the data folder.
import type { Db } from './db.ts';

/** A restart of the loop, or a refusal to restart past the hourly limit. */
export interface WatchdogAction {
  at: string;
  action: 'restart' | 'gave-up';
}

/** Actions kept for the site at most: the newest. */
const ACTIONS_READ = 500;

/**
 * The newest watchdog actions, oldest first.
 *
 * @example
 * readWatchdogActions(db).at(-1) // { at: '2026-11-21T11:40:00.000Z', action: 'restart' }
 */
export function readWatchdogActions(db: Db): WatchdogAction[] {
  const rows = db.prepare("SELECT at, action FROM watchdog_actions WHERE action IN ('restart', 'gave-up') ORDER BY id DESC LIMIT ?").all(ACTIONS_READ) as WatchdogAction[];
  return rows.reverse();
}
