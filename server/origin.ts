import type { Connection } from './connection';

/** Who caused a change to a room's Y.Doc (the `origin` of its transactions). */
export type TransactionOrigin =
  | { source: 'client'; connection: Connection }
  | { source: 'admin' }
  | { source: 'storage' }
  | { source: 'seed' }
  /** Committed by another process, received over the bus. */
  | { source: 'bus' }
  /** Committed by another process, read back from storage after a missed bus message. */
  | { source: 'catch-up' };
