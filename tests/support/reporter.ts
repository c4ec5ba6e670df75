import type { Reporter, TestModule } from "vitest/node";

// CI reads one plain closing line, "N passed, N failed" (", N skipped"). A file that fails
// outside any test (an import error, a hook) counts as a failure.
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      let moduleFailed = module.state() === "failed";
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") {
          failed++;
          moduleFailed = false;
        } else skipped++;
      }
      if (moduleFailed) failed++;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  }
}
