import { ts, type SourceFile } from 'ts-morph';
import type { SourceComment } from '../types';

/**
 * Every comment of a file, found from the parsed tokens (so `//` inside a string or a regex is
 * not a comment). Each comment is leading trivia of the token after it or trailing trivia of the
 * token before it; both are collected and deduplicated by position.
 */
export function collectComments(sourceFile: SourceFile): SourceComment[] {
  const node = sourceFile.compilerNode;
  const text = node.getFullText();
  const seen = new Map<number, ts.CommentRange>();
  const add = (ranges: ts.CommentRange[] | undefined) => ranges?.forEach((r) => seen.set(r.pos, r));
  const visit = (n: ts.Node) => {
    if (n.kind === ts.SyntaxKind.JsxText) return;
    add(ts.getLeadingCommentRanges(text, n.pos));
    add(ts.getTrailingCommentRanges(text, n.end));
    for (const child of n.getChildren(node)) visit(child);
  };
  visit(node);
  return [...seen.values()]
    .sort((a, b) => a.pos - b.pos)
    .map((r) => {
      const raw = text.slice(r.pos, r.end);
      const body = r.kind === ts.SyntaxKind.SingleLineCommentTrivia ? raw.slice(2) : raw.slice(2, -2);
      return { line: node.getLineAndCharacterOfPosition(r.pos).line + 1, text: body };
    });
}
