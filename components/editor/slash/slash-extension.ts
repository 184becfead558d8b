import { Extension } from '@tiptap/core';
import { PluginKey } from '@tiptap/pm/state';
import { Suggestion, type SuggestionKeyDownProps, type SuggestionProps } from '@tiptap/suggestion';
import { filterSlashItems, type SlashItem } from './slash-items';

export interface SlashMenuState {
  open: boolean;
  items: SlashItem[];
  selected: number;
  rect: DOMRect | null;
}

/**
 * Bridges the suggestion plugin (which lives outside React) to the menu
 * component: the plugin writes here, the component subscribes with
 * useSyncExternalStore. One store per editor.
 */
export class SlashMenuStore {
  private state: SlashMenuState = { open: false, items: [], selected: 0, rect: null };
  private readonly listeners = new Set<() => void>();
  private command: ((item: SlashItem) => void) | null = null;

  getSnapshot = (): SlashMenuState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(next: Partial<SlashMenuState>): void {
    this.state = { ...this.state, ...next };
    for (const listener of this.listeners) listener();
  }

  show(props: SuggestionProps<SlashItem, SlashItem>): void {
    this.command = props.command;
    const selected = this.state.open ? Math.min(this.state.selected, Math.max(0, props.items.length - 1)) : 0;
    this.set({ open: true, items: props.items, selected, rect: props.clientRect?.() ?? null });
  }

  hide(): void {
    this.command = null;
    this.set({ open: false, items: [], selected: 0 });
  }

  choose(index: number = this.state.selected): void {
    const item = this.state.items[index];
    if (item) this.command?.(item);
  }

  /** Arrow keys move, Enter or Tab chooses, Escape closes; everything else is typing. */
  onKeyDown({ event }: SuggestionKeyDownProps): boolean {
    const count = this.state.items.length;
    if (!this.state.open) return false;
    if (event.key === 'Escape') {
      this.hide();
      return true;
    }
    if (count === 0) return false;
    if (event.key === 'ArrowDown') this.set({ selected: (this.state.selected + 1) % count });
    else if (event.key === 'ArrowUp') this.set({ selected: (this.state.selected - 1 + count) % count });
    else if (event.key === 'Enter' || event.key === 'Tab') this.choose();
    else return false;
    return true;
  }
}

export interface SlashCommandOptions {
  store: SlashMenuStore;
  /** "Image": the page opens its file picker (the typed "/image" is already gone). */
  onImage: () => void;
}

export const slashPluginKey = new PluginKey('tandemSlash');

/** "/" at the start of an empty line opens the block menu (headings, lists, table, image…). */
export const SlashCommand = Extension.create<SlashCommandOptions>({
  name: 'tandemSlash',

  addOptions() {
    return { store: new SlashMenuStore(), onImage: () => {} };
  },

  addProseMirrorPlugins() {
    const { store, onImage } = this.options;
    return [
      Suggestion<SlashItem, SlashItem>({
        editor: this.editor,
        pluginKey: slashPluginKey,
        char: '/',
        startOfLine: true,
        allowSpaces: false,
        items: ({ query }) => filterSlashItems(query),
        command: ({ editor, range, props: item }) => {
          const chain = editor.chain().focus().deleteRange(range);
          if (item.run) item.run(chain).run();
          else {
            chain.run();
            onImage();
          }
        },
        render: () => ({
          onStart: (props) => store.show(props),
          onUpdate: (props) => store.show(props),
          onKeyDown: (props) => store.onKeyDown(props),
          onExit: () => store.hide(),
        }),
      }),
    ];
  },
});
