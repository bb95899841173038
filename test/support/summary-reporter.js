// Prints the run's closing line as "N passed, N failed" (plus skipped when any), the plain form
// that CI reads. Jest prints its own summary after the reporters' onRunComplete, so the line is
// written when the process exits, to stay last.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const counts = `${results.numPassedTests} passed, ${results.numFailedTests} failed`;
    const line = skipped > 0 ? `${counts}, ${skipped} skipped` : counts;
    process.once('exit', () => {
      process.stdout.write(`\n${line}\n`);
    });
  }
}

module.exports = SummaryReporter;
