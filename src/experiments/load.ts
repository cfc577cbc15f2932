// The experiment model's front door: text → problems, file → resolved experiment.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ExperimentFile } from '../core/schema';
import type { ResolvedExperiment } from '../core/experiment';
import { ExperimentError, type Problem } from './problems';
import { schemaProblems } from './schema-check';
import { semanticProblems } from './semantic';
import { resolveExperiment } from './resolve';
import { duplicateKeyPointers, stripBom } from './json-text';

export { ExperimentError, formatProblem, type Problem } from './problems';

function parseJson(text: string, file: string): { data?: unknown; problem?: Problem } {
  try {
    return { data: JSON.parse(text) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /position (\d+)/.exec(message);
    let where = '';
    if (position) {
      const before = text.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      where = ` (line ${line}, column ${Number(position[1]) - before.lastIndexOf('\n')})`;
    }
    return { problem: { file, pointer: '', message: `not valid JSON${where}: ${message}`, severity: 'error' } };
  }
}

/** Every schema and semantic problem of an experiment's text. Never throws. */
export function checkExperimentText(text: string, file: string): Problem[] {
  text = stripBom(text);
  const { data, problem } = parseJson(text, file);
  if (problem) return [problem];
  return problemsOf(text, data, file);
}

/**
 * The same problems, or undefined while the text is not JSON: the editor leaves syntax errors
 * to VS Code's JSON service, which shows where the text breaks.
 */
export function checkParsableExperimentText(text: string, file: string): Problem[] | undefined {
  text = stripBom(text);
  const { data, problem } = parseJson(text, file);
  return problem ? undefined : problemsOf(text, data, file);
}

function problemsOf(text: string, data: unknown, file: string): Problem[] {
  const duplicates = duplicateKeyPointers(text).map((at): Problem => ({
    file,
    pointer: at,
    message: 'this key is written more than once in its object; only the last value would count, so remove the others',
    severity: 'error',
  }));
  const schema = schemaProblems(data, file);
  // Semantic checks read fields by their schema types; on a schema-invalid file they could
  // misfire, so they run only once the shape is right.
  return [...duplicates, ...(schema.length > 0 ? schema : semanticProblems(data as ExperimentFile, file))];
}

export interface LoadedExperiment {
  experiment: ResolvedExperiment;
  source: unknown;
  warnings: Problem[];
}

export function loadExperiment(file: string, options: { quick?: boolean; seed?: number } = {}): LoadedExperiment {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (e) {
    throw new ExperimentError([
      { file: absolute, pointer: '', message: `cannot read the file: ${(e as Error).message}`, severity: 'error' },
    ]);
  }
  const problems = checkExperimentText(text, absolute);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new ExperimentError(errors);
  const source = JSON.parse(stripBom(text)) as ExperimentFile;
  return {
    experiment: resolveExperiment(source, absolute, options),
    source,
    warnings: problems.filter((p) => p.severity === 'warning'),
  };
}
