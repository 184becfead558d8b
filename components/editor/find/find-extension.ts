import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { type FindOptions, findMatches, type Match } from './find-matches';

export interface FindState extends FindOptions {
  matches: Match[];
  /** Index of the current match, -1 when there is none. */
  current: number;
}

export const findPluginKey = new PluginKey<FindState>('tandemFind');

const EMPTY: FindState = { query: '', matchCase: false, wholeWord: false, matches: [], current: -1 };

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    tandemFind: {
      setFind: (options: FindOptions) => ReturnType;
      clearFind: () => ReturnType;
      findNext: () => ReturnType;
      findPrevious: () => ReturnType;
      replaceCurrent: (replacement: string) => ReturnType;
      replaceAll: (replacement: string) => ReturnType;
    };
  }
}

/** The match nearest after `pos`, wrapping to the first. */
function nearest(matches: Match[], pos: number): number {
  if (matches.length === 0) return -1;
  const index = matches.findIndex((match) => match.from >= pos);
  return index === -1 ? 0 : index;
}

/**
 * Find and replace. Matches are recomputed on every document change (other
 * people's edits included) and shown as decorations. Replace all is one
 * transaction, so it is one step of this person's undo history, and, being
 * ordinary edits to the shared document, it merges with what others type
 * meanwhile.
 */
export const FindExtension = Extension.create({
  name: 'tandemFind',

  addCommands() {
    const select = (index: number) => (state: FindState) => ({ ...state, current: index });
    return {
      setFind:
        (options) =>
        ({ tr, state, dispatch }) => {
          const matches = findMatches(state.doc, options);
          dispatch?.(
            tr.setMeta(findPluginKey, { ...options, matches, current: nearest(matches, state.selection.from) }),
          );
          return true;
        },
      clearFind:
        () =>
        ({ tr, dispatch }) => {
          dispatch?.(tr.setMeta(findPluginKey, EMPTY));
          return true;
        },
      findNext:
        () =>
        ({ tr, state, dispatch }) => {
          const find = findPluginKey.getState(state) ?? EMPTY;
          if (find.matches.length === 0) return false;
          const next = select((find.current + 1) % find.matches.length)(find);
          const match = next.matches[next.current]!;
          dispatch?.(
            tr
              .setMeta(findPluginKey, next)
              .setSelection(TextSelection.create(tr.doc, match.from, match.to))
              .scrollIntoView(),
          );
          return true;
        },
      findPrevious:
        () =>
        ({ tr, state, dispatch }) => {
          const find = findPluginKey.getState(state) ?? EMPTY;
          if (find.matches.length === 0) return false;
          const previous = select((find.current - 1 + find.matches.length) % find.matches.length)(find);
          const match = previous.matches[previous.current]!;
          dispatch?.(
            tr
              .setMeta(findPluginKey, previous)
              .setSelection(TextSelection.create(tr.doc, match.from, match.to))
              .scrollIntoView(),
          );
          return true;
        },
      replaceCurrent:
        (replacement) =>
        ({ tr, state, dispatch }) => {
          const find = findPluginKey.getState(state) ?? EMPTY;
          const match = find.matches[find.current];
          if (!match || !state.doc.textBetween(match.from, match.to)) return false;
          if (dispatch) {
            if (replacement === '') tr.delete(match.from, match.to);
            else tr.insertText(replacement, match.from, match.to);
            dispatch(tr);
          }
          return true;
        },
      replaceAll:
        (replacement) =>
        ({ tr, state, dispatch }) => {
          const find = findPluginKey.getState(state) ?? EMPTY;
          if (find.matches.length === 0) return false;
          if (dispatch) {
            // Back to front, so earlier positions stay valid; one transaction, one undo step.
            for (const match of [...find.matches].reverse()) {
              if (replacement === '') tr.delete(match.from, match.to);
              else tr.insertText(replacement, match.from, match.to);
            }
            dispatch(tr);
          }
          return true;
        },
    };
  },

  addProseMirrorPlugins() {
    return [
      new Plugin<FindState>({
        key: findPluginKey,
        state: {
          init: () => EMPTY,
          apply(tr, value, _old, newState) {
            const meta = tr.getMeta(findPluginKey) as FindState | undefined;
            if (meta) return meta;
            if (!tr.docChanged || value.query === '') return value;
            // The text changed (here or anyone's edit): search again, keeping the current match near where it was.
            const matches = findMatches(newState.doc, value);
            const anchor = value.matches[value.current];
            const current = anchor ? nearest(matches, tr.mapping.map(anchor.from)) : matches.length > 0 ? 0 : -1;
            return { ...value, matches, current };
          },
        },
        props: {
          decorations(state) {
            const find = findPluginKey.getState(state);
            if (!find || find.matches.length === 0) return DecorationSet.empty;
            return DecorationSet.create(
              state.doc,
              find.matches.map((match, index) =>
                Decoration.inline(match.from, match.to, {
                  class: index === find.current ? 'tandem-find-match tandem-find-match--current' : 'tandem-find-match',
                }),
              ),
            );
          },
        },
      }),
    ];
  },
});
