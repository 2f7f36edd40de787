import { Node, SyntaxKind, type CallExpression, type NewExpression, type SourceFile } from 'ts-morph';
import { hostOfUrl } from '../hosts';
import type { AccessMode, RuleId, SourceFacts } from '../types';
import { collectComments } from './comments';
import { bareModule, calleeTarget, moduleBindings } from './module-bindings';
import { staticPath, staticPrefix, staticString } from './static-value';

/** Modules whose import is itself the finding. */
const forbiddenModules: Record<string, { rule: RuleId; why: string }> = {
  child_process: { rule: 'process-spawn', why: 'child_process runs other programs' },
  execa: { rule: 'process-spawn', why: 'execa runs other programs' },
  'cross-spawn': { rule: 'process-spawn', why: 'cross-spawn runs other programs' },
  shelljs: { rule: 'process-spawn', why: 'shelljs runs shell commands' },
  'node-pty': { rule: 'process-spawn', why: 'node-pty runs other programs' },
  vm: { rule: 'eval', why: 'the vm module runs strings as code' },
  net: { rule: 'raw-socket', why: 'the net module opens raw sockets' },
  tls: { rule: 'raw-socket', why: 'the tls module opens raw sockets' },
  dgram: { rule: 'raw-socket', why: 'the dgram module opens raw UDP sockets' },
  'node-serialize': { rule: 'unsafe-deserialization', why: 'node-serialize revives functions from data' },
};

const fsModules = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs']);
const databaseModules = new Set(['mongodb', 'mongoose']);
const writeFunctions = new Set(
  'writeFile appendFile createWriteStream mkdir mkdtemp rm rmdir unlink rename copyFile cp symlink link chmod chown lchown lchmod truncate utimes lutimes outputFile outputJson writeJson writeJSON remove emptyDir ensureDir ensureFile mkdirp mkdirs move copy'.split(
    ' ',
  ),
);
const readFunctions = new Set(
  'readFile createReadStream readdir opendir readlink stat lstat access exists open watch watchFile realpath readJson readJSON pathExists'.split(
    ' ',
  ),
);
/** Functions whose second path argument is written to. */
const twoPathFunctions = new Set('copyFile cp rename link symlink move copy'.split(' '));
const httpModules = new Set([
  'http',
  'https',
  'http2',
  'undici',
  'node-fetch',
  'cross-fetch',
  'got',
  'ky',
  'superagent',
  'axios',
]);
const globalObjects = new Set(['window', 'globalThis', 'self', 'global']);
const viteBuiltinEnv = new Set(['MODE', 'BASE_URL', 'PROD', 'DEV', 'SSR']);

