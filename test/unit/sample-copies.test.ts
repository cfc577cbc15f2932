import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uncopiedSamples, uniqueExperimentName, workspaceCopyOf } from '../../src/extension/experiments/sample-copies';

test('bundled samples the workspace has copied (same name) are not listed again', () => {
  const bundled = [
    { file: '/ext/samples/a.mnistexp.json', name: 'Ten digits' },
    { file: '/ext/samples/b.mnistexp.json', name: 'Binary 5 vs 8' },
  ];
  const workspace = [{ file: '/ws/mnist-lab-samples/a.mnistexp.json', name: 'Ten digits' }];
  assert.deepEqual(
    uncopiedSamples(bundled, workspace).map((b) => b.name),
    ['Binary 5 vs 8'],
  );
  assert.deepEqual(uncopiedSamples(bundled, []), bundled);
});

test('a new experiment gets the first name nobody uses', () => {
  assert.equal(uniqueExperimentName('Ten digits', []), 'Ten digits');
  assert.equal(uniqueExperimentName('Ten digits', ['Ten digits']), 'Ten digits (2)');
  assert.equal(uniqueExperimentName('Ten digits', ['Ten digits', 'ten digits (2)']), 'Ten digits (3)');
  assert.equal(
    uniqueExperimentName('Backprop by hand: 2-3-1', ['Backprop by hand: 2-3-1', 'Backprop by hand: 2-3-1 (2)']),
    'Backprop by hand: 2-3-1 (3)',
  );
});

test("a sample's workspace copy is found by the name it shows under", () => {
  const sample = { file: '/ext/samples/batch-lr-grid.mnistexp.json', name: 'Batch size x learning rate grid' };
  const workspace = [
    { file: '/ws/mine.mnistexp.json', name: 'Mine' },
    { file: '/ws/mnist-lab-samples/batch-lr-grid.mnistexp.json', name: ' batch size X learning rate grid' },
  ];
  assert.equal(workspaceCopyOf(sample, workspace)?.file, '/ws/mnist-lab-samples/batch-lr-grid.mnistexp.json');
  assert.equal(workspaceCopyOf(sample, workspace.slice(0, 1)), undefined);
});
