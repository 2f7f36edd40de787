// Runs an async `main(argv) → exit code` from this package's TypeScript sources: registers the
// transpiler Nx uses for local plugins, then exits with the code, or prints the error and exits
// 2 for a command line that cannot be run (CommandLineError), else 1.
/** @param {() => (argv: string[]) => Promise<number>} loadMain */
module.exports = function runMain(loadMain) {
  require('@swc-node/register');
  loadMain()(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (/** @type {unknown} */ error) => {
      const { formatCliError } = require('../src/cli/format-cli-error');
      console.error(formatCliError(error, process.argv.includes('--json')));
      process.exit(error instanceof Error && error.name === 'CommandLineError' ? 2 : 1);
    },
  );
};
