import { posix } from 'node:path';
import { Node, VariableDeclarationKind, type SourceFile } from 'ts-morph';
import type { CodePath } from '../types';
import { calleeTarget, type ModuleBinding } from './module-bindings';

/**
 * A value known before run time: text, a path relative to the source file's folder (from
 * `__dirname`, `__filename`, `import.meta.dirname` or `new URL('.', import.meta.url)`), or
 * `import.meta.url` itself.
 */
type Value = { kind: 'text'; text: string } | { kind: 'dir'; path: string } | { kind: 'module-url' };

interface Context {
  sourceFile: SourceFile;
  bindings: ReadonlyMap<string, ModuleBinding>;
  depth: number;
}

const maxDepth = 12;

/** The string an expression always evaluates to, when that can be known from this file alone. */
export function staticString(
  node: Node | undefined,
  sourceFile: SourceFile,
  bindings: ReadonlyMap<string, ModuleBinding>,
): string | undefined {
  const v = node && evaluate(node, { sourceFile, bindings, depth: 0 });
  return v?.kind === 'text' ? v.text : undefined;
}

/**
 * The leading text of a string expression that is only partly known (`https://host/${path}` →
 * `https://host/`); undefined when not even the start is known.
 */
export function staticPrefix(
  node: Node | undefined,
  sourceFile: SourceFile,
  bindings: ReadonlyMap<string, ModuleBinding>,
): string | undefined {
  if (!node) return undefined;
  const full = staticString(node, sourceFile, bindings);
  if (full !== undefined) return full;
  const inner = unwrap(node);
  if (Node.isTemplateExpression(inner)) {
    const head = inner.getHead().getLiteralText();
    const first = inner.getTemplateSpans()[0]!; // a template expression has at least one span
    const firstValue = staticString(first.getExpression(), sourceFile, bindings);
    return firstValue === undefined ? head : head + firstValue + first.getLiteral().getLiteralText();
  }
  if (Node.isBinaryExpression(inner) && inner.getOperatorToken().getText() === '+')
    return staticPrefix(inner.getLeft(), sourceFile, bindings);
  return undefined;
}

/** Where a path expression points, when that can be known from this file alone. */
export function staticPath(
  node: Node | undefined,
  sourceFile: SourceFile,
  bindings: ReadonlyMap<string, ModuleBinding>,
): CodePath | undefined {
  const v = node && evaluate(node, { sourceFile, bindings, depth: 0 });
  if (!v || v.kind === 'module-url') return undefined;
  if (v.kind === 'dir') return { anchor: 'file', path: v.path };
  if (v.text.startsWith('file://')) return { anchor: 'abs', path: decodeURIComponent(v.text.slice('file://'.length)) };
  return posix.isAbsolute(v.text) ? { anchor: 'abs', path: v.text } : { anchor: 'cwd', path: v.text };
}

function unwrap(node: Node): Node {
  let current = node;
  while (
    Node.isParenthesizedExpression(current) ||
    Node.isAsExpression(current) ||
    Node.isNonNullExpression(current) ||
    Node.isSatisfiesExpression(current) ||
    Node.isTypeAssertion(current)
  ) {
    current = current.getExpression();
  }
  return current;
}

function evaluate(node: Node, ctx: Context): Value | undefined {
  if (ctx.depth > maxDepth) return undefined;
  const inner = { ...ctx, depth: ctx.depth + 1 };
  const n = unwrap(node);
  if (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) return text(n.getLiteralValue());
  if (Node.isTemplateExpression(n)) {
    let acc: Value | undefined = text(n.getHead().getLiteralText());
    for (const span of n.getTemplateSpans()) {
      acc = concat(concat(acc, evaluate(span.getExpression(), inner)), text(span.getLiteral().getLiteralText()));
    }
    return acc;
  }
  if (Node.isBinaryExpression(n) && n.getOperatorToken().getText() === '+')
    return concat(evaluate(n.getLeft(), inner), evaluate(n.getRight(), inner));
  if (Node.isIdentifier(n)) return identifierValue(n.getText(), ctx.sourceFile, inner);
  if (Node.isPropertyAccessExpression(n) && Node.isMetaProperty(n.getExpression())) {
    const name = n.getName();
    if (name === 'dirname') return { kind: 'dir', path: '.' };
    if (name === 'filename') return { kind: 'dir', path: fileName(ctx.sourceFile) };
    if (name === 'url') return { kind: 'module-url' };
    return undefined;
  }
  if (Node.isNewExpression(n) && n.getExpression().getText() === 'URL') {
    const [relative, base] = n.getArguments();
    const r = relative && evaluate(relative, inner);
    const b = base && evaluate(base, inner);
    if (r?.kind !== 'text' || b?.kind !== 'module-url') return undefined;
    return r.text.startsWith('/') ? text(r.text) : { kind: 'dir', path: posix.normalize(posix.join('.', r.text)) };
  }
  if (Node.isCallExpression(n)) return callValue(n, inner);
  return undefined;
}

