// The jest environment of the tool's tests: node, with quiet output. What a test prints — console,
// and so Nx's logger and FARM's — is kept per test and shown only when that test (or a hook
// before it) fails, under the test's name and without jest's stack location on every line: a
// green `npm test` fits on a few screens (issue 15). FARM_TEST_OUTPUT=all prints everything as it
// comes, the way jest does by default.
const { format } = require('node:util');
const { TestEnvironment } = require('jest-environment-node');

const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'];

class QuietNodeEnvironment extends TestEnvironment {
  /** Lines printed since the last test finished (hooks before a test count as its own). */
  lines = [];

  async handleTestEvent(event) {
    if (process.env.FARM_TEST_OUTPUT === 'all') return;
    // Jest installs its console after the environment is made; `setup` comes after that.
    if (event.name === 'setup') this.bufferConsole(this.global.console);
    if (event.name === 'hook_failure') this.flush(`hook "${event.hook.type}" of ${fullName(event.hook.parent)}`);
    if (event.name === 'test_done') {
      if (event.test.errors.length) this.flush(fullName(event.test));
      this.lines = [];
    }
  }

  bufferConsole(console) {
    for (const method of methods) {
      console[method] = (...args) => {
        const text = method === 'dir' ? format('%o', args[0]) : format(...args);
        this.lines.push(method === 'log' || method === 'info' ? text : `[${method}] ${text}`);
      };
    }
  }

  flush(title) {
    if (!this.lines.length) return;
    process.stderr.write(`\n● output of ${title} (shown because it failed):\n${this.lines.join('\n')}\n\n`);
    this.lines = [];
  }
}

/** "describe › nested › test", as jest names a test. */
function fullName(block) {
  const names = [];
  for (let b = block; b && b.name !== 'ROOT_DESCRIBE_BLOCK'; b = b.parent) names.unshift(b.name);
  return names.join(' › ') || 'the file';
}

module.exports = QuietNodeEnvironment;
