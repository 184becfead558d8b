/**
 * Who may take over an awareness client id (finding 9 of the hostile-clients
 * issue). A provider whose socket dropped half-open reconnects with the same
 * client id, often with a *refreshed* token (the editor renews it before it
 * expires), while the dead socket still owns the id for up to a heartbeat. So
 * ownership follows what the token grants, not the token's bytes: the same
 * document, the same role and the same name. A viewer can never take over an
 * editor's cursor, nor one name another's. (Issue 9's account id, once tokens
 * carry one, belongs here too.)
 */
import { createHash } from 'node:crypto';
import type { Role } from '../lib/tokens';

export function awarenessPrincipal(doc: string, role: Role, name: string | null): string {
  return createHash('sha256')
    .update(JSON.stringify([doc, role, name]))
    .digest('base64url');
}
