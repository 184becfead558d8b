/**
 * Keeps `npm start`'s processes (the web app and the sync server) running: a
 * child that exits on its own is logged and started again after a backoff
 * (1 s doubling to 30 s; back to 1 s once it has run for a minute), and the
 * other child is left alone. Only `stop()` (Ctrl+C or SIGTERM in start.ts)
 * ends them: SIGTERM each, SIGKILL whatever is still running after a grace period.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ChildSpec {
  /** Shown in the log: "sync server", "web app". */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Default 'inherit': the child's output goes where ours does. */
  stdio?: 'inherit' | 'ignore';
}

export interface SupervisorOptions {
  /** First restart delay; doubled after each crash in a row. Default 1 s. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A child that ran this long before exiting starts again after the initial delay. Default 60 s. */
  stableAfterMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. Default 10 s. */
  killAfterMs?: number;
  log?: (line: string) => void;
}

interface Supervised {
  spec: ChildSpec;
  child: ChildProcess | null;
  startedAt: number;
  crashesInARow: number;
  restartTimer: NodeJS.Timeout | null;
  /** Starts so far (1 = never restarted). */
  starts: number;
}

export class Supervisor {
  private readonly children: Supervised[];
  private stopping: Promise<void> | null = null;
  private readonly options: Required<SupervisorOptions>;

  constructor(specs: readonly ChildSpec[], options: SupervisorOptions = {}) {
    this.options = {
      initialBackoffMs: options.initialBackoffMs ?? 1_000,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      stableAfterMs: options.stableAfterMs ?? 60_000,
      killAfterMs: options.killAfterMs ?? 10_000,
      log: options.log ?? ((line) => console.error(line)),
    };
    this.children = specs.map((spec) => ({
      spec,
      child: null,
      startedAt: 0,
      crashesInARow: 0,
      restartTimer: null,
      starts: 0,
    }));
  }

  start(): void {
    for (const supervised of this.children) this.launch(supervised);
  }

  /** The running process of the child named `name` (null while it waits to restart). */
  current(name: string): ChildProcess | null {
    return this.children.find((supervised) => supervised.spec.name === name)?.child ?? null;
  }

  /** How many times the child named `name` was started. */
  starts(name: string): number {
    return this.children.find((supervised) => supervised.spec.name === name)?.starts ?? 0;
  }

  /** Stops every child (no more restarts); resolves once all have exited. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const exits: Promise<unknown>[] = [];
      for (const supervised of this.children) {
        if (supervised.restartTimer) clearTimeout(supervised.restartTimer);
        supervised.restartTimer = null;
        const child = supervised.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) continue;
        exits.push(new Promise((resolve) => child.once('exit', resolve)));
        child.kill('SIGTERM');
      }
      const force = setTimeout(() => {
        for (const { child } of this.children) {
          if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }
      }, this.options.killAfterMs);
      force.unref();
      await Promise.all(exits);
      clearTimeout(force);
    })();
    return this.stopping;
  }

  private launch(supervised: Supervised): void {
    const { spec } = supervised;
    const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: spec.env, stdio: spec.stdio ?? 'inherit' });
    supervised.child = child;
    supervised.startedAt = Date.now();
    supervised.starts++;
    child.once('error', (error) => this.options.log(`tandem: ${spec.name} could not start: ${error.message}`));
    child.once('exit', (code, signal) => this.exited(supervised, child, code, signal));
  }

  private exited(supervised: Supervised, child: ChildProcess, code: number | null, signal: string | null): void {
    if (supervised.child === child) supervised.child = null;
    if (this.stopping) return;
    const ranFor = Date.now() - supervised.startedAt;
    supervised.crashesInARow = ranFor >= this.options.stableAfterMs ? 1 : supervised.crashesInARow + 1;
    const delay = Math.min(
      this.options.maxBackoffMs,
      this.options.initialBackoffMs * 2 ** (supervised.crashesInARow - 1),
    );
    this.options.log(
      `tandem: ${supervised.spec.name} stopped unexpectedly (code ${code}, signal ${signal}); ` +
        `restarting in ${delay >= 1000 ? `${(delay / 1000).toFixed(1)} s` : `${delay} ms`}`,
    );
    supervised.restartTimer = setTimeout(() => {
      supervised.restartTimer = null;
      if (!this.stopping) this.launch(supervised);
    }, delay);
  }
}
