// Runs an async `main(argv) → exit code` from this package's TypeScript sources: registers the
// transpiler Nx uses for local plugins, then exits with the code (or prints the error, exit 1).
module.exports = function runMain(loadMain) {
  require('@swc-node/register');
  loadMain()(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
};
