/**
 * SYNC_SQLITE_WRITER=thread: the sync, durability and commit-order suites
 * again, with every SQLite write on the writer thread (the other files run the
 * default, commits on the event loop).
 */
import { serverDefaults } from './helpers';

serverDefaults.sqliteWriter = 'thread';
await import('./sync.test');
await import('./durability.test');
await import('./commit-order.test');
