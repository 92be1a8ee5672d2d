// Mocha reporter for every tier: the usual spec output, then one line `<tier>: N passed, N failed`
// that the test runner (scripts/test.mjs) and CI logs can rely on.
'use strict';
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const tier = process.env.HAI_TEST_TIER || 'tests';
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      // A skipped test is a defect in this project, so it is reported as a failure.
      const failed = failures + pending;
      console.log(`\n${tier}: ${passes} passed, ${failed} failed`);
      if (pending > 0) console.log(`${tier}: ${pending} test(s) were skipped; skipped tests count as failures`);
    });
  }
}

module.exports = CountReporter;
