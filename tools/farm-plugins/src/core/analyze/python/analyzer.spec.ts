import { runPythonInline } from '../testing/analyze-in-memory';
import type { RuleId } from '../types';
import type { PythonFileReport } from './python-report';

/** Every case below is one file; the real analyzer (one .venv/bin/python process) reads them all. */
const ruleCases: [string, string, RuleId[]][] = [
  ['import subprocess', 'import subprocess\nsubprocess.run(["ls"])\n', ['process-spawn']],
  ['from subprocess import', 'from subprocess import Popen as P\nP(["ls"])\n', ['process-spawn']],
  ['os.system', 'import os\nos.system("ls")\n', ['process-spawn']],
  ['os.popen aliased', 'from os import popen as p\np("ls")\n', ['process-spawn']],
  ['os.execv', 'import os\nos.execv("/bin/ls", ["ls"])\n', ['process-spawn']],
  ['getattr(os, "system")', 'import os\ngetattr(os, "system")("ls")\n', ['process-spawn']],
  ['asyncio subprocess', 'import asyncio\nasyncio.create_subprocess_shell("ls")\n', ['process-spawn']],
  ['star import of os', 'from os import *\nsystem("ls")\n', ['process-spawn']],
  ['eval', 'eval("1 + 1")\n', ['eval']],
  ['exec', 'exec("x = 1")\n', ['eval']],
  ['eval aliased', 'run = eval\nrun("1")\n', ['eval']],
  ['builtins.exec', 'import builtins\nbuiltins.exec("1")\n', ['eval']],
  ['compile', 'code = compile("1", "<x>", "eval")\n', ['eval']],
  ['pickle.loads', 'import pickle\npickle.loads(b"")\n', ['unsafe-deserialization']],
  ['from pickle import load', 'from pickle import load\nload(open("x.pkl", "rb"))\n', ['unsafe-deserialization']],
  ['marshal.loads', 'import marshal\nmarshal.loads(b"")\n', ['unsafe-deserialization']],
  ['__import__', 'm = __import__("os")\n', ['dynamic-import']],
  [
    'import_module of a variable',
    'import importlib\nname = input()\nimportlib.import_module(name)\n',
    ['dynamic-import'],
  ],
  [
    'import_module of a known name',
    'import importlib\nimportlib.import_module("subpro" + "cess").run(["ls"])\n',
    ['process-spawn'],
  ],
  ['getattr with a joined name', 'import os\ngetattr(os, "".join(["sys", "tem"]))("ls")\n', ['process-spawn']],
  ['sys.modules', 'import sys\nvictim = sys.modules["farm_plugins.auth.deps"]\n', ['introspection']],
  ['__main__', 'import __main__\n', ['introspection']],
  ['a frame', 'import sys\nsys._getframe(1).f_globals["x"] = 1\n', ['introspection']],
  ['every object', 'import gc\nroutes = gc.get_objects()\n', ['introspection']],
  ["a function's globals", 'def f():\n    pass\nf.__globals__["x"] = 1\n', ['introspection']],
  [
    "a function's code swapped (one finding a line)",
    'def f(): pass\ndef g(): pass\nf.__code__ = g.__code__\n',
    ['introspection'],
  ],
  ['a default read by getattr', 'import os\ngetattr(os.mkfifo, "__kw" + "defaults__")\n', ['introspection']],
  ["an object's class set", 'def swap(route, Mine):\n    route.__class__ = Mine\n', ['introspection']],
  ['setattr of __class__', 'def swap(route, Mine):\n    setattr(route, "__class__", Mine)\n', ['introspection']],
  ["a library's function rebound", 'import posixpath\nposixpath.realpath = lambda p: p\n', ['introspection']],
  [
    "a library class's method rebound",
    'from fastapi import APIRouter\nAPIRouter.add_api_route = None\n',
    ['introspection'],
  ],
  ['getattr(sys, "modules")', 'import sys\nmain = getattr(sys, "modules")["__main__"]\n', ['introspection']],
  [
    'object.__setattr__ of defaults',
    'def f(x=1): pass\nobject.__setattr__(f, "__defaults__", (0,))\n',
    ['introspection'],
  ],
  [
    "setattr on a library's class",
    'from starlette.routing import Route\nsetattr(Route, "url_path_for", None)\n',
    ['introspection'],
  ],
  [
    "a library table's entry changed in place",
    'from starlette.convertors import CONVERTOR_TYPES\nCONVERTOR_TYPES["int"].convert = len\n',
    ['introspection'],
  ],
  [
    'the namespace of every plugin',
    'import farm_plugins\nfarm_plugins.auth.verify = slice\n',
    ['introspection', 'introspection'],
  ],
  ["the gate's own module", 'import farm_gate_channel\n', ['introspection']],
  ['a process through _posixsubprocess', 'import _posixsubprocess\n', ['process-spawn']],
  ['the subclasses of object', 'everything = object.__subclasses__()\n', ['introspection']],
  ['raw socket', 'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n', ['raw-socket']],
  [
    'from socket import socket',
    'from socket import socket, create_connection\ncreate_connection(("x", 1))\n',
    ['raw-socket'],
  ],
];

