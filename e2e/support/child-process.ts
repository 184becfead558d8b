import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

/** How long a child gets to exit after SIGTERM before it is killed outright. */
const GRACEFUL_EXIT_MS = 5_000;

export interface ManagedProcessOptions {
  /** Shown in error messages and log lines. */
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Every line the child prints goes here too, so a failing run can be read afterwards. */
  logFile: string;
}

/**
 * One child process of the stack under test. It runs in its own process group
 * (`detached`) so that stopping it also stops anything it spawned: `next start`
 * may fork helpers, and an orphaned helper would keep the port busy.
 */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly recent: string[] = [];
  private log: WriteStream | undefined;
  /**
   * Detached children outlive their parent. If the Playwright worker exits without
   * running fixture teardown (a crash, `process.exit`), this still kills the group
   * so no server is left running in the background.
   */
  private readonly killOnExit = () => {
    if (this.child?.pid !== undefined && this.running) killGroup(this.child.pid, 'SIGKILL');
  };

  constructor(private readonly options: ManagedProcessOptions) {}

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the child printed: enough context for a startup failure message. */
  tail(lines = 40): string {
    return this.recent.slice(-lines).join('\n');
  }

  start(): void {
    if (this.running) throw new Error(`${this.options.name} is already running`);
    this.log ??= createWriteStream(this.options.logFile, { flags: 'a' });
    const child = spawn(this.options.command, this.options.args, {
      cwd: this.options.cwd,
      env: this.options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    process.once('exit', this.killOnExit);
    const record = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.log?.write(text);
      for (const line of text.split('\n')) if (line !== '') this.recent.push(line);
      if (this.recent.length > 200) this.recent.splice(0, this.recent.length - 200);
    };
    child.stdout?.on('data', record);
    child.stderr?.on('data', record);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        process.removeListener('exit', this.killOnExit);
        this.log?.write(`\n[e2e] ${this.options.name} exited (code ${code}, signal ${signal})\n`);
        resolve();
      });
      child.once('error', (error) => {
        this.recent.push(`[e2e] could not spawn ${this.options.name}: ${error.message}`);
        resolve();
      });
    });
  }

  /** Stops the whole process group: SIGTERM (or the given signal), then SIGKILL if it lingers. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (child === undefined || child.pid === undefined || !this.running) {
      await this.exited;
      return;
    }
    killGroup(child.pid, signal);
    const timer = setTimeout(() => killGroup(child.pid as number, 'SIGKILL'), GRACEFUL_EXIT_MS);
    await this.exited;
    clearTimeout(timer);
    // Helpers of the child may outlive it; the group id is still ours to clean.
    killGroup(child.pid, 'SIGKILL');
  }

  async dispose(): Promise<void> {
    await this.stop();
    await new Promise<void>((resolve) => (this.log ? this.log.end(resolve) : resolve()));
    this.log = undefined;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone, which is what we wanted.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
