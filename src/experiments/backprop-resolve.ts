// Defaults and semantic checks of the `backprop` section. Shape problems (a missing weight,
// an unknown name, a duplicated list entry) are the JSON Schema's job; these are the checks
// that need the values themselves. The study's parity rule lives here too.
import { STUDY_EXAMPLE_STUDENT_ID } from '../core/case-study';
import type { ResolvedBackprop } from '../core/experiment';
import type { BackpropSection } from '../core/schema';
import { forward, HIDDEN_NEURONS, PARAMS } from '../core/backprop-walkthrough';
import { BACKPROP_DEFAULTS } from '../core/defaults';

/** Pointer relative to the `backprop` section ("/inputs/0"); the caller prefixes "/backprop". */
export interface BackpropProblem {
  pointer: string;
  message: string;
  severity: 'error' | 'warning';
}

type UpdateSpec = NonNullable<BackpropSection['update']>;
type ParityRule = Extract<UpdateSpec, { studentId: string }>;

export interface ParityChoice {
  digit: number;
  parity: 'even' | 'odd';
  list: string[];
}

/** The assignment's rule: the last digit of the student ID picks the even or the odd list. */
export function parityChoice(rule: ParityRule): ParityChoice {
  const last = rule.studentId.trim().slice(-1);
  const digit = Number(last);
  if (!/^[0-9]$/.test(last)) throw new Error(`backprop.update.studentId "${rule.studentId}" must end in a digit 0–9`);
  const parity = digit % 2 === 0 ? 'even' : 'odd';
  return { digit, parity, list: [...rule[parity]] };
}

// Canonical order (w1…w9, b1…bOut) so tables and records read the same whatever order the
// user listed the names in.
const inCanonicalOrder = (names: readonly string[]): string[] => PARAMS.filter((p) => names.includes(p));

function resolveUpdate(update: UpdateSpec | undefined): { update: string[]; updateReason: string } {
  if (update === undefined || update === 'all') {
    return { update: [...PARAMS], updateReason: update === undefined ? 'all parameters (default)' : 'all parameters' };
  }
  if (Array.isArray(update))
    return { update: inCanonicalOrder(update), updateReason: 'the parameters listed in "update"' };
  const choice = parityChoice(update);
  return {
    update: inCanonicalOrder(choice.list),
    updateReason: `parity rule: ${update.studentId.trim() === STUDY_EXAMPLE_STUDENT_ID ? "the study's example student ID" : 'student ID'} ${update.studentId} ends in ${choice.digit}, which is ${choice.parity} → the "${choice.parity}" list`,
  };
}

export function resolveBackprop(section: BackpropSection): ResolvedBackprop {
  const b = section.biases ?? {};
  return {
    inputs: [section.inputs[0], section.inputs[1]],
    target: section.target,
    weights: { ...section.weights },
    biases: {
      b1: b.b1 ?? BACKPROP_DEFAULTS.bias,
      b2: b.b2 ?? BACKPROP_DEFAULTS.bias,
      b3: b.b3 ?? BACKPROP_DEFAULTS.bias,
      bOut: b.bOut ?? BACKPROP_DEFAULTS.bias,
    },
    learningRate: section.learningRate ?? BACKPROP_DEFAULTS.learningRate,
    steps: section.steps ?? BACKPROP_DEFAULTS.steps,
    hiddenActivation: section.hiddenActivation ?? BACKPROP_DEFAULTS.hiddenActivation,
    outputActivation: section.outputActivation ?? BACKPROP_DEFAULTS.outputActivation,
    loss: section.loss ?? BACKPROP_DEFAULTS.loss,
    ...resolveUpdate(section.update),
    source: section,
  };
}

function numberProblems(section: BackpropSection): BackpropProblem[] {
  const problems: BackpropProblem[] = [];
  const finite = (pointer: string, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      problems.push({
        pointer,
        message: `${String(value)} is not a finite number; expected an ordinary number such as 0.5`,
        severity: 'error',
      });
    }
  };
  section.inputs.forEach((x, i) => finite(`/inputs/${i}`, x));
  finite('/target', section.target);
  for (const [name, w] of Object.entries(section.weights)) finite(`/weights/${name}`, w);
  for (const [name, v] of Object.entries(section.biases ?? {})) finite(`/biases/${name}`, v);
  finite('/learningRate', section.learningRate);
  return problems;
}

