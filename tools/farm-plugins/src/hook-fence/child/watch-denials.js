'use strict';
// Node's permission model refuses what a fenced hook may not do (write outside the scratch
// folder, start a process or a worker, load an addon, WASI, the inspector), but a hook may catch
// the refusal and carry on. So the public modules it would go through are wrapped to report every
// refusal as well; the generator fails on any (FARM_E133), caught or not. What bypasses these
// wrappers is still refused, and reported when it reaches the hook's caller.
const { syncBuiltinESMExports } = require('node:module');

const deniedCodes = new Set(['ERR_ACCESS_DENIED', 'ERR_DLOPEN_DISABLED']);

/** Is this what the permission model throws? */
function isDenial(error) {
  return error !== null && typeof error === 'object' && deniedCodes.has(error.code);
}

/** What was refused, as a plain object (it crosses the IPC channel). */
function describeDenial(error, stack) {
  return {
    code: error.code,
    permission: error.permission || (error.code === 'ERR_DLOPEN_DISABLED' ? 'Addons' : ''),
    resource: typeof error.resource === 'string' ? error.resource : '',
    message: String(error.message),
    stack: stack || String(error.stack || ''),
  };
}

/**
 * Wraps the functions of fs, fs/promises, child_process, worker_threads, inspector and wasi (and
 * process.dlopen) so that `onDenied` hears of every refusal, with the stack of the refused call.
 */
function watchDenials(onDenied) {
  const note = (error, stack) => {
    if (isDenial(error)) onDenied(describeDenial(error, stack));
  };
  for (const name of ['fs', 'fs/promises', 'child_process', 'worker_threads', 'inspector', 'wasi']) {
    let exports;
    try {
      exports = require(`node:${name}`);
    } catch {
      continue; // A Node built without it (the inspector): nothing to wrap.
    }
    wrapModule(exports, note);
  }
  const dlopen = process.dlopen;
  process.dlopen = function (...args) {
    try {
      return dlopen.apply(this, args);
    } catch (error) {
      note(error, new Error().stack);
      throw error;
    }
  };
  syncBuiltinESMExports();
}

function wrapModule(exports, note) {
  for (const key of Object.keys(exports)) {
    const value = exports[key];
    if (typeof value !== 'function' || key === 'promises') continue;
    const descriptor = Object.getOwnPropertyDescriptor(exports, key);
    if (!descriptor || !descriptor.writable) continue;
    exports[key] = isClass(key) ? wrapClass(value, note) : wrapFunction(value, note);
  }
}

function isClass(key) {
  return /^[A-Z]/.test(key);
}

function wrapFunction(fn, note) {
  const wrapped = function (...args) {
    const stack = new Error().stack;
    const last = args.length - 1;
    if (last >= 0 && typeof args[last] === 'function') {
      const callback = args[last];
      args[last] = function (error, ...rest) {
        note(error, stack);
        return callback.call(this, error, ...rest);
      };
    }
    let result;
    try {
      result = fn.apply(this, args);
    } catch (error) {
      note(error, stack);
      throw error;
    }
    if (result && typeof result.then === 'function' && typeof result.catch === 'function') {
      return result.catch((error) => {
        note(error, stack);
        throw error;
      });
    }
    return result;
  };
  Object.defineProperties(wrapped, Object.getOwnPropertyDescriptors(fn));
  return wrapped;
}

function wrapClass(Class, note) {
  return new Proxy(Class, {
    construct(target, args, newTarget) {
      try {
        return Reflect.construct(target, args, newTarget);
      } catch (error) {
        note(error, new Error().stack);
        throw error;
      }
    },
  });
}

module.exports = { watchDenials, isDenial, describeDenial };
