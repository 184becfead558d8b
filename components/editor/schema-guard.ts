// biome-ignore-all lint/suspicious/noExplicitAny: Yjs types are parameterised by their event type, which this walk never reads.
import type { Schema } from '@tiptap/pm/model';
import * as Y from 'yjs';

/**
 * Bumped whenever a release adds a node, a mark or an attribute that older
 * releases would not understand. A document remembers the highest version
 * that wrote to it (`meta.schemaVersion`); a tab running an older release
 * then opens it read-only and asks for a reload instead of editing it.
 */
export const SCHEMA_VERSION = 2;

export const META_FIELD = 'meta';
export const SCHEMA_VERSION_KEY = 'schemaVersion';

export function documentSchemaVersion(doc: Y.Doc): number {
  const value = doc.getMap(META_FIELD).get(SCHEMA_VERSION_KEY);
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Records that this release has written to the document (never lowers it). */
export function stampSchemaVersion(doc: Y.Doc, origin?: unknown): void {
  if (documentSchemaVersion(doc) >= SCHEMA_VERSION) return;
  doc.transact(() => doc.getMap(META_FIELD).set(SCHEMA_VERSION_KEY, SCHEMA_VERSION), origin);
}

/**
 * What y-tiptap would have to drop to show this content: it *deletes* a node
 * or text run from the shared document when the schema cannot build it (an
 * unknown node type or mark), and removes attributes it does not know on the
 * next edit of that node. Returns a description of the first such thing, or null.
 */
export function findUnknownContent(types: Iterable<Y.AbstractType<any>>, schema: Schema): string | null {
  const stack = [...types];
  while (stack.length > 0) {
    const type = stack.pop()!;
    if (type instanceof Y.XmlElement) {
      const nodeType = schema.nodes[type.nodeName];
      if (!nodeType) return `node "${type.nodeName}"`;
      const known = nodeType.spec.attrs ?? {};
      for (const name of Object.keys(type.getAttributes())) {
        // y-prosemirror keeps the rendering-only `ychange` attribute of snapshots; never stored by editors.
        if (!(name in known) && name !== 'ychange') return `attribute "${name}" on "${type.nodeName}"`;
      }
    }
    if (type instanceof Y.XmlText) {
      for (const run of type.toDelta() as Array<{ attributes?: Record<string, unknown> }>) {
        for (const name of Object.keys(run.attributes ?? {})) {
          // Overlapping marks of one type are stored as `name--hash`.
          const markName = name.split('--')[0]!;
          if (!schema.marks[markName] && markName !== 'ychange') return `mark "${markName}"`;
        }
      }
    }
    if (type instanceof Y.XmlElement || type instanceof Y.XmlFragment) {
      for (const child of type.toArray()) stack.push(child as Y.AbstractType<any>);
    }
  }
  return null;
}

/**
 * Watches a session's document for content this release cannot show, *before*
 * the editor's binding sees it (`beforeObserverCalls` runs ahead of every
 * observer), and calls `onMismatch` once. The caller must then stop sending:
 * the binding is about to delete what it cannot build, and that deletion must
 * stay in this tab.
 */
export function watchForUnknownContent(
  doc: Y.Doc,
  fragment: Y.XmlFragment,
  schema: Schema,
  onMismatch: (reason: string) => void,
): () => void {
  let reported = false;
  const report = (reason: string) => {
    if (reported) return;
    reported = true;
    onMismatch(reason);
  };
  const check = (transaction: Y.Transaction) => {
    if (reported) return;
    if (documentSchemaVersion(doc) > SCHEMA_VERSION) return report('a newer schema version');
    const changed: Y.AbstractType<any>[] = [];
    for (const type of transaction.changed.keys()) {
      if (isInside(type, fragment)) changed.push(type as Y.AbstractType<any>);
    }
    const unknown = changed.length > 0 ? findUnknownContent(changed, schema) : null;
    if (unknown) report(unknown);
  };
  doc.on('beforeObserverCalls', check);
  return () => doc.off('beforeObserverCalls', check);
}

/** Whether the document as it stands can be shown and edited by this release. */
export function checkDocument(doc: Y.Doc, fragment: Y.XmlFragment, schema: Schema): string | null {
  if (documentSchemaVersion(doc) > SCHEMA_VERSION) return 'a newer schema version';
  return findUnknownContent([fragment as Y.AbstractType<any>], schema);
}

function isInside(type: Y.AbstractType<any>, root: Y.XmlFragment): boolean {
  let current: Y.AbstractType<any> | null = type;
  while (current !== null) {
    if (current === (root as Y.AbstractType<any>)) return true;
    current = (current._item?.parent as Y.AbstractType<any> | undefined) ?? null;
  }
  return false;
}
