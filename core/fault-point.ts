// Fault points: named places in a publish where the fault suite (`npm run test:faults`) makes the real
// pipeline fail the way machines fail: a kill -9, a full disk, an unreadable file, a crashing or hanging
// scanner. Inert unless JOURNEY_FAULT=<point>:<action> names the point; no setting or flag sets it.
import { writeSync } from 'node:fs';

const FAULT_POINTS = [
  'seal-before-manifest', // staging complete, MANIFEST not yet written
  'release-renamed', // staging renamed to releases/<id>, before the folder's fsync
  'swap-linked', // the new link made beside `current`, before the rename over it
  'swap-renamed', // `current` renamed to the new release, before the folder's fsync
  'build-write', // a file of the release being written
  'build-extra', // the release assembled (the action `plant` adds a file of an unknown type)
  'scan', // the leak scan starting
  'scan-read', // the leak scan reading a file
  'redact', // the publish's redactor (the action `off` passes every text through unredacted, verify gate included)
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

const FAULT_ACTIONS = ['kill', 'crash', 'hang', 'exit', 'enospc', 'eacces', 'plant', 'off'] as const;
export type FaultAction = (typeof FAULT_ACTIONS)[number];

const WANTED = process.env['JOURNEY_FAULT'];

/** The action asked for at `point`, if JOURNEY_FAULT names it. */
export function faultAt(point: FaultPoint): FaultAction | undefined {
  if (!WANTED) return undefined;
  const [at, action] = WANTED.split(':');
  return at === point && (FAULT_ACTIONS as readonly string[]).includes(action ?? '') ? action as FaultAction : undefined;
}

/**
 * The file `JOURNEY_FAULT=<point>:plant` adds to a release at `point`: bytes of a type the leak
 * scanner does not know (neither text nor a known format), which it must refuse.
 */
export function plantedFile(point: FaultPoint): { path: string; bytes: Buffer } | undefined {
  if (faultAt(point) !== 'plant') return undefined;
  return { path: 'fault-planted.bin', bytes: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 167 + 13) % 256)) };
}

/** An error as the file system raises it. */
function errnoError(code: 'ENOSPC' | 'EACCES', point: FaultPoint): NodeJS.ErrnoException {
  const text = code === 'ENOSPC' ? 'no space left on device' : 'permission denied';
  return Object.assign(new Error(`${code}: ${text} (injected at ${point})`), { code, errno: code === 'ENOSPC' ? -28 : -13, syscall: 'write' });
}

/**
 * Fails here when JOURNEY_FAULT asks for it: `kill` (SIGKILL to this process), `crash` (throws), `exit`
 * (ends a worker thread or the process at once), `hang` (blocks this thread for good, as a runaway
 * regex would), `enospc` and `eacces` (throw the file system's error). `plant` and `off` are read by their callers.
 *
 * @example
 * faultPoint('swap-linked'); // JOURNEY_FAULT=swap-linked:kill dies here
 */
export function faultPoint(point: FaultPoint): void {
  const action = faultAt(point);
  if (action === undefined || action === 'plant' || action === 'off') return;
  writeSync(2, `fault injected: ${point}:${action}\n`);
  if (action === 'kill') process.kill(process.pid, 'SIGKILL');
  if (action === 'exit') process.exit(70);
  if (action === 'hang') for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  if (action === 'enospc' || action === 'eacces') throw errnoError(action.toUpperCase() as 'ENOSPC' | 'EACCES', point);
  throw new Error(`injected crash at ${point}`);
}
