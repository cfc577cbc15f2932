// The sweep table's filter: `activation=relu lr<0.01 seed!=43` compares fields by value, any
// other word must appear in the row's text. One rule for the table and every chart beside it.

export interface FilterTerm {
  field: string | null;
  op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'text';
  value: string;
}

export interface ParsedFilter {
  terms: FilterTerm[];
  /** Terms naming an unknown field, for the panel to say so (they match nothing). */
  errors: string[];
}

// Short names people type for the swept settings.
const ALIASES: Record<string, string> = {
  lr: 'learningrate',
  batch: 'batchsize',
  bs: 'batchsize',
  init: 'initializer',
  act: 'activation',
};

/** "training.learningRate" and "learning rate" both answer to "learningrate" (and "lr"). */
export const fieldKey = (name: string) => {
  const k = name.replace(/^.*\./, '').replace(/\s+/g, '').toLowerCase();
  return ALIASES[k] ?? k;
};

export function parseFilter(text: string, fields: readonly string[]): ParsedFilter {
  const known = new Set(fields.map(fieldKey));
  const terms: FilterTerm[] = [];
  const errors: string[] = [];
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const m = /^([A-Za-z][\w.]*)(!=|<=|>=|=|<|>)(.*)$/.exec(word);
    if (!m) {
      terms.push({ field: null, op: 'text', value: word.toLowerCase() });
      continue;
    }
    const field = fieldKey(m[1]);
    if (!known.has(field)) errors.push(`no field "${m[1]}" (filter by ${fields.join(', ')})`);
    terms.push({ field, op: m[2] as FilterTerm['op'], value: m[3] });
  }
  return { terms, errors };
}

function compare(actual: unknown, op: FilterTerm['op'], wanted: string): boolean {
  const n = Number(wanted);
  if (typeof actual === 'number' && wanted.trim() !== '' && Number.isFinite(n)) {
    switch (op) {
      case '=':
        return actual === n;
      case '!=':
        return actual !== n;
      case '<':
        return actual < n;
      case '<=':
        return actual <= n;
      case '>':
        return actual > n;
      case '>=':
        return actual >= n;
    }
  }
  const text = actual === null || actual === undefined ? '' : String(actual).toLowerCase();
  const w = wanted.toLowerCase();
  if (op === '=') return text === w;
  if (op === '!=') return text !== w;
  return false;
}

/**
 * Whether a row passes every term. `values` holds the row's fields by name (numbers stay
 * numbers, so `lr<0.01` compares values, not text); `text` is what plain words search.
 */
export function matchesTerms(filter: ParsedFilter, values: Readonly<Record<string, unknown>>, text: string): boolean {
  const byKey = new Map(Object.entries(values).map(([k, v]) => [fieldKey(k), v]));
  const hay = text.toLowerCase();
  return filter.terms.every((t) =>
    t.op === 'text' ? hay.includes(t.value) : byKey.has(t.field!) && compare(byKey.get(t.field!), t.op, t.value),
  );
}
