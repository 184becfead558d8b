import 'server-only';
import { accessChangedOnSyncServer } from '../sync-admin';

/** Best effort (see accessChangedOnSyncServer): a failed nudge is logged, never undoes the change. */
export async function notifyAccessChanged(docId: string): Promise<void> {
  try {
    await accessChangedOnSyncServer(docId);
  } catch (error) {
    console.warn('[permissions] could not tell the sync server about an access change', docId, error);
  }
}
