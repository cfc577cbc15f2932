// The text-level checks JSON.parse does not make: a UTF-8 byte order mark (editors save it and
// VS Code shows such a file as valid) and keys written twice in one object (JSON.parse keeps
// the last silently, so a user editing the first would see no effect).
import { pointer } from './problems';

const BOM = '\ufeff';

export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

type Frame =
  | { kind: 'object'; pointer: string; keys: Set<string>; key: string; awaitingKey: boolean }
  | { kind: 'array'; pointer: string; index: number };

/** JSON pointers of every repeated key (the later occurrences) in text that JSON.parse accepts. */
export function duplicateKeyPointers(text: string): string[] {
  const found: string[] = [];
  const stack: Frame[] = [];
  const child = (): string => {
    const top = stack.at(-1);
    if (!top) return '';
    return top.kind === 'object' ? top.pointer + pointer(top.key) : top.pointer + pointer(top.index);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (top?.kind === 'object' && top.awaitingKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) found.push(top.pointer + pointer(key));
        top.keys.add(key);
        top.key = key;
        top.awaitingKey = false;
      }
      i = j;
    } else if (c === '{') stack.push({ kind: 'object', pointer: child(), keys: new Set(), key: '', awaitingKey: true });
    else if (c === '[') stack.push({ kind: 'array', pointer: child(), index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'object') top.awaitingKey = true;
      else if (top) top.index++;
    }
  }
  return found;
}