const cleanCases: [string, string][] = [
  [
    're.compile and a method named eval',
    'import re\nre.compile("x")\nclass A:\n    def eval(self):\n        return self.eval\n',
  ],
  ['import_module of a literal', 'import importlib\nimportlib.import_module("json")\n'],
  ['json.loads', 'import json\njson.loads("{}")\n'],
  ['a local function named exec', 'def exec(x):\n    return x\nexec(1)\n'],
  ['socket.gethostname', 'import socket\nsocket.gethostname()\n'],
  [
    'attributes set on parameters, own objects, its own modules and a declared plugin',
    [
      'from .models import Item',
      'import farm_plugins.auth.deps as deps',
      'from farm_plugins.auth import verify',
      'class Box:',
      '    pass',
      'def f(request, app):',
      '    request.state.user = 1',
      '    app.state.ai = None',
      '    print(request.__class__.__name__)',
      'Item.label = "x"',
      'deps.get_user = f',
      'verify.strict = True',
      'Box.size = 1',
      'class Provider:',
      '    registry = []',
      'def providers(settings, values):',
      '    for key, value in values.items():',
      '        setattr(settings, key, value)',
      '    return Provider.__subclasses__()',
      '',
    ].join('\n'),
  ],
  ['strings and comments that mention eval', '# eval("x") os.system("y")\ns = "subprocess eval exec"\n'],
];

const extraCases: Record<string, string> = {
  'usage.py': [
    'import os, httpx',
    'from pathlib import Path',
    'BASE = "https://api.example.com"',
    'HERE = Path(__file__).parent',
    'a = os.environ["API_KEY"]',
    'b = os.environ.get("TIMEOUT", "5")',
    'c = os.getenv("DEBUG")',
    'd = dict(os.environ)',
    'open("/etc/passwd")',
    'open(os.path.join(os.path.dirname(__file__), "..", "..", "x.txt"), "w")',
    '(HERE / "data.json").read_text()',
    'Path("logs/app.log").write_text("x")',
    'open(user_supplied)',
    'httpx.get(BASE + "/v1")',
    'httpx.post(f"https://other.example.org/{a}")',
    'client = httpx.Client()',
    'client.get("http://127.0.0.1:11434/api/tags")',
    'client.get(f"https://{a}.example.org/")',
    'x = "https://not-called.example.com/"',
    '',
  ].join('\n'),
  'symbols.py': [
    'from fastapi import APIRouter as R',
    'from .base import Base',
    'router = R(prefix="/x")',
    'class Provider(Base, mixins.Extra):',
    '    kind = "p"',
    '    def generate(self): ...',
    '    async def chat(self): ...',
    'alias = Provider',
    'def task(): ...',
    'if True:',
    '    guarded = 1',
    '',
  ].join('\n'),
  'stubs.py': [
    'import abc',
    'from abc import ABC, abstractmethod',
    'class Base(ABC):',
    '    @abstractmethod',
    '    async def generate(self): ...',
    '    @property',
    '    @abc.abstractmethod',
    '    def chat(self): ...',
    '    def embed(self): ...',
    '    embed_model = None',
    '    embed_model = "x"',
    '    health_check: object = None',
    'class Provider(Base):',
    '    embed = None',
    '    def embed(self): ...',
    '    async def chat(self): ...',
    '    generate = None',
    '',
  ].join('\n'),
  'broken.py': 'def f(:\n    pass\n',
  'columns.py': 'x = "é" ; eval("1")\n',
  'deep.py': `x = ${'('.repeat(150)}1${')'.repeat(150)}\n`,
  'too-deep.py': `x = ${'('.repeat(250)}1${')'.repeat(250)}\n`,
  'unary-chain.py': `x = ${'-'.repeat(100000)}1\n`,
};

