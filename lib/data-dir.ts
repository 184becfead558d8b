import { join, resolve } from 'node:path';

/** Where Tandem keeps its data: `DATA_DIR`, or `./data` beside where it was started. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : './data');
}

export function databaseFile(dir: string): string {
  return join(dir, 'tandem.db');
}
