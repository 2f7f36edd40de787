import type { RuleId } from '../types';
import { createScriptProject } from './script-project';
import { scriptFacts } from './script-facts';

const file = 'libs/plugins/p/lib/code.ts';

function facts(text: string, path = file) {
  const project = createScriptProject([{ file: path, text }]);
  expect(project.syntaxErrors.get(path)).toBeUndefined();
  return scriptFacts(project.files.get(path)!, path);
}

const rules = (text: string) => facts(text).findings.map((f) => f.rule);

describe('scriptFacts: intrinsic rules', () => {
  it.each<[string, string, RuleId[]]>([
    ['eval call', `eval('1 + 1');`, ['eval']],
    ['indirect eval', `(0, eval)('x');`, ['eval']],
    ['eval aliased', `const run = eval; run('x');`, ['eval']],
    ['window.eval', `window.eval('x');`, ['eval']],
    ['globalThis.eval', `globalThis.eval('x');`, ['eval']],
    ['new Function', `const f = new Function('a', 'return a');`, ['eval']],
    ['Function()', `const f = Function('return 1');`, ['eval']],
    ['setTimeout with a string', `setTimeout('alert(1)', 10);`, ['eval']],
    ['vm module', `import vm from 'node:vm';`, ['eval']],
    ['child_process import', `import { exec } from 'child_process';`, ['process-spawn']],
    ['child_process require', `const cp = require('node:child_process');`, ['process-spawn']],
    ['child_process dynamic import', `await import('child_process');`, ['process-spawn']],
    ['child_process import =', `import cp = require('child_process');`, ['process-spawn']],
    ['export * from child_process', `export * from 'child_process';`, ['process-spawn']],
    ['execa', `import { execa } from 'execa';`, ['process-spawn']],
    ['require of a variable', `const name = process.argv[2]; require(name);`, ['dynamic-import']],
    [
      'import() of a template with a variable',
      `const x = 'a'; let y = x; import(\`./plugins/\${y}\`);`,
      ['dynamic-import'],
    ],
    ['net socket', `import net from 'net';`, ['raw-socket']],
    ['v8.deserialize', `import v8 from 'v8'; v8.deserialize(Buffer.from(''));`, ['unsafe-deserialization']],
    ['node-serialize', `const s = require('node-serialize');`, ['unsafe-deserialization']],
  ])('%s', (_title, text, expected) => {
    expect(rules(text)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['a method named eval', `const o = { eval() { return 1; } }; o.eval();`],
    ['a property named eval', `const o = { eval: 1 }; console.log(o.eval);`],
    ['setTimeout with a function', `setTimeout(() => 1, 10);`],
    ['a literal require and import()', `require('./x'); import('./y'); const z = 'react'; import(z);`],
    ['a const template import', `const dir = './pages'; import(\`\${dir}/Home\`);`],
    ['Function as a type and instanceof', `function f(x: Function) { return x instanceof Function; }`],
    ['JSON.parse', `JSON.parse('{}');`],
    ['a string mentioning eval', `const s = "eval('x') and require(y)";`],
  ])('no finding: %s', (_title, text) => {
    expect(rules(text)).toEqual([]);
  });

  it('locates findings at line and column, 1-based', () => {
    const [finding] = facts(`const a = 1;\n  eval('x');\n`).findings;
    expect(finding).toMatchObject({ file, line: 2, column: 3, rule: 'eval' });
  });
});

describe('scriptFacts: usage', () => {
  it('finds hosts of literal URLs in fetch, axios, http, WebSocket and XHR calls', () => {
    const { hosts } = facts(`
      import axios from 'axios';
      import https from 'node:https';
      const API = 'https://api.example.com';
      fetch('https://one.example.org/x?y=1');
      fetch(API + '/v1/items');
      fetch(\`\${API}/v2/\${Math.random()}\`);
      axios.get('http://two.example.net:8080/a');
      axios.create({ baseURL: 'https://three.example.com' });
      https.request({ hostname: 'four.example.com', path: '/' });
      new WebSocket('wss://five.example.com/socket');
      const xhr = new XMLHttpRequest(); xhr.open('GET', 'https://six.example.com/');
      fetch('/api/relative');
      fetch(\`\${location.origin}/x\`);
      fetch(\`https://\${tenant}.example.com/\`);
    `);
    expect(hosts.map((h) => h.host)).toEqual([
      'one.example.org',
      'api.example.com',
      'api.example.com',
      'two.example.net',
      'three.example.com',
      'four.example.com',
      'five.example.com',
      'six.example.com',
    ]);
  });

  it('finds env reads: dotted, bracketed, destructured, whole, and Vite import.meta.env', () => {
    const { env } = facts(`
      const a = process.env.API_KEY;
      const b = process.env['SECRET'];
      const { HOST, PORT: port, ...rest } = process.env;
      const all = { ...process.env };
      const key = 'X'; const c = process.env[key + 'Y'];
      const d = import.meta.env.VITE_URL;
      const e = import.meta.env.DEV;
    `);
    expect(env.map((e) => e.name ?? '*')).toEqual(['API_KEY', 'SECRET', 'HOST', 'PORT', '*', '*', 'XY', 'VITE_URL']);
  });

  it('finds file accesses with their mode and where the path points', () => {
    const { files } = facts(`
      import fs from 'node:fs';
      import { writeFileSync } from 'fs';
      import * as path from 'path';
      import { readFile } from 'fs/promises';
      fs.readFileSync('/etc/passwd');
      writeFileSync(path.join(__dirname, '..', 'data.json'), '');
      readFile(\`\${__dirname}/../../../secrets.txt\`);
      fs.promises.appendFile('logs/out.log', 'x');
      fs.copyFileSync(path.resolve(__dirname, 'a'), '/tmp/b');
      fs.readFileSync(userPath);
      fs.openSync('x', 'w');
    `);
    expect(files.map((f) => [f.mode, f.path ? `${f.path.anchor}:${f.path.path}` : '?'])).toEqual([
      ['read', 'abs:/etc/passwd'],
      ['write', 'file:../data.json'],
      ['read', 'file:../../../secrets.txt'],
      ['write', 'cwd:logs/out.log'],
      ['read', 'file:a'],
      ['write', 'abs:/tmp/b'],
      ['read', '?'],
      ['write', 'cwd:x'],
    ]);
  });

  it('collects comments, not comment-looking strings', () => {
    const { comments } = facts(
      `const url = "http://x // not a comment";\n// farm-allow eval: one\n/* farm-allow eval: two */ eval('x');\n`,
    );
    expect(comments).toEqual([
      { line: 2, text: ' farm-allow eval: one' },
      { line: 3, text: ' farm-allow eval: two ' },
    ]);
  });
});
