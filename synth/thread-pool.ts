// A few worker threads for the CPU-heavy steps of a large publish (redact, verify, render, scan), so
// every core works. Threads, not processes: the publish's peak RSS counts all of them honestly.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { JourneyError, type ErrorCode } from '../core/journey-error.ts';
import { info, progress } from '../core/log.ts';
import type { DetectorOptions } from '../redact/detect.ts';

/** What every thread of one publish starts from. */
export interface PoolSetup {
  detector: DetectorOptions;
  /** The main thread's detector identity: a thread that builds another one refuses to work. */
  identity: string;
  loopRoot: string;
  maxBytes: number;
}

/** A task's failure as it crosses the thread boundary. */
export interface TaskFailure {
  code?: ErrorCode;
  message: string;
  fix?: string;
  stack?: string;
  /** The cause's stack, as text. */
  cause?: string;
}

type Pending = { resolve(value: unknown): void; reject(error: Error): void; local(): unknown };

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
  dead: boolean;
}

/** Below this many items a step runs in the calling thread: starting threads would cost more. */
export const POOL_MIN_ITEMS = 64;

/** At most this many tasks wait in one thread, so results flow back while it works. */
const IN_FLIGHT = 2;

/**
 * Old-generation heap of one thread. Uncapped, a thread's heap grows by hundreds of MB of garbage
 * before V8 collects it (a full publish of 10,000 iterations peaked at 1.56 GB, 1.34 GB capped).
 */
const THREAD_HEAP_MB = 256;

/**
 * A task whose input is larger than this runs in the main thread: far below the cap, so a thread
 * never nears it (a V8 heap that does can abort the whole process instead of failing the task).
 */
export const THREAD_TASK_BYTES = 16 * 1024 * 1024;

/** Threads replaced after running out of memory, at most, before the pool gives up. */
const MAX_REPLACED = 4;

/** Threads a publish uses by default: one per core, at most 4. */
export const defaultThreads = () => Math.max(1, Math.min(4, availableParallelism()));

/**
 * A pool of worker threads running `publish-tasks-thread.ts`. `run` sends one task to the least
 * busy thread, or runs its `local` form (the same work) in this thread when its input is large.
 * A thread that runs out of memory anyway is replaced and its tasks run here; one that dies
 * otherwise fails its tasks and the pool (the publish then fails closed).
 *
 * @example
 * const pool = new ThreadPool(2, setup);
 * const pages = await pool.run('ingest', jobs, () => jobs.map(ingestHere), bytes);
 * await pool.close();
 */
export class ThreadPool {
  private readonly setup: PoolSetup;
  private readonly threads: Thread[];
  private readonly queue: { task: string; input: unknown; pending: Pending }[] = [];
  private nextId = 0;
  private replaced = 0;
  private broken: Error | undefined;

  constructor(size: number, setup: PoolSetup) {
    this.setup = setup;
    this.threads = Array.from({ length: size }, () => this.startThread());
  }

