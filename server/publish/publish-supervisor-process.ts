// The server's side of the publish worker: one long-lived child (own process group, nice 10) taking
// publish requests over IPC, one at a time, with a time limit that kills the whole group.
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatError } from '../../core/journey-error.ts';
import { info } from '../../core/log.ts';
import { withDb } from '../../state/db.ts';
import { recordTimedOut } from '../../state/lease.ts';
import type { AccessLog } from '../http/access-log.ts';
import type { WorkerMessage } from './worker-protocol.ts';

export const DEFAULT_WORKER = [process.execPath, fileURLToPath(new URL('./publish-worker.ts', import.meta.url))];

/** A worker that dies on its own is restarted after this long (doubling up to a minute). */
const RESTART_MS = 1_000;

export interface SupervisorOptions {
  /** argv of the worker; it must be a Node program (IPC channel on its stdio). */
  command: readonly string[];
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** Where journey.db lives, when not in the data folder (JOURNEY_DB_DIR). */
  dbDir?: string | undefined;
  timeoutMs: number;
  graceMs: number;
  log: AccessLog;
}

interface Running {
  id: number;
  trigger: string;
  /** Epoch ms, sub-millisecond. */
  started: number;
  /**
   * The newest trigger mtime seen before this run was dispatched: that file is this run's own (its
   * worker deletes it). Compared with mtimes only, never with our clock: the file system's clock may
   * differ from ours (a shared volume, a clock step), and a request must not be lost to that.
   */
  claimed: number | undefined;
  timer: NodeJS.Timeout;
}

/** Sends SIGTERM or SIGKILL to a whole process group; a group already gone is fine. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: nobody left in the group
  }
}

/**
 * Publishes one request at a time. A request while a publish runs is remembered once: any number of
 * them makes exactly one follow-up run. A publish past `timeoutMs` gets its worker's group SIGTERM,
 * then SIGKILL after `graceMs`; it is recorded as timed out and a fresh worker starts.
 *
 * @example
 * const publisher = new PublishSupervisor({ command: DEFAULT_WORKER, env, dataDir, timeoutMs: 600_000, graceMs: 10_000, log });
 * publisher.start();
 * publisher.request('trigger');
 */
export class PublishSupervisor {
  readonly #options: SupervisorOptions;
  #child: ChildProcess | undefined;
  #ready = false;
  #running: Running | undefined;
  #pending: string | undefined;
  /** The newest trigger mtime any request carried. */
  #lastTrigger: number | undefined;
  #nextId = 1;
  #stopping = false;
  #restartMs = RESTART_MS;

  constructor(options: SupervisorOptions) {
    this.#options = options;
  }

  /** Starts the worker; requests made before it is ready wait for it. */
  start(): void {
    this.#spawn();
  }

