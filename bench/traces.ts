/**
 * Real editing traces from ../shared/traces (josephg/editing-traces, CC BY 4.0):
 * read in place, never copied into the project.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

export type Patch = [position: number, deleteCount: number, insert: string];

export interface EditingTrace {
  startContent: string;
  endContent: string;
  txns: { patches: Patch[] }[];
}

/**
 * TANDEM_TRACES_DIR, else ../shared/traces beside the checkout, else the
 * workplace's /work/shared/traces (a clone elsewhere, such as CI's fresh clone
 * in /tmp, still replays the real traces instead of skipping them).
 */
export const TRACES_DIR = resolve(
  process.env.TANDEM_TRACES_DIR ??
    [join(import.meta.dirname, '..', '..', 'shared', 'traces'), '/work/shared/traces'].find((dir) => existsSync(dir)) ??
    join(import.meta.dirname, '..', '..', 'shared', 'traces'),
);

export function traceAvailable(name: string): boolean {
  return existsSync(join(TRACES_DIR, `${name}.json.gz`));
}

export function loadTrace(name: string): EditingTrace {
  return JSON.parse(gunzipSync(readFileSync(join(TRACES_DIR, `${name}.json.gz`))).toString('utf8')) as EditingTrace;
}

/** The text after applying the first `count` transactions. */
export function textAfter(trace: EditingTrace, count: number): string {
  let text = trace.startContent;
  for (const txn of trace.txns.slice(0, count)) {
    for (const [position, deleteCount, insert] of txn.patches) {
      text = text.slice(0, position) + insert + text.slice(position + deleteCount);
    }
  }
  return text;
}