/** Walks one TypeScript/JavaScript file: intrinsic findings and the facts the policy needs. */
export function scriptFacts(sourceFile: SourceFile, file: string): SourceFacts {
  const facts: SourceFacts = {
    file,
    findings: [],
    hosts: [],
    env: [],
    files: [],
    modules: [],
    comments: collectComments(sourceFile),
    imports: [],
  };
  const bindings = moduleBindings(sourceFile);
  const at = (node: Node) => {
    const { line, column } = sourceFile.getLineAndColumnAtPos(node.getStart());
    return { file, line, column };
  };
  const find = (node: Node, rule: RuleId, message: string) => facts.findings.push({ ...at(node), rule, message });
  const importOf = (node: Node, specifier: string) => {
    const module = bareModule(specifier);
    const forbidden = forbiddenModules[module];
    if (forbidden) find(node, forbidden.rule, `imports "${specifier}": ${forbidden.why}`);
    if (databaseModules.has(module)) facts.modules.push({ ...at(node), module });
    if (specifier.startsWith('./') || specifier.startsWith('../')) facts.imports!.push({ ...at(node), specifier });
  };

  for (const decl of sourceFile.getImportDeclarations()) importOf(decl, decl.getModuleSpecifierValue());
  for (const decl of sourceFile.getExportDeclarations()) {
    const specifier = decl.getModuleSpecifierValue();
    if (specifier) importOf(decl, specifier);
  }

  sourceFile.forEachDescendant((node) => {
    if (Node.isImportEqualsDeclaration(node)) {
      const ref = node.getModuleReference();
      const expr = Node.isExternalModuleReference(ref) ? ref.getExpression() : undefined;
      if (expr && Node.isStringLiteral(expr)) importOf(node, expr.getLiteralValue());
    } else if (Node.isCallExpression(node)) {
      visitCall(node);
    } else if (Node.isNewExpression(node)) {
      visitNew(node);
    } else if (Node.isIdentifier(node) && node.getText() === 'eval' && isValueReference(node)) {
      find(node, 'eval', 'eval runs a string as code');
    } else if (Node.isPropertyAccessExpression(node)) {
      visitPropertyAccess(node);
    }
  });
  return facts;

  function visitCall(call: CallExpression): void {
    const callee = call.getExpression();
    const args = call.getArguments();
    if (
      callee.getKind() === SyntaxKind.ImportKeyword ||
      (Node.isIdentifier(callee) && callee.getText() === 'require')
    ) {
      const what = callee.getKind() === SyntaxKind.ImportKeyword ? 'import()' : 'require()';
      const specifier = staticString(args[0], sourceFile, bindings);
      if (specifier === undefined)
        find(call, 'dynamic-import', `${what} of a module name computed at run time: any module can be loaded`);
      else importOf(call, specifier);
      return;
    }
    if (Node.isIdentifier(callee) && callee.getText() === 'Function' && !bindings.has('Function')) {
      find(call, 'eval', 'Function() builds a function from a string of code');
      return;
    }
    const globalName = Node.isIdentifier(callee)
      ? callee.getText()
      : Node.isPropertyAccessExpression(callee) && globalObjects.has(callee.getExpression().getText())
        ? callee.getName()
        : undefined;
    if (
      globalName &&
      ['setTimeout', 'setInterval', 'setImmediate'].includes(globalName) &&
      !bindings.has(globalName) &&
      args[0] &&
      staticPrefix(args[0], sourceFile, bindings) !== undefined
    ) {
      find(call, 'eval', `${globalName} with a string runs that string as code`);
      return;
    }
    if (globalName === 'fetch' && !bindings.has('fetch')) return void urlArgument(args[0], call);
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'sendBeacon')
      return void urlArgument(args[0], call);
    if (
      Node.isPropertyAccessExpression(callee) &&
      callee.getName() === 'open' &&
      args.length >= 2 &&
      /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/i.test(staticString(args[0], sourceFile, bindings) ?? '')
    ) {
      return void urlArgument(args[1], call);
    }
    const target = calleeTarget(callee, bindings);
    if (!target) return;
    const fn = target.path[target.path.length - 1] ?? '';
    if (fsModules.has(target.module)) return void fileAccess(call, fn.replace(/Sync$/, ''), args);
    if (httpModules.has(target.module)) return void urlArgument(args[0], call);
    if (target.module === 'v8' && fn === 'deserialize')
      find(call, 'unsafe-deserialization', 'v8.deserialize revives arbitrary objects from bytes');
  }

  function visitNew(expr: NewExpression): void {
    const callee = expr.getExpression();
    const name = callee.getText();
    if (name === 'Function' && !bindings.has('Function'))
      return void find(expr, 'eval', 'new Function() builds a function from a string of code');
    if (name === 'WebSocket' || name === 'EventSource') return void urlArgument(expr.getArguments()[0], expr);
    const target = calleeTarget(callee, bindings);
    if (target && httpModules.has(target.module)) urlArgument(expr.getArguments()[0], expr);
  }

  function visitPropertyAccess(node: Node & { getExpression(): Node; getName(): string }): void {
    if (node.getName() === 'eval' && globalObjects.has(node.getExpression().getText()))
      return void find(node, 'eval', 'eval runs a string as code');
    const object = node.getExpression();
    const isProcessEnv =
      node.getName() === 'env' && (object.getText() === 'process' || object.getText() === 'globalThis.process');
    const isViteEnv = node.getName() === 'env' && Node.isMetaProperty(object);
    if (!isProcessEnv && !isViteEnv) return;
    for (const name of envNames(node)) {
      if (isViteEnv && name !== undefined && viteBuiltinEnv.has(name)) continue;
      facts.env.push({ ...at(node), ...(name === undefined ? {} : { name }) });
    }
  }

  /** The variable names read from an env object node; [undefined] when the whole env or a computed name is read. */
  function envNames(node: Node): (string | undefined)[] {
    const parent = node.getParentOrThrow();
    if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === node) return [parent.getName()];
    if (Node.isElementAccessExpression(parent) && parent.getExpression() === node)
      return [staticString(parent.getArgumentExpression(), sourceFile, bindings)];
    if (Node.isVariableDeclaration(parent) && parent.getInitializer() === node) {
      const name = parent.getNameNode();
      if (Node.isObjectBindingPattern(name)) {
        return name
          .getElements()
          .map((e) =>
            e.getDotDotDotToken()
              ? undefined
              : (e.getPropertyNameNode()?.getText() ?? e.getName()).replace(/^['"]|['"]$/g, ''),
          );
      }
    }
    return [undefined];
  }

  function fileAccess(call: CallExpression, fn: string, args: Node[]): void {
    const mode: AccessMode | undefined = writeFunctions.has(fn)
      ? 'write'
      : readFunctions.has(fn)
        ? fn === 'open' && /[wa+]/.test(staticString(args[1], sourceFile, bindings) ?? 'r')
          ? 'write'
          : 'read'
        : undefined;
    if (!mode || !args[0]) return;
    const push = (arg: Node, m: AccessMode) => {
      const path = staticPath(arg, sourceFile, bindings);
      facts.files.push({ ...at(arg), mode: m, ...(path ? { path } : {}) });
    };
    // Copies read their source; moves and renames change it.
    push(args[0], fn === 'rename' || fn === 'move' ? 'write' : twoPathFunctions.has(fn) ? 'read' : mode);
    if (twoPathFunctions.has(fn) && args[1]) push(args[1], 'write');
  }

  /** A literal URL (or a request options object with url / baseURL / host / hostname). */
  function urlArgument(arg: Node | undefined, call: Node): void {
    if (!arg) return;
    if (Node.isObjectLiteralExpression(arg)) {
      for (const prop of arg.getProperties()) {
        if (!Node.isPropertyAssignment(prop)) continue;
        const key = prop.getName().replace(/^['"]|['"]$/g, '');
        const value = staticPrefix(prop.getInitializer(), sourceFile, bindings);
        if (value === undefined) continue;
        if (key === 'url' || key === 'baseURL')
          addHost(value, prop, staticString(prop.getInitializer(), sourceFile, bindings) !== undefined);
        else if (
          (key === 'host' || key === 'hostname') &&
          /^[A-Za-z0-9.-]+$/.test(value) &&
          staticString(prop.getInitializer(), sourceFile, bindings) !== undefined
        ) {
          facts.hosts.push({ ...at(prop), host: value.toLowerCase(), url: value });
        }
      }
      return;
    }
    const prefix = staticPrefix(arg, sourceFile, bindings);
    if (prefix !== undefined) addHost(prefix, call, staticString(arg, sourceFile, bindings) !== undefined);
  }

  function addHost(prefix: string, node: Node, complete = false): void {
    // A partly known URL names its host only if the known part reaches past it.
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([/?#]|$)/i.exec(prefix);
    if (!m || (!complete && !m[1])) return;
    const host = hostOfUrl(m[0]);
    if (host) facts.hosts.push({ ...at(node), host, url: complete ? prefix : `${prefix}…` });
  }
}

/** An `eval` identifier used as a value (called, aliased, passed), not a property or declaration name. */
function isValueReference(node: Node): boolean {
  const parent = node.getParent();
  if (!parent) return false;
  if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === node) return false;
  if (
    (Node.isPropertyAssignment(parent) || Node.isMethodDeclaration(parent) || Node.isPropertyDeclaration(parent)) &&
    parent.getNameNode() === node
  )
    return false;
  if (Node.isVariableDeclaration(parent) || Node.isFunctionDeclaration(parent) || Node.isParameterDeclaration(parent))
    return parent.getNameNode() !== node;
  return !Node.isTypeReference(parent) && !Node.isImportSpecifier(parent) && !Node.isExportSpecifier(parent);
}