  /**
   * Asks for a publish; coalesces with one that is waiting. `writtenAt` is the trigger file's mtime: a
   * trigger written before the running publish was dispatched is that publish's own (its worker
   * deletes the file), so a late event for it asks for nothing more.
   */
  request(trigger: string, writtenAt?: number): void {
    if (this.#stopping) return;
    if (writtenAt !== undefined) {
      if (this.#running?.claimed !== undefined && writtenAt <= this.#running.claimed) return;
      this.#lastTrigger = Math.max(this.#lastTrigger ?? writtenAt, writtenAt);
    }
    if (this.#running || !this.#ready) {
      this.#pending ??= trigger;
      return;
    }
    this.#dispatch(trigger);
  }

  /** Stops the worker's whole group (SIGTERM, then SIGKILL after the grace period). */
  async stop(): Promise<void> {
    this.#stopping = true;
    const child = this.#child;
    if (this.#running) clearTimeout(this.#running.timer);
    if (child?.pid !== undefined) await this.#killGroup(child);
  }

  #spawn(): void {
    const [command, ...args] = this.#options.command;
    const child = spawn(command!, args, {
      env: { ...this.#options.env, JOURNEY_PUBLISH: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      detached: true, // its own process group: a timeout kills everything it started
    });
    this.#child = child;
    this.#ready = false;
    try {
      if (child.pid) setPriority(child.pid, 10); // serving keeps priority over publishing
    } catch {
      // lowering priority is best effort (some containers forbid it)
    }
    child.on('message', (message: WorkerMessage) => this.#onMessage(child, message));
    child.on('error', (error) => {
      info(`the publish worker could not start: ${formatError(error)}`);
      if (child.pid === undefined) this.#onExit(child, null, null); // never ran: no exit event comes
    });
    child.on('exit', (code, signal) => this.#onExit(child, code, signal));
  }

  #onMessage(child: ChildProcess, message: WorkerMessage): void {
    if (child !== this.#child) return;
    if (message.type === 'ready') {
      this.#ready = true;
      this.#restartMs = RESTART_MS;
      this.#next();
    } else if (message.type === 'done' && this.#running?.id === message.id) {
      const run = this.#running;
      clearTimeout(run.timer);
      this.#running = undefined;
      this.#options.log.publish({
        trigger: run.trigger, outcome: message.outcome, exitCode: message.exitCode, ms: Math.round(Date.now() - run.started),
        ...(message.release ? { release: message.release } : {}), ...(message.errorCode ? { detail: message.errorCode } : {}),
      });
      this.#next();
    }
  }

  #onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.#child) return;
    this.#child = undefined;
    this.#ready = false;
    if (this.#running) {
      const run = this.#running;
      clearTimeout(run.timer);
      this.#running = undefined;
      this.#options.log.publish({ trigger: run.trigger, outcome: 'failed', ms: Math.round(Date.now() - run.started), detail: `the worker exited (${signal ?? code})` });
      this.#pending ??= run.trigger; // try once more on the fresh worker
    }
    if (this.#stopping) return;
    info(`the publish worker exited (${signal ?? code}); starting a fresh one in ${this.#restartMs / 1000} s`);
    setTimeout(() => this.#stopping || this.#spawn(), this.#restartMs).unref();
    this.#restartMs = Math.min(this.#restartMs * 2, 60_000);
  }

  #next(): void {
    if (this.#pending === undefined || this.#running || !this.#ready) return;
    const trigger = this.#pending;
    this.#pending = undefined;
    this.#dispatch(trigger);
  }

  #dispatch(trigger: string): void {
    const child = this.#child!;
    const id = this.#nextId++;
    const timer = setTimeout(() => void this.#timedOut(child, id), this.#options.timeoutMs);
    this.#running = { id, trigger, started: performance.timeOrigin + performance.now(), claimed: this.#lastTrigger, timer };
    child.send({ type: 'publish', id, trigger });
  }

  async #timedOut(child: ChildProcess, id: number): Promise<void> {
    const run = this.#running;
    if (!run || run.id !== id || child !== this.#child) return;
    this.#running = undefined;
    this.#child = undefined; // its exit is expected now: no "exited" restart message
    this.#ready = false;
    const seconds = Math.round(this.#options.timeoutMs / 1000);
    this.#options.log.publish({ trigger: run.trigger, outcome: 'timed-out', ms: Math.round(Date.now() - run.started), detail: `past ${seconds} s: worker group stopped` });
    await this.#killGroup(child);
    try {
      withDb({ dataDir: this.#options.dataDir, dbDir: this.#options.dbDir }, (db) => recordTimedOut(db, { pid: child.pid!, trigger: run.trigger, startedAt: new Date(run.started) }));
    } catch (error) {
      info(`could not record the timed-out publish: ${formatError(error)}`);
    }
    if (!this.#stopping) this.#spawn();
  }

  /** SIGTERM to the group, SIGKILL after the grace period to whatever is left of it, then the leader's exit. */
  #killGroup(child: ChildProcess): Promise<void> {
    const pid = child.pid!;
    return new Promise((resolve) => {
      const exited = child.exitCode !== null || child.signalCode !== null;
      const finish = () => {
        signalGroup(pid, 'SIGKILL'); // children the leader left behind die with the group
        resolve();
      };
      signalGroup(pid, 'SIGTERM');
      const deadline = setTimeout(finish, this.#options.graceMs);
      if (!exited) {
        child.once('exit', () => {
          clearTimeout(deadline);
          // Give the rest of the group the same grace the leader had, then end it.
          setTimeout(finish, Math.min(this.#options.graceMs, 1_000));
        });
      }
    });
  }
}
