// A tiny test runner for code that runs inside the VS Code extension host,
// where node:test is not available and mocha is not a dependency: named async
// checks run one after another, each with a time limit; every outcome is
// printed (the extension host's console reaches the browser console) and
// written to a JSON results file; run() rejects when any check failed, which
// makes VS Code report a non-zero exit code to whoever started it.
import fs from 'node:fs';

/** Written next to the workspace folder, where the test that started VS Code reads it. */
export const resultsFileName = 'extension-test-results.json';

export interface CheckResult {
  name: string;
  passed: boolean;
  ms: number;
  error?: string;
}

export interface Check {
  name: string;
  timeoutMs?: number;
  run(): Promise<void>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`"${name}" did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function runChecks(checks: Check[], resultsFile: string | undefined): Promise<void> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const started = Date.now();
    try {
      await withTimeout(check.run(), check.timeoutMs ?? 60_000, check.name);
      results.push({ name: check.name, passed: true, ms: Date.now() - started });
      console.log(`[rewind-extension-tests] ok - ${check.name}`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name: check.name, passed: false, ms: Date.now() - started, error: message });
      console.log(`[rewind-extension-tests] not ok - ${check.name}\n${message}`);
    }
  }
  if (resultsFile) fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  const failed = results.filter((result) => !result.passed);
  if (failed.length > 0) {
    throw new Error(`${failed.length} of ${results.length} extension checks failed: ${failed.map((each) => each.name).join('; ')}`);
  }
}