function listProblems(list: readonly string[], pointer: string): BackpropProblem[] {
  if (list.length === 0) {
    return [
      { pointer, message: 'selects no parameter; expected at least one of ' + PARAMS.join(', '), severity: 'error' },
    ];
  }
  const seen = new Map<string, number>();
  const problems: BackpropProblem[] = [];
  list.forEach((name, i) => {
    const first = seen.get(name);
    if (first !== undefined) {
      problems.push({
        pointer: `${pointer}/${i}`,
        message: `"${name}" is listed twice (also at index ${first}); expected each parameter once`,
        severity: 'error',
      });
    } else seen.set(name, i);
  });
  return problems;
}

function updateProblems(update: UpdateSpec | undefined): BackpropProblem[] {
  if (update === undefined || update === 'all') return [];
  if (Array.isArray(update)) return listProblems(update, '/update');
  const problems = [...listProblems(update.even, '/update/even'), ...listProblems(update.odd, '/update/odd')];
  if (!/[0-9]$/.test(update.studentId.trim())) {
    problems.push({
      pointer: '/update/studentId',
      message: `"${update.studentId}" does not end in a digit; expected an ID whose last character is 0–9`,
      severity: 'error',
    });
  }
  const same = inCanonicalOrder(update.even).join() === inCanonicalOrder(update.odd).join();
  if (same && problems.length === 0) {
    problems.push({
      pointer: '/update',
      message: 'the "even" and "odd" lists select the same parameters, so the student ID makes no difference',
      severity: 'warning',
    });
  }
  return problems;
}

function targetProblems(section: BackpropSection): BackpropProblem[] {
  const loss = section.loss ?? BACKPROP_DEFAULTS.loss;
  const output = section.outputActivation ?? BACKPROP_DEFAULTS.outputActivation;
  const y = section.target;
  if (loss === 'bce' && output !== 'sigmoid') {
    // ln(ŷ) and ln(1 − ŷ) need 0 < ŷ < 1, which only the sigmoid guarantees.
    return [
      {
        pointer: '/loss',
        message: `"bce" needs outputActivation "sigmoid" (got "${output}"): cross-entropy takes ln ŷ and ln(1 − ŷ); expected "mse" or a sigmoid output`,
        severity: 'error',
      },
    ];
  }
  if (!Number.isFinite(y) || (y >= 0 && y <= 1)) return [];
  if (loss === 'bce') {
    return [
      {
        pointer: '/target',
        message: `${y} is not a probability; binary cross-entropy expects a target between 0 and 1`,
        severity: 'error',
      },
    ];
  }
  if (output === 'sigmoid') {
    return [
      {
        pointer: '/target',
        message: `${y} lies outside (0, 1), which a sigmoid output can never reach; expected a target between 0 and 1`,
        severity: 'warning',
      },
    ];
  }
  return [];
}

/** Parameters chosen for update that get a zero gradient because their ReLU neuron is dead. */
function deadNeuronProblems(section: BackpropSection): BackpropProblem[] {
  if (numberProblems(section).length > 0) return [];
  const cfg = resolveBackprop(section);
  if (cfg.hiddenActivation !== 'relu') return [];
  const pass = forward(cfg);
  const problems: BackpropProblem[] = [];
  HIDDEN_NEURONS.forEach(({ neuron, weights, bias }, i) => {
    if (!pass.hidden[i].dead) return;
    const frozen = [...weights, bias].filter((p) => cfg.update.includes(p));
    if (frozen.length === 0) return;
    problems.push({
      pointer: '/weights',
      message: `hidden neuron ${neuron} starts dead (z${i + 1} = ${pass.hidden[i].z.toPrecision(4)} ≤ 0, ReLU derivative 0): ${frozen.join(', ')} will get a zero gradient and not change`,
      severity: 'warning',
    });
  });
  return problems;
}

export function checkBackprop(section: BackpropSection): BackpropProblem[] {
  const problems = [...numberProblems(section), ...updateProblems(section.update), ...targetProblems(section)];
  if (problems.some((p) => p.severity === 'error')) return problems;
  return [...problems, ...deadNeuronProblems(section)];
}
