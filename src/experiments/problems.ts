export interface Problem {
  file: string;
  /** JSON pointer (RFC 6901) of the offending value; "" is the whole document. */
  pointer: string;
  message: string;
  severity: 'error' | 'warning';
  /** The token the problem is about: the property's value (default) or its key (unknown keys). */
  token?: 'key' | 'value';
  /** A did-you-mean: the text (a key or a string value) that should replace that token. */
  suggestion?: string;
}

export class ExperimentError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ExperimentError';
  }
}

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.pointer || '/'}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
