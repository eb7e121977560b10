// What the server and its publish worker say to each other over IPC. Kept apart from the worker
// itself: the serving processes must not load the publishing pipeline.

/** Server → worker: publish once. */
export type WorkerRequest = { type: 'publish'; id: number; trigger: string };

/** Worker → server: ready for requests; a publish ended. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'done'; id: number; outcome: string; exitCode: number; release?: string; errorCode?: string };
