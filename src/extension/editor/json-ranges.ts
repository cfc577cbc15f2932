// Maps an engine problem's JSON pointer to the text it is about, so a diagnostic underlines the
// offending value (or the key of a missing/unknown property) instead of the whole file.
import { findNodeAtLocation, parseTree, type Node, type ParseError } from '../experiments/jsonc';

export interface OffsetRange {
  start: number;
  end: number;
}

function decodePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Walks as deep as the pointer exists: a pointer to a missing property lands on its parent. */
function deepestNode(root: Node, segments: string[]): Node {
  let node = root;
  for (const segment of segments) {
    const key: string | number = node.type === 'array' ? Number(segment) : segment;
    const child = findNodeAtLocation(node, [key]);
    if (!child) break;
    node = child;
  }
  return node;
}

/**
 * Objects and arrays span many lines; underlining all of them hides the problem, so for those
 * the range is the property key that holds them (or their opening bracket for the root).
 */
function compactRange(node: Node): OffsetRange {
  if (node.type === 'object' || node.type === 'array') {
    const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    if (key) return { start: key.offset, end: key.offset + key.length };
    return { start: node.offset, end: node.offset + 1 };
  }
  return { start: node.offset, end: node.offset + node.length };
}

/** The key of the property holding `node` (when there is one). */
function keyRange(node: Node): OffsetRange | undefined {
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return key && key !== node ? { start: key.offset, end: key.offset + key.length } : undefined;
}

/** `token: 'key'` asks for the property's key (an unknown key is the mistake, not its value). */
export function rangeOfPointer(text: string, pointer: string, token: 'key' | 'value' = 'value'): OffsetRange {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  // A syntax error's problem has the empty pointer; the parser knows where the text broke.
  if (errors.length > 0 && (pointer === '' || !root)) {
    const first = errors[0]!;
    return { start: first.offset, end: first.offset + Math.max(first.length, 1) };
  }
  if (!root) return { start: 0, end: Math.min(1, text.length) };
  const node = deepestNode(root, decodePointer(pointer));
  return (token === 'key' ? keyRange(node) : undefined) ?? compactRange(node);
}