function identifierValue(name: string, sourceFile: SourceFile, ctx: Context): Value | undefined {
  if (name === '__dirname') return { kind: 'dir', path: '.' };
  if (name === '__filename') return { kind: 'dir', path: fileName(sourceFile) };
  const decl = sourceFile.getVariableDeclaration(name);
  if (!decl || decl.getVariableStatement()?.getDeclarationKind() !== VariableDeclarationKind.Const) return undefined;
  const init = decl.getInitializer();
  return init ? evaluate(init, ctx) : undefined;
}

/** path.join / resolve / dirname, url.fileURLToPath — from 'path' or 'url' (node: or not). */
function callValue(call: Node & { getExpression(): Node; getArguments(): Node[] }, ctx: Context): Value | undefined {
  const target = calleeTarget(call.getExpression(), ctx.bindings);
  if (!target || (target.module !== 'path' && target.module !== 'url')) return undefined;
  const fn = target.path.filter((p) => p !== 'posix' && p !== 'default').join('.');
  const args = call.getArguments().map((a) => evaluate(a, ctx));
  if (target.module === 'url') {
    if (fn !== 'fileURLToPath' || args.length !== 1) return undefined;
    return args[0]?.kind === 'module-url' ? { kind: 'dir', path: fileName(ctx.sourceFile) } : args[0];
  }
  if (args.some((a) => a === undefined || a.kind === 'module-url')) return undefined;
  const values = args as Value[];
  switch (fn) {
    case 'join':
      return joinValues(values);
    case 'resolve': {
      let start = 0;
      values.forEach((v, i) => {
        if (v.kind === 'dir' || (v.kind === 'text' && posix.isAbsolute(v.text))) start = i;
      });
      return joinValues(values.slice(start));
    }
    case 'normalize':
      return values.length === 1 ? joinValues(values) : undefined;
    case 'dirname':
      return values.length === 1 ? dirnameOf(values[0]!) : undefined;
    default:
      return undefined;
  }
}

function joinValues(values: Value[]): Value | undefined {
  const [first, ...rest] = values;
  if (!first) return text('.');
  if (rest.some((v) => v.kind !== 'text')) return undefined;
  const tail = rest.map((v) => (v as { text: string }).text);
  if (first.kind === 'dir') return { kind: 'dir', path: posix.normalize(posix.join(first.path, ...tail)) };
  if (first.kind === 'text') return text(posix.join(first.text, ...tail));
  return undefined;
}

function dirnameOf(value: Value): Value | undefined {
  if (value.kind === 'text') return text(posix.dirname(value.text));
  if (value.kind !== 'dir') return undefined;
  const p = posix.normalize(value.path);
  return { kind: 'dir', path: p === '.' || p === '..' || p.endsWith('/..') ? posix.join(p, '..') : posix.dirname(p) };
}

function concat(a: Value | undefined, b: Value | undefined): Value | undefined {
  if (!a || !b) return undefined;
  if (a.kind === 'text' && b.kind === 'text') return text(a.text + b.text);
  // `${__dirname}/x` and __dirname + '/x': a path under the file's folder.
  if (a.kind === 'dir' && b.kind === 'text' && (b.text === '' || b.text.startsWith('/')))
    return { kind: 'dir', path: posix.normalize(a.path + b.text) };
  if (a.kind === 'text' && a.text === '' && b.kind === 'dir') return b;
  return undefined;
}

function text(value: string): Value {
  return { kind: 'text', text: value };
}

function fileName(sourceFile: SourceFile): string {
  return posix.basename(sourceFile.getFilePath());
}
