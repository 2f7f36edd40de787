'use strict';
// The fenced process of a plugin's lifecycle hooks, started by hook-fence/run-fenced-hooks.ts under
// Node's permission model. It gets one request over IPC, runs the hooks one after the other with a
// PluginContext whose Tree is a HookTree, and answers with the hook's Tree operations — or with
// what went wrong, and in which hook. It writes nothing itself.
const { pathToFileURL } = require('node:url');
const { format } = require('node:util');
const { HookTree } = require('./hook-tree');
const { registerTypeScript } = require('./typescript-require');
const { watchDenials } = require('./watch-denials');

// Kept before a hook can replace them.
const send = process.send.bind(process);
const exit = process.exit.bind(process);

let current = { hook: undefined, phase: 'load' };
let finished = false;

/** The last word to the generator, then exit: what a hook left running is not waited for. */
function finish(message) {
  if (finished) return;
  finished = true;
  send(message, () => exit(0));
}

function fail(phase, error) {
  finish({ type: 'failed', hook: current.hook, phase, error: describeError(error) });
}

function describeError(error) {
  if (error instanceof Error) {
    const { code, permission, resource } = /** @type {any} */ (error);
    return {
      name: error.name,
      message: error.message,
      stack: String(error.stack || ''),
      code,
      permission,
      resource: typeof resource === 'string' ? resource : undefined,
    };
  }
  return { name: typeof error, message: format(error), stack: '' };
}

process.once('message', (request) => {
  runHooks(request).then(
    (ops) => finish({ type: 'done', ops }),
    (error) => fail(current.phase, error),
  );
});
process.on('uncaughtException', (error) => fail('async', error));
process.on('unhandledRejection', (error) => fail('async', error));
// Nothing left to run while a hook's promise is pending: it can never settle.
process.on('beforeExit', () => finish({ type: 'unsettled', hook: current.hook }));

async function runHooks(request) {
  watchDenials((denial) => send({ type: 'denied', hook: current.hook, denial }));
  interceptExit();
  registerTypeScript();
  const tree = new HookTree(request.workspaceRoot, request.changes);
  const log =
    (level) =>
    (...args) =>
      send({ type: 'log', level, message: format(...args) });
  const context = {
    ...request.context,
    logger: { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
    tree,
  };
  current = { hook: request.hooks[0], phase: 'load' };
  const hooks = await load(request.entry);
  for (const hook of request.hooks) {
    if (typeof hooks[hook] !== 'function') continue;
    current = { hook, phase: 'run' };
    tree.hook = hook;
    send({ type: 'start', hook });
    await hooks[hook](context);
  }
  return tree.ops;
}

/** require() (CommonJS, TypeScript, and ES modules without top-level await), else import(). */
async function load(entry) {
  try {
    return require(entry);
  } catch (error) {
    if (error && (error.code === 'ERR_REQUIRE_ASYNC_MODULE' || error.code === 'ERR_REQUIRE_ESM'))
      return import(pathToFileURL(entry).href);
    throw error;
  }
}

/** process.exit() in a hook ends it early: say where it was called before exiting. */
function interceptExit() {
  process.exit = function (code) {
    if (!finished) {
      finished = true;
      send(
        { type: 'exited', hook: current.hook, code: code ?? process.exitCode ?? 0, stack: String(new Error().stack) },
        () => exit(code),
      );
      return undefined;
    }
    return exit(code);
  };
}
