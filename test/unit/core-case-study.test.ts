// The case study's parts, samples, seeds and report folder names (src/core/case-study.ts),
// shared by `mnist-lab reproduce`, the Reproduce Case Study command and the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  CASE_STUDY_PARTS,
  CASE_STUDY_SAMPLES,
  caseStudyFolderName,
  caseStudySeeds,
  isCaseStudyPart,
} from '../../src/core/case-study';
import { timestampName } from '../../src/core/run-id';
import { ROOT } from '../helpers';

test('five parts, each with a bundled sample', () => {
  assert.deepEqual([...CASE_STUDY_PARTS], [1, 2, 3, 4, 5]);
  for (const part of CASE_STUDY_PARTS)
    assert.ok(existsSync(path.join(ROOT, 'samples', CASE_STUDY_SAMPLES[part])), `part ${part}`);
  assert.deepEqual(Object.keys(CASE_STUDY_SAMPLES).map(Number), [...CASE_STUDY_PARTS]);
});

test('isCaseStudyPart accepts 1…5 only', () => {
  assert.deepEqual([0, 1, 5, 6, 2.5, NaN].map(isCaseStudyPart), [false, true, true, false, false, false]);
  assert.equal(isCaseStudyPart('1'), false);
});

test('seeds start at the default seed: one for a quick run, three for a full one, or as many as asked', () => {
  assert.deepEqual(caseStudySeeds(true), [42]);
  assert.deepEqual(caseStudySeeds(false), [42, 43, 44]);
  assert.deepEqual(caseStudySeeds(true, 2), [42, 43]);
});

test('timestamped names sort by time and hold no characters file systems dislike', () => {
  const at = new Date('2026-11-30T07:45:31.123Z');
  assert.equal(timestampName(at), '2026-11-30T07-45-31-123');
  assert.equal(caseStudyFolderName(true, at), 'case-study-quick-2026-11-30T07-45-31-123');
  assert.equal(caseStudyFolderName(false, at), 'case-study-2026-11-30T07-45-31-123');
  assert.ok(timestampName(new Date('2026-01-02T00:00:00Z')) < timestampName(new Date('2026-01-10T00:00:00Z')));
});
