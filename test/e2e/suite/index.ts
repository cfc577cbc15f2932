// The extension host loads this file (extensionTestsPath) and awaits run(). Mocha's TDD
// interface (suite/test/suiteSetup) is used, as in VS Code's own extension-test templates.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

export async function run(): Promise<void> {
  // The extension host forwards console.log to the workbench's console without substituting
  // format strings, so mocha's `%s`/`%d` reports would arrive unreadable: format them here.
  // No colours either, for the same plain-text path.
  Mocha.reporters.Base.consoleLog = (...data: unknown[]) => console.log(format(...data));
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000 });
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  if (files.length === 0) throw new Error(`no *.test.js files next to ${__filename}`);
  for (const file of files) mocha.addFile(join(__dirname, file));

  const failures = await new Promise<number>((done) => mocha.run(done));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
