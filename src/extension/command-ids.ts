// Command ids as package.json declares them; code refers to these, never to string literals.
export const COMMANDS = {
  run: 'mnistLab.runExperiment',
  runQuick: 'mnistLab.runExperimentQuick',
  stop: 'mnistLab.stopRun',
  openResults: 'mnistLab.openResults',
  newExperiment: 'mnistLab.newExperiment',
  openSamples: 'mnistLab.openSamples',
  revealRunFolder: 'mnistLab.revealRunFolder',
  deleteRun: 'mnistLab.deleteRun',
  compareRuns: 'mnistLab.compareRuns',
  exportRun: 'mnistLab.exportRun',
  showLog: 'mnistLab.showOutput',
  refresh: 'mnistLab.refreshExperiments',
  openSymmetryDemo: 'mnistLab.openSymmetryDemo',
  reproduce: 'mnistLab.reproduceCaseStudy',
  installNativeBackend: 'mnistLab.installNativeBackend',
  planSweepForCluster: 'mnistLab.planSweepForCluster',
  mergeTrialRecords: 'mnistLab.mergeTrialRecords',
  showMore: 'mnistLab.showMore',
  getStarted: 'mnistLab.getStarted',
} as const;

export const EXPERIMENTS_VIEW = 'mnistLab.experiments';
/** Context key: true while a run is running or queued (shows Stop Run in the palette). */
export const HAS_ACTIVE_RUNS = 'mnistLab.hasActiveRuns';

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];
