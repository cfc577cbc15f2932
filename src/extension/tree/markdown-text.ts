// Text a user wrote (experiment names, descriptions, paths) shown in a Markdown tooltip as text.
// vscode.MarkdownString.appendText turns every space into &nbsp;, so the hover could only break
// a line inside a word ("the f / orward pass"); escaping the Markdown characters instead keeps
// the spaces, and the hover wraps at them.

/** Every ASCII punctuation character, each of which CommonMark lets a backslash escape. */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** `text` as Markdown that renders as exactly that text: no links, images, emphasis or HTML. */
export function markdownText(text: string): string {
  return text.replace(PUNCTUATION, (c) => `\\${c}`);
}
