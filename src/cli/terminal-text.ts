// Names, labels and messages come from files anyone can write. Printed raw, an escape sequence
// in an experiment name could rewrite the terminal (move the cursor, retitle the window, fake
// output); shown escaped, it is just odd text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The text with every control character (but newline and tab) shown as \xNN / \uNNNN. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