  private startThread(): Thread {
    const worker = new Worker(new URL('./publish-tasks-thread.ts', import.meta.url), {
      workerData: this.setup, resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
    });
    const thread: Thread = { worker, pending: new Map(), dead: false };
    worker.on('message', (message: { id: number; value?: unknown; failure?: TaskFailure }) => {
      const pending = thread.pending.get(message.id);
      thread.pending.delete(message.id);
      if (message.failure) pending?.reject(toError(message.failure));
      else pending?.resolve(message.value);
      this.dispatch();
    });
    const died = (error: Error) => {
      if (thread.dead) return;
      thread.dead = true;
      const orphans = [...thread.pending.values()];
      thread.pending.clear();
      if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' && !this.broken && this.replaced < MAX_REPLACED) {
        this.replaced += 1;
        info(`a publish thread ran out of memory (${THREAD_HEAP_MB} MB): a new one replaces it; its ${orphans.length} tasks run in the main thread`);
        this.threads[this.threads.indexOf(thread)] = this.startThread();
        for (const pending of orphans) runLocal(pending);
        this.dispatch();
        return;
      }
      this.broken ??= error;
      for (const pending of [...orphans, ...this.queue.splice(0).map((q) => q.pending)]) pending.reject(this.broken);
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`a publish worker thread exited (code ${code})`)));
    return thread;
  }

  /**
   * Runs `task` on a thread; rejects with the task's own error (JourneyError codes survive the
   * trip). `local` does the same work in this thread, for an input of more than THREAD_TASK_BYTES
   * (`bytes`) or a task whose thread ran out of memory.
   */
  run<T>(task: string, input: unknown, local: () => T | Promise<T>, bytes = 0): Promise<T> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<T>((resolve, reject) => {
      const pending = { resolve: resolve as (value: unknown) => void, reject, local };
      if (bytes > THREAD_TASK_BYTES) return runLocal(pending);
      this.queue.push({ task, input, pending });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.broken) {
      const thread = this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      if (thread.pending.size >= IN_FLIGHT) return;
      const { task, input, pending } = this.queue.shift()!;
      const id = this.nextId++;
      thread.pending.set(id, pending);
      thread.worker.postMessage({ id, task, input });
    }
  }

  /** Stops every thread (tasks still running are abandoned). */
  async close(): Promise<void> {
    this.broken ??= new Error('the publish worker pool is closed');
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

function runLocal(pending: Pending): void {
  Promise.resolve().then(() => pending.local()).then(pending.resolve, pending.reject);
}

function toError(failure: TaskFailure): Error {
  const cause = failure.cause === undefined ? undefined : Object.assign(new Error(failure.cause.split('\n')[0]), { stack: failure.cause });
  const error = failure.code
    ? new JourneyError(failure.code, failure.message, { ...(failure.fix ? { fix: failure.fix } : {}), ...(cause ? { cause } : {}) })
    : new Error(failure.message, { cause });
  if (failure.stack) error.stack = failure.stack;
  return error;
}

/**
 * Splits `items` into tasks of at most `per` items and THREAD_TASK_BYTES (`bytesOf`), runs them on
 * the pool (or, without one, `local` in this thread, chunk by chunk) and returns the results in
 * order. `local` also stands in for a task the pool gives back (see ThreadPool.run); a task's
 * message is `inputOf(chunk)`; `label` draws a progress bar on a terminal.
 *
 * @example
 * const results = await runChunked(pool, 'ingest', jobs, { per: 16, bytesOf, local: (chunk) => chunk.map(ingestHere), label: 'ingest' });
 */
export async function runChunked<I, O>(pool: ThreadPool | undefined, task: string, items: readonly I[], options: {
  per: number; bytesOf: (item: I) => number; local: (chunk: I[]) => O[] | Promise<O[]>; label?: string;
}, inputOf: (chunk: I[]) => unknown = (chunk) => chunk): Promise<O[]> {
  const chunks: { items: I[]; bytes: number }[] = [];
  for (const item of items) {
    const bytes = options.bytesOf(item);
    const last = chunks.at(-1);
    if (last && last.items.length < options.per && last.bytes + bytes <= THREAD_TASK_BYTES) {
      last.items.push(item);
      last.bytes += bytes;
    } else chunks.push({ items: [item], bytes });
  }
  const bar = progress(options.label ?? task, options.label ? items.length : 0);
  const runOne = async (chunk: { items: I[]; bytes: number }) => {
    const out = pool ? await pool.run<O[]>(task, inputOf(chunk.items), () => options.local(chunk.items), chunk.bytes) : await options.local(chunk.items);
    bar.tick(chunk.items.length);
    return out;
  };
  const results: O[][] = [];
  if (pool) results.push(...await Promise.all(chunks.map(runOne)));
  else for (const chunk of chunks) results.push(await runOne(chunk));
  bar.done();
  return results.flat();
}
