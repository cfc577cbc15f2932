// JSON Schema validation with messages a user can act on: every problem, its JSON pointer,
// what was expected, and a did-you-mean for misspelt keys and enum values.
import type { ErrorObject } from 'ajv';
import { didYouMean } from './did-you-mean';
// Precompiled from the schema by `npm run schema` (see validator-source.ts): no schema compiles
// at activation, and no compiler ships in the bundles.
import validate from './generated/validate-experiment';
import type { Problem } from './problems';

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

type Described = Pick<Problem, 'pointer' | 'message' | 'token' | 'suggestion'>;

function messageFor(e: ErrorObject): Described {
  const at = e.instancePath;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperty':
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      const guess = didYouMean(key, known);
      return {
        pointer: `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        message: `unknown property "${key}"${guess ? ` — did you mean "${guess}"?` : ''} (allowed: ${known.join(', ')})`,
        token: 'key',
        ...(guess ? { suggestion: guess } : {}),
      };
    }
    case 'required':
      return { pointer: at, message: `missing required property "${String(p.missingProperty)}"` };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const guess = typeof e.data === 'string' ? didYouMean(e.data, allowed) : null;
      return {
        pointer: at,
        message: `${JSON.stringify(e.data)} is not allowed${guess ? ` — did you mean "${guess}"?` : ''}; expected one of: ${allowed.join(', ')}`,
        ...(guess ? { suggestion: guess } : {}),
      };
    }
    case 'type':
      return { pointer: at, message: `expected ${String(p.type)}, got ${describeType(e.data)}` };
    case 'const':
      return { pointer: at, message: `expected ${JSON.stringify(p.allowedValue)}, got ${describeType(e.data)}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        pointer: at,
        message: `${JSON.stringify(e.data)} is out of range: expected a number ${String(p.comparison)} ${String(p.limit)}`,
      };
    case 'minItems':
      return { pointer: at, message: `expected at least ${String(p.limit)} item(s)` };
    case 'maxItems':
      return { pointer: at, message: `expected at most ${String(p.limit)} item(s)` };
    case 'uniqueItems':
      return { pointer: at, message: `items ${String(p.j)} and ${String(p.i)} are duplicates; expected unique values` };
    case 'minProperties':
      return { pointer: at, message: `expected at least ${String(p.limit)} propert${p.limit === 1 ? 'y' : 'ies'}` };
    case 'minLength':
      return { pointer: at, message: 'expected a non-empty string' };
    case 'pattern':
      return {
        pointer: at,
        message: `${JSON.stringify(e.data)} does not match the expected pattern ${String(p.pattern)}`,
      };
    case 'anyOf': {
      const description = (e.parentSchema as { description?: string }).description;
      return {
        pointer: at,
        message: `${describeType(e.data)} is not a valid value${description ? `. Expected: ${description}` : ''}`,
      };
    }
    default:
      return { pointer: at, message: e.message ?? e.keyword };
  }
}

/**
 * A union (anyOf) makes ajv report every branch's complaint. When exactly one branch accepts
 * the value's type (e.g. the object form of an initializer), its errors are what the user
 * needs; otherwise one summary error for the union says what forms are allowed.
 */
function collapseUnions(errors: ErrorObject[]): ErrorObject[] {
  let result = errors;
  for (const union of errors.filter((e) => e.keyword === 'anyOf')) {
    const prefix = `${union.schemaPath}/`;
    const branchOf = (e: ErrorObject) =>
      e.schemaPath.startsWith(prefix) ? e.schemaPath.slice(prefix.length).split('/')[0] : null;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of result) {
      const b = branchOf(e);
      if (b !== null) branches.set(b, [...(branches.get(b) ?? []), e]);
    }
    const typeMatched = [...branches.values()].filter(
      (errs) =>
        !errs.some(
          (e) =>
            e.instancePath === union.instancePath &&
            (e.keyword === 'type' || e.keyword === 'enum' || e.keyword === 'const'),
        ),
    );
    const keep = typeMatched.length === 1 ? new Set(typeMatched[0]) : new Set([union]);
    result = result.filter((e) => (e === union || branchOf(e) !== null ? keep.has(e) : true));
  }
  return result;
}

export function schemaProblems(data: unknown, file: string): Problem[] {
  if (validate(data)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of collapseUnions(validate.errors ?? [])) {
    const described = messageFor(e);
    const key = `${described.pointer}\n${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ file, ...described, severity: 'error' });
  }
  return problems;
}
