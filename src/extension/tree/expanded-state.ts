// Which rows of the Experiments tree the user expanded, kept in the workspace's state so that a
// window reload shows the tree as it was left. VS Code keeps an extension tree's expanded rows
// only while the window lives; after a reload each row starts as its TreeItem says.
import type * as vscode from 'vscode';

const KEY = 'mnistLab.tree.expanded';
/** Enough for any tree a person expands by hand; the oldest are dropped first. */
const MAX_IDS = 500;

export class ExpandedRows {
  private readonly ids: Set<string>;

  constructor(private readonly memento: vscode.Memento) {
    const saved = memento.get<unknown>(KEY);
    this.ids = new Set(Array.isArray(saved) ? saved.filter((x): x is string => typeof x === 'string') : []);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  set(id: string, expanded: boolean): void {
    if (this.ids.has(id) === expanded) return;
    if (expanded) this.ids.add(id);
    else this.ids.delete(id);
    const ids = [...this.ids].slice(-MAX_IDS);
    void this.memento.update(KEY, ids);
  }

  /** Follows a view's expand and collapse events; `idOf` gives the row's TreeItem id. */
  watch<T>(view: vscode.TreeView<T>, idOf: (node: T) => string | undefined): vscode.Disposable[] {
    const follow = (expanded: boolean) => (e: vscode.TreeViewExpansionEvent<T>) => {
      const id = idOf(e.element);
      if (id) this.set(id, expanded);
    };
    return [view.onDidExpandElement(follow(true)), view.onDidCollapseElement(follow(false))];
  }
}
