// Runs an operator-configured command (restart the loop, send an alert, ask the reviewer): no shell,
// its own process group, killed whole at the timeout, and whatever it left in its group with it.
import { spawn } from 'node:child_process';

export interface CommandRun {
  /** The exit code, or null when it was killed or did not start. */
  code: number | null;
  killed: boolean;
  /** Its standard output (the last MiB), when asked for. */
  stdout: string;
  /** One line: `exit 0`, `exit 1: <its last stderr line>`, `killed after 60 s`, `failed to start: ENOENT`. */
  outcome: string;
}

const MAX_STDOUT = 1024 * 1024;

/**
 * @example
 * const { code } = await runCommandProcess(['systemctl', 'restart', 'autoswe.service'], 60_000);
 * await runCommandProcess(['/usr/local/bin/notify'], 10_000, { stdin: JSON.stringify(alert) });
 */
export function runCommandProcess(command: readonly string[], timeoutMs: number, options: { stdin?: string; keepStdout?: boolean } = {}): Promise<CommandRun> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), {
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', options.keepStdout ? 'pipe' : 'ignore', 'pipe'], detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-MAX_STDOUT)));
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    };
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      killGroup();
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, killed: false, stdout: '', outcome: `failed to start: ${(error as NodeJS.ErrnoException).code ?? error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      killGroup(); // a child it left behind goes with it
      const said = stderr.trim().split('\n').at(-1)?.slice(0, 200);
      const outcome = killed ? `killed after ${Math.round(timeoutMs / 1000)} s` : `exit ${code}${code !== 0 && said ? `: ${said}` : ''}`;
      resolve({ code: killed ? null : code, killed, stdout, outcome });
    });
    if (child.stdin) {
      child.stdin.on('error', () => {}); // a command that does not read its stdin
      child.stdin.end(options.stdin);
    }
  });
}
