// Tiny element builder: apps build DOM with textContent only (never innerHTML), so values
// from run.json (labels, names) cannot inject markup.
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, '').toLowerCase(), v as EventListener);
    else if (k === 'class') el.className = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, ...children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element with its attributes and, optionally, its text. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

export function append(el: Element, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** A "label / value" pair in a header facts row; data-fact lets tests find it. */
export function fact(key: string, value: string, id?: string): HTMLElement {
  return h(
    'div',
    { class: 'fact', 'data-fact': id ?? key },
    h('span', { class: 'k' }, key),
    h('span', { class: 'v' }, value),
  );
}

export function root(): HTMLElement {
  const el = document.getElementById('app');
  if (!el) throw new Error('#app missing');
  el.removeAttribute('aria-busy');
  return el;
}

export function showError(message: string): void {
  const el = root();
  clear(el);
  el.append(h('p', { class: 'error', role: 'alert' }, message));
}