describe('analyzer.py', () => {
  let reports: Map<string, PythonFileReport>;
  beforeAll(() => {
    const files = [
      ...ruleCases.map(([, text], i) => ({ path: `p/rule_${i}.py`, text })),
      ...cleanCases.map(([, text], i) => ({ path: `p/clean_${i}.py`, text })),
      ...Object.entries(extraCases).map(([name, text]) => ({ path: `p/${name}`, text })),
    ];
    reports = new Map(runPythonInline(files).files.map((r) => [r.path, r]));
  });

  it.each(ruleCases.map((c, i) => [...c, i] as const))('%s', (_title, _text, expected, i) => {
    const report = reports.get(`p/rule_${i}.py`)!;
    expect(report.error).toBeUndefined();
    expect(report.findings!.map((f) => f.rule)).toEqual(expected);
  });

  it.each(cleanCases.map((c, i) => [...c, i] as const))('no finding: %s', (_title, _text, i) => {
    expect(reports.get(`p/clean_${i}.py`)!.findings).toEqual([]);
  });

  it('reports env reads, file accesses and URL hosts of network calls', () => {
    const r = reports.get('p/usage.py')!;
    expect(r.env!.map((e) => e.name ?? '*')).toEqual(['API_KEY', 'TIMEOUT', 'DEBUG', '*']);
    expect(r.files!.map((f) => [f.mode, f.path ? `${f.path.anchor}:${f.path.path}` : '?'])).toEqual([
      ['read', 'abs:/etc/passwd'],
      ['write', 'file:../../x.txt'],
      ['read', 'file:data.json'],
      ['write', 'cwd:logs/app.log'],
      ['read', '?'],
    ]);
    expect(r.hosts!.map((h) => h.host).sort()).toEqual(['127.0.0.1', 'api.example.com', 'other.example.org']);
  });

  it('reports module-level symbols: routers, classes with bases and methods, aliases, guarded names', () => {
    const { symbols } = reports.get('p/symbols.py')!;
    expect(
      symbols!.assignments.map((a) => [
        a.name,
        a.value.kind === 'call' ? a.value.canonical : a.value.kind === 'name' ? a.value.ref : a.value.kind,
      ]),
    ).toEqual([
      ['router', 'fastapi.APIRouter'],
      ['alias', 'Provider'],
      ['guarded', 'other'],
    ]);
    expect(symbols!.classes).toEqual([
      {
        name: 'Provider',
        line: 4,
        column: 1,
        bases: ['Base', 'mixins.Extra'],
        methods: ['kind', 'generate', 'chat'],
        stubs: [],
      },
    ]);
    expect(symbols!.functions.map((f) => f.name)).toEqual(['task']);
    expect(symbols!.imports[1]).toEqual({ module: 'base', level: 1, line: 2, names: [{ name: 'Base', asname: null }] });
  });

  it('reports the members of a class that are placeholders: @abstractmethod and = None, the last definition deciding', () => {
    const [base, provider] = reports.get('p/stubs.py')!.symbols!.classes;
    expect(base!.stubs).toEqual([
      { name: 'generate', kind: 'abstract', line: 5 },
      { name: 'chat', kind: 'abstract', line: 8 },
      { name: 'health_check', kind: 'None', line: 12 },
    ]);
    expect(provider!.methods).toEqual(['embed', 'embed', 'chat', 'generate']);
    expect(provider!.stubs).toEqual([{ name: 'generate', kind: 'None', line: 17 }]);
  });

  it('reports a syntax error with its position instead of facts', () => {
    expect(reports.get('p/broken.py')).toEqual({
      path: 'p/broken.py',
      error: { message: expect.stringMatching(/^syntax error/), line: 1, column: expect.any(Number) },
    });
  });

  it('counts columns in characters, not UTF-8 bytes', () => {
    expect(reports.get('p/columns.py')!.findings).toEqual([
      { rule: 'eval', line: 1, column: 11, message: 'eval() runs a string as Python code' },
    ]);
  });

  it('analyzes deep nesting, and reports nesting Python itself refuses as unanalyzable', () => {
    expect(reports.get('p/deep.py')!).toMatchObject({ findings: [], symbols: { assignments: [{ name: 'x' }] } });
    expect(reports.get('p/too-deep.py')!.error).toEqual({
      message: 'syntax error: too many nested parentheses',
      line: 1,
      column: expect.any(Number),
    });
    expect(reports.get('p/unary-chain.py')!.error?.message).toMatch(
      /^cannot be parsed|^syntax error|nested too deeply/,
    );
  });
});
