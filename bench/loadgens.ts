/** Starts load generators (bench/loadgen.ts) as child processes and steps them through a job. */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { Job, LoadgenEvent, LoadgenResult } from './loadgen-protocol';

export class Loadgen {
  private readonly events: LoadgenEvent[] = [];
  private waiter: (() => void) | null = null;
  private exited = false;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (event: LoadgenEvent) => {
      this.events.push(event);
      this.waiter?.();
    });
    child.once('exit', () => {
      this.exited = true;
      this.waiter?.();
    });
  }

  /** Forks a generator, hands it `job` and resolves once its clients are open. */
  static async start(job: Job): Promise<Loadgen> {
    const child = fork(join(import.meta.dirname, 'loadgen.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const loadgen = new Loadgen(child);
    child.send(job);
    await loadgen.next('ready');
    return loadgen;
  }

  private async next(kind: 'ready' | 'result'): Promise<LoadgenEvent> {
    for (;;) {
      const event = this.events.shift();
      if (event?.ev === 'error') throw new Error(`load generator failed: ${event.message}`);
      if (event?.ev === kind) return event;
      if (event) continue;
      if (this.exited) throw new Error('load generator exited early');
      await new Promise<void>((done) => {
        this.waiter = done;
      });
      this.waiter = null;
    }
  }

  /** Starts the measured part; resolves with what the generator measured. */
  async run(durationMs = 0): Promise<LoadgenResult> {
    this.child.send({ cmd: 'go', durationMs });
    const event = await this.next('result');
    return event.ev === 'result' ? event.result : {};
  }

  /** Lets the generator close its clients and exit. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.send({ cmd: 'exit' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Starts every job's generator at once (each its own process). */
export function startAll(jobs: readonly Job[]): Promise<Loadgen[]> {
  return Promise.all(jobs.map((job) => Loadgen.start(job)));
}

export async function stopAll(loadgens: readonly Loadgen[]): Promise<void> {
  await Promise.all(loadgens.map((loadgen) => loadgen.stop()));
}
