/** Readable, prefixed progress output: `[farm]` for the loop, `[backend]` / `[frontend]` for the servers. */
export interface DevLog {
  info(message: string): void;
  ok(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** One line a server printed, under its own prefix. */
  server(name: string, line: string, stream: 'stdout' | 'stderr'): void;
}

export type LogSink = (line: string, stream: 'stdout' | 'stderr') => void;

const colors = { cyan: 36, green: 32, yellow: 33, red: 31, magenta: 35, blue: 34, dim: 2 } as const;
type Color = keyof typeof colors;

export function createDevLog(options: { color?: boolean; sink?: LogSink } = {}): DevLog {
  const color = options.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const sink: LogSink = options.sink ?? ((line, stream) => (stream === 'stderr' ? process.stderr : process.stdout).write(line + '\n'));
  const paint = (c: Color, text: string) => (color ? `\x1b[${colors[c]}m${text}\x1b[0m` : text);
  const serverColor: Record<string, Color> = { backend: 'magenta', frontend: 'blue' };
  const farm = (c: Color, mark: string, message: string, stream: 'stdout' | 'stderr' = 'stdout') =>
    message.split('\n').forEach((line, i) => sink(`${paint(c, '[farm]')} ${i === 0 && mark ? paint(c, mark) + ' ' : ''}${line}`, stream));
  return {
    info: (m) => farm('cyan', '', m),
    ok: (m) => farm('green', '✓', m),
    warn: (m) => farm('yellow', '!', m, 'stderr'),
    error: (m) => farm('red', '✗', m, 'stderr'),
    server: (name, line, stream) => sink(`${paint(serverColor[name] ?? 'dim', `[${name}]`)} ${line}`, stream),
  };
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
