/**
 * `text` without the UTF-8 byte order mark it may start with. Node's `require` and npm skip it in
 * package.json, and editors on Windows write it; every FARM reader of a JSON file does the same.
 * A leaf module: the Nx graph plugin imports it without loading a parser.
 */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
