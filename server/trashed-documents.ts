/**
 * Documents the web app moved to the trash (admin `PUT /admin/docs/:id/trashed`).
 * The web app stops minting tokens for a trashed document, but a token minted
 * before stays valid for up to its lifetime: until the document is restored
 * (`DELETE /admin/docs/:id/trashed`) this process refuses every connection to it.
 *
 * In memory, per process: after a restart only the web app's refusal to mint
 * tokens stands (tokens live 15 minutes at most).
 */
export class TrashedDocuments {
  private readonly trashed = new Set<string>();

  trash(doc: string): void {
    this.trashed.add(doc);
  }

  restore(doc: string): void {
    this.trashed.delete(doc);
  }

  has(doc: string): boolean {
    return this.trashed.has(doc);
  }
}
