import type { Connection } from './connection';

/** Who caused a change to a room's Y.Doc (the `origin` of its transactions). */
export type TransactionOrigin =
  | { source: 'client'; connection: Connection }
  | { source: 'admin' }
  | { source: 'storage' }
  | { source: 'seed' };
