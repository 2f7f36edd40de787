'use strict';
// TypeScript entries (a scaffolded plugin's main is src/index.ts) are transpiled on require by the
// TypeScript compiler's transpileModule: pure JavaScript, where @swc-node/register, which Nx uses,
// needs a native addon the fence refuses. Loaded on the first .ts file only (it takes ~1 s).
const { readFileSync } = require('node:fs');
const Module = require('node:module');

const extensions = ['.ts', '.tsx', '.mts', '.cts'];

/** Makes `require` of .ts/.tsx/.mts/.cts files work (CommonJS out, with an inline source map). */
function registerTypeScript() {
  let ts;
  for (const extension of extensions) {
    Module._extensions[extension] = function (module, filename) {
      // ts-morph is @farm/plugins' own dependency; its `ts` is the TypeScript compiler API.
      ts ??= require('ts-morph').ts;
      const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
        fileName: filename,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
          jsx: ts.JsxEmit.ReactJSX,
          inlineSourceMap: true,
          inlineSources: true,
        },
      });
      module._compile(outputText, filename);
    };
  }
}

module.exports = { registerTypeScript };
