/**
 * The permission tables, written once for both databases: the statements use
 * only types and syntax SQLite and PostgreSQL share (text, bigint, simple
 * constraints), so lib/db/schema.ts (SQLite version 2) and lib/db/postgres.ts
 * (version 2) run the very same list. Times are epoch milliseconds.
 */
export const PERMISSION_TABLES: readonly string[] = [
  'ALTER TABLE documents ADD COLUMN owner_id text',
  "ALTER TABLE documents ADD COLUMN general_access text NOT NULL DEFAULT 'restricted'",
  'ALTER TABLE documents ADD COLUMN link_token text',
  'CREATE UNIQUE INDEX documents_link_token ON documents (link_token)',
  'CREATE INDEX documents_owner ON documents (owner_id, updated_at)',
  `CREATE TABLE document_members (
     doc_id     text NOT NULL,
     user_id    text NOT NULL,
     role       text NOT NULL,
     created_at bigint NOT NULL,
     PRIMARY KEY (doc_id, user_id)
   )`,
  'CREATE INDEX document_members_user ON document_members (user_id)',
  `CREATE TABLE access_requests (
     doc_id     text NOT NULL,
     user_id    text NOT NULL,
     created_at bigint NOT NULL,
     PRIMARY KEY (doc_id, user_id)
   )`,
  `CREATE TABLE document_visits (
     user_id    text NOT NULL,
     doc_id     text NOT NULL,
     visited_at bigint NOT NULL,
     PRIMARY KEY (user_id, doc_id)
   )`,
  `CREATE TABLE invites (
     token        text PRIMARY KEY,
     created_by   text NOT NULL,
     email_domain text,
     created_at   bigint NOT NULL,
     expires_at   bigint NOT NULL,
     revoked      bigint NOT NULL DEFAULT 0
   )`,
  `CREATE TABLE instance_settings (
     key   text PRIMARY KEY,
     value text NOT NULL
   )`,
];
