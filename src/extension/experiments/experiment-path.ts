// What makes a file an experiment, without vscode, so pure modules and their tests share it.

export const EXPERIMENT_SUFFIX = '.mnistexp.json';

export function isExperimentPath(file: string): boolean {
  return file.endsWith(EXPERIMENT_SUFFIX);
}
