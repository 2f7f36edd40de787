import { declaresGlobals } from './global-declarations';

// What TypeScript puts in the global scope, file by file; the shapes real plugins ship.
describe('declaresGlobals', () => {
  it.each([
    ['a script: top-level const', 'globals.ts', 'const FARM_VERSION = "1";\n', true],
    ['a script: interface Window', 'window.d.ts', 'interface Window {\n  farm: string;\n}\n', true],
    ['a module with declare global', 'types.ts', 'export {};\ndeclare global {\n  var farm: string;\n}\n', true],
    [
      'CSS module typings',
      'css.d.ts',
      "declare module '*.module.css' {\n  const c: Record<string, string>;\n  export default c;\n}\n",
      true,
    ],
    [
      'a module augmentation',
      'router.d.ts',
      "import 'react-router';\ndeclare module 'react-router' {\n  interface X {}\n}\n",
      true,
    ],
    ['a commented-out import above a script', 'a.ts', '/*\nimport x from "y";\n*/\nconst a = 1;\n', true],
    ['an import in a template literal', 'b.ts', 'const s = `\nimport x from "y";\n`;\n', true],
    ['an unindented export inside a namespace', 'ns.ts', 'namespace Farm {\nexport const a = 1;\n}\n', true],
    [
      'an import alias (not a module indicator)',
      'alias.ts',
      'namespace N { export const y = 1; }\nimport y = N.y;\n',
      true,
    ],
    [
      'a component module',
      'Card.tsx',
      "import { useState } from 'react';\nexport default function Card() {\n  return null;\n}\n",
      false,
    ],
    [
      'a multi-line import',
      'hook.ts',
      "import {\n  useState,\n} from 'react';\nexport const useX = () => useState(0);\n",
      false,
    ],
    ['a namespace declared in a module', 'm.ts', 'export declare namespace Api {\n  const v: number;\n}\n', false],
    ['import.meta only', 'env.ts', 'const mode = import.meta.env.MODE;\n', false],
  ])('%s', (_, file, text, expected) => {
    expect(declaresGlobals(file, text)).toBe(expected);
  });
});
