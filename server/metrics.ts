/**
 * Prometheus metrics. Each server instance owns its Registry (not prom-client's
 * global default) so several servers in one test process never collide.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type RefusalReason =
  | 'bad_room'
  | 'token_missing'
  | 'token_malformed'
  | 'token_expired'
  | 'token_invalid'
  | 'wrong_document'
  | 'access_revoked'
  | 'role_changed'
  | 'document_deleted'
  | 'document_trashed'
  | 'load_failed'
  | 'shutting_down'
  | 'server_full'
  | 'too_many_connections'
  | 'not_found';

export class SyncMetrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({
    name: 'tandem_sync_connections',
    help: 'Open WebSocket connections',
    registers: [this.registry],
  });
  readonly documentsLoaded = new Gauge({
    name: 'tandem_sync_documents_loaded',
    help: 'Documents loaded in memory',
    registers: [this.registry],
  });
  readonly messagesIn = new Counter({
    name: 'tandem_sync_messages_received_total',
    help: 'Messages received from clients',
    registers: [this.registry],
  });
  readonly messagesOut = new Counter({
    name: 'tandem_sync_messages_sent_total',
    help: 'Messages sent to clients',
    registers: [this.registry],
  });
  readonly bytesIn = new Counter({
    name: 'tandem_sync_bytes_received_total',
    help: 'Bytes received from clients',
    registers: [this.registry],
  });
  readonly bytesOut = new Counter({
    name: 'tandem_sync_bytes_sent_total',
    help: 'Bytes sent to clients',
    registers: [this.registry],
  });
  readonly updatesPersisted = new Counter({
    name: 'tandem_sync_updates_persisted_total',
    help: 'Document updates durably committed',
    registers: [this.registry],
  });
  readonly persistFailures = new Counter({
    name: 'tandem_sync_persist_failures_total',
    help: 'Failed commits (retried)',
    registers: [this.registry],
  });
  readonly persistSeconds = new Histogram({
    name: 'tandem_sync_persist_duration_seconds',
    help: 'Time to durably commit one batch of updates',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  readonly compactions = new Counter({
    name: 'tandem_sync_compactions_total',
    help: 'Update log compactions',
    registers: [this.registry],
  });
  readonly updatesUnchanged = new Counter({
    name: 'tandem_sync_updates_unchanged_total',
    help: 'Updates that changed nothing (resends, duplicates): answered as saved, not stored',
    registers: [this.registry],
  });
  readonly compactionFailures = new Counter({
    name: 'tandem_sync_compaction_failures_total',
    help: 'Compactions that failed (retried with backoff: 5 s doubling to 5 min)',
    registers: [this.registry],
  });
  readonly refused = new Counter({
    name: 'tandem_sync_refused_connections_total',
    help: 'Upgrade requests refused, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly closedByServer = new Counter({
    name: 'tandem_sync_connections_closed_total',
    help: 'Connections the server closed, by close code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly busMessages = new Counter({
    name: 'tandem_sync_bus_messages_total',
    help: 'Bus messages published (out) and received from other processes (in), by type',
    labelNames: ['direction', 'type'] as const,
    registers: [this.registry],
  });
  readonly busPublishFailures = new Counter({
    name: 'tandem_sync_bus_publish_failures_total',
    help: 'Bus messages that could not be published (receivers catch up from storage)',
    registers: [this.registry],
  });
  readonly busReconnects = new Counter({
    name: 'tandem_sync_bus_reconnects_total',
    help: 'Reconnections to the bus (each followed by a catch-up of every loaded document)',
    registers: [this.registry],
  });
  readonly busGaps = new Counter({
    name: 'tandem_sync_bus_gaps_total',
    help: 'Bus messages that arrived after a hole in the document sequence',
    registers: [this.registry],
  });
  readonly catchUps = new Counter({
    name: 'tandem_sync_catch_ups_total',
    help: 'Catch-ups from storage, by reason (gap, reference, reconnect, reconcile)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly catchUpRows = new Counter({
    name: 'tandem_sync_catch_up_rows_total',
    help: 'Log rows applied by catch-ups (each one a message the bus lost or carried by reference)',
    registers: [this.registry],
  });
  readonly busLagSeconds = new Histogram({
    name: 'tandem_sync_bus_lag_seconds',
    help: 'From commit on another process to applied here, for updates received over the bus',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly awarenessDropped = new Counter({
    name: 'tandem_sync_awareness_dropped_total',
    help: 'Awareness entries or frames dropped, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly stateEncodes = new Counter({
    name: 'tandem_sync_state_encodes_total',
    help: 'Encodes of document content for sync step 2 (cached per document version and state vector)',
    registers: [this.registry],
  });
  readonly unknownMessages = new Counter({
    name: 'tandem_sync_unknown_messages_total',
    help: 'Messages of a type this server does not know (ignored)',
    registers: [this.registry],
  });
  readonly updatesRefused = new Counter({
    name: 'tandem_sync_updates_refused_total',
    help: 'Updates refused before storage, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  refuse(reason: RefusalReason): void {
    this.refused.inc({ reason });
  }
}
