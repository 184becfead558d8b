/**
 * How every connection to Tandem's SQLite file is set up; shared by
 * `openDatabase` and the sync server's writer thread (which runs its files
 * without a bundler, hence a module with no imports).
 *
 * WAL lets readers run beside the single writer, busy_timeout makes a writer
 * wait for another connection's lock instead of failing, and synchronous=FULL
 * makes each commit survive power loss, not only a process crash (group commit
 * keeps that affordable).
 */
export const SQLITE_PRAGMAS =
  'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON';
