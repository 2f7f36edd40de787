// Runs an async `main(argv) → exit code` from this package's TypeScript sources: registers the
// transpiler Nx uses for local plugins, then exits with the code (or prints the error, exit 1).
module.exports = function runMain(loadMain) {
  require('@swc-node/register');
  loadMain()(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      const { formatCliError } = require('../src/cli/format-cli-error');
      console.error(formatCliError(error, process.argv.includes('--json')));
      process.exit(1);
    },
  );
};
