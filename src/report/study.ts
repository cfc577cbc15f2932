// The case study's own reported numbers (../shared/case-study.md): the reference our runs
// are compared with. These are citations, not results; every "ours" figure comes from a run.
export const STUDY = {
  binary: { testAccuracy: 0.9909, testLoss: 0.0252 },
  initActivation: { bestInitializer: 'randomNormal', bestActivation: 'relu', bestAccuracy: 0.993 },
  multiclass: { testAccuracy: 0.9746, lowestRecallDigit: '5', lowestF1Digit: '9' },
  batchLr: { bestBatchSize: 16, bestLearningRate: 0.001 },
  /** Keras 3 / TensorFlow 2.21 CPU with the study's settings, measured on the project's 2-core machines. */
  kerasOnThisMachine: { binary: [0.986, 0.988], multiclass: [0.971, 0.974] },
} as const;
