/** What the user asked `add` for, before anything is fetched. */
export type PluginSpec =
  | { type: 'name'; name: string; range?: string }
  | { type: 'git'; url: string; ref?: string }
  | { type: 'local'; path: string }
  | { type: 'tarball'; path: string };

/**
 * `auth`, `@farm/auth`, `@farm/plugin-x@^1.2`, `farm-plugin-x@1.0.0`, a git URL (`git+file://…`,
 * `git+https://…#v1`, `git@host:repo.git`), a local folder (`./x`, `/abs/x`, `file:x`) or a `.tgz`.
 */
export function parsePluginSpec(spec: string): PluginSpec {
  const trimmed = spec.trim();
  if (/^(git\+|git:\/\/|git@)|\.git(#.*)?$/.test(trimmed)) {
    const [url, ref] = trimmed.replace(/^git\+/, '').split('#');
    return { type: 'git', url, ref: ref || undefined };
  }
  if (/\.(tgz|tar\.gz)$/.test(trimmed)) return { type: 'tarball', path: trimmed.replace(/^file:/, '') };
  if (/^(\.{1,2}\/|\/|file:|[A-Za-z]:\\)/.test(trimmed) || trimmed === '.' || trimmed === '..') return { type: 'local', path: trimmed.replace(/^file:/, '') };
  const at = trimmed.indexOf('@', 1);
  return at === -1 ? { type: 'name', name: trimmed } : { type: 'name', name: trimmed.slice(0, at), range: trimmed.slice(at + 1) || undefined };
}
