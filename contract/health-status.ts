// The loop's heartbeat against the monitor's thresholds: OK up to 600 s, WARN up to 900 s, CRIT past it.

const HEARTBEAT_WARN_S = 600;
export const HEARTBEAT_CRIT_S = 900;

/**
 * @example
 * heartbeatState(720) // 'WARN'
 */
export function heartbeatState(ageSeconds: number): 'OK' | 'WARN' | 'CRIT' {
  if (ageSeconds > HEARTBEAT_CRIT_S) return 'CRIT';
  return ageSeconds > HEARTBEAT_WARN_S ? 'WARN' : 'OK';
}

/** An age in seconds as `45 s`, `12 min`, `3 h`, `2 d`. */
export function formatAge(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}
