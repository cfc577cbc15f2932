// The shape of run.json as a JSON Schema (TypeBox), checked by the run reader before any panel,
// tree row or listing touches a record: a hand-edited or truncated record is reported as
// unreadable instead of breaking every reader. The compile-time checks at the bottom keep it
// in step with the RunRecord type in record.ts: a field renamed or retyped there fails the build.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { RUN_FORMAT, type RunRecord } from './record';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Status = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('done'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);

export const EpochRecordSchema = Type.Object({
  epoch: Type.Integer({ minimum: 1 }),
  loss: Type.Number(),
  accuracy: Type.Number(),
  valLoss: Nullable(Type.Number()),
  valAccuracy: Nullable(Type.Number()),
  seconds: Type.Number(),
  samplesPerSecond: Type.Number(),
});

const ClassReportSchema = Type.Object({
  precision: Type.Number(),
  recall: Type.Number(),
  f1: Type.Number(),
  support: Type.Number(),
});

export const TrialResultSchema = Type.Object({
  testLoss: Type.Number(),
  testAccuracy: Type.Number(),
  epochsRun: Type.Integer({ minimum: 0 }),
  bestEpoch: Type.Integer({ minimum: 0 }),
  stoppedEarly: Type.Boolean(),
  confusionMatrix: Type.Array(Type.Array(Type.Number())),
  report: Type.Object({
    classes: Type.Array(Type.Composite([Type.Object({ label: Type.String() }), ClassReportSchema])),
    accuracy: Type.Number(),
    macro: ClassReportSchema,
    weighted: ClassReportSchema,
  }),
  samples: Type.Array(
    Type.Object({
      index: Type.Integer(),
      label: Type.Integer(),
      predicted: Type.Integer(),
      probability: Type.Number(),
      pixels: Type.String(),
    }),
  ),
  trainSeconds: Type.Number(),
  sizes: Type.Object({ train: Type.Integer(), validation: Type.Integer(), test: Type.Integer() }),
  modelPath: Nullable(Type.String()),
  threads: Type.Optional(Type.Integer({ minimum: 1 })),
  inputScaling: Type.Optional(Type.Object({ scale: Type.Number(), offset: Type.Number() })),
});

/** What readers use of a trial's resolved config (the rest is the config as run, kept for the record). */
const TrialConfigSchema = Type.Object({
  data: Type.Object({ classNames: Type.Array(Type.String()) }),
  training: Type.Object({ epochs: Type.Integer({ minimum: 1 }), seed: Type.Optional(Type.Integer({ minimum: 0 })) }),
  configuration: Type.Optional(Type.Integer({ minimum: 0 })),
  repeat: Type.Optional(Type.Integer({ minimum: 0 })),
});

/** Successive halving's place for a trial (record.ts TrialRung). */
const TrialRungSchema = Type.Object({
  rung: Type.Integer({ minimum: -1 }),
  epochs: Type.Integer({ minimum: 0 }),
  state: Type.Union(['waiting', 'running', 'paused', 'stopped', 'completed', 'failed'].map((s) => Type.Literal(s))),
  promotions: Type.Array(Type.Integer({ minimum: 0 })),
  value: Nullable(Type.Number()),
});

/** How the sweep searched (record.ts SearchRecord): the panels index budgets and labels by these. */
const SearchRecordSchema = Type.Object({
  strategy: Type.Union([Type.Literal('grid'), Type.Literal('random')]),
  seed: Nullable(Type.Integer()),
  configurations: Type.Integer({ minimum: 0 }),
  repeats: Type.Integer({ minimum: 1 }),
  halving: Nullable(
    Type.Object({
      minEpochs: Type.Integer({ minimum: 1 }),
      maxEpochs: Type.Integer({ minimum: 1 }),
      eta: Type.Integer({ minimum: 2 }),
      metric: Type.Union([Type.Literal('val_loss'), Type.Literal('val_accuracy')]),
      asynchronous: Type.Boolean(),
      budgets: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1 }),
    }),
  ),
  epochsSpent: Type.Integer({ minimum: 0 }),
  promotions: Type.Array(
    Type.Object({
      configuration: Type.Integer({ minimum: 0 }),
      from: Type.Integer({ minimum: 0 }),
      to: Type.Integer({ minimum: 1 }),
    }),
  ),
  pick: Nullable(Type.Integer({ minimum: 0 })),
});

export const TrialRecordSchema = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  label: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()),
  status: Status,
  config: TrialConfigSchema,
  history: Type.Array(EpochRecordSchema),
  result: Nullable(TrialResultSchema),
  error: Nullable(Type.String()),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  rung: Type.Optional(TrialRungSchema),
});

export const RunRecordSchema = Type.Object({
  format: Type.Literal(RUN_FORMAT),
  id: Type.String({ minLength: 1 }),
  experiment: Type.Object({
    name: Type.String(),
    file: Nullable(Type.String()),
    kind: Type.Union([Type.Literal('binary'), Type.Literal('multiclass'), Type.Literal('backprop')]),
    description: Type.String(),
  }),
  status: Status,
  quick: Type.Boolean(),
  createdAt: Type.String({ minLength: 1 }),
  finishedAt: Nullable(Type.String()),
  backend: Nullable(Type.String()),
  backendNote: Nullable(Type.String()),
  tfjsVersion: Nullable(Type.String()),
  dataset: Nullable(
    Type.Object({
      name: Type.String(),
      dir: Type.String(),
      fingerprint: Type.String(),
      trainCount: Type.Integer(),
      testCount: Type.Integer(),
    }),
  ),
  environment: Type.Object({
    node: Type.String(),
    platform: Type.String(),
    cpus: Type.Number(),
    cpuModel: Type.String(),
    totalMemoryGiB: Type.Number(),
  }),
  source: Type.Unknown(),
  sweepParameters: Type.Array(Type.String()),
  trials: Type.Array(TrialRecordSchema),
  backprop: Nullable(Type.Object({ losses: Type.Array(Type.Number()), steps: Type.Array(Type.Unknown()) })),
  error: Nullable(Type.String()),
  wallSeconds: Nullable(Type.Number()),
  owner: Type.Optional(Type.Object({ pid: Type.Integer({ minimum: 1 }), host: Type.String() })),
  heartbeatAt: Type.Optional(Type.String()),
  sweepPart: Type.Optional(
    Type.Object({
      of: Type.Integer({ minimum: 1 }),
      key: Type.String({ minLength: 1 }),
      quick: Type.Boolean(),
      seed: Nullable(Type.Integer({ minimum: 0 })),
      indexFrom: Type.String(),
    }),
  ),
  search: Type.Optional(SearchRecordSchema),
});

// A record the controller writes must satisfy the schema (every field the schema checks exists
// in the type with a compatible type), and the schema must not demand what the type lacks.
type Assert<T extends true> = T;
export type RecordFitsSchema = Assert<RunRecord extends Static<typeof RunRecordSchema> ? true : false>;
export type SchemaKeysExist = Assert<
  Exclude<keyof Static<typeof RunRecordSchema>, keyof RunRecord> extends never ? true : false
>;
// And every field of the type is checked: an optional field added to RunRecord alone would
// otherwise pass unchecked (extra properties are allowed), and a damaged one reach the readers.
export type TypeKeysChecked = Assert<
  Exclude<keyof RunRecord, keyof Static<typeof RunRecordSchema>> extends never ? true : false
>;
