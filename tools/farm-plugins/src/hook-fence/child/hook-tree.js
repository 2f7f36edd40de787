'use strict';
// The Nx Tree a fenced hook sees (docs/lifecycle.md#lifecycle-hooks): the workspace on disk (read
// only), overlaid with the changes the generator's Tree already holds, overlaid with the hook's
// own. Every change is also logged as an operation, which the generator replays on its real Tree.
// Plain JavaScript: the fenced process may not load native addons, so no transpiler runs first.
const fs = require('node:fs');
const path = require('node:path');

// Captured before the hook can patch anything: the Tree keeps reading the disk through these.
const { readFileSync, readdirSync, statSync } = fs;

class HookTree {
  /**
   * @param {string} root the workspace root (tree.root of the generator)
   * @param {{ path: string, content: Uint8Array | null, options?: object }[]} changes the
   *   generator's Tree changes: content for a created or updated file, null for a deletion
   */
  constructor(root, changes) {
    this.root = root;
    /** The hook running now: each operation names it, for the generator's messages. */
    this.hook = undefined;
    /** @type {Array<{ hook?: string } & ({ op: 'write', path: string, content: Buffer, options?: object } | { op: 'delete', path: string } | { op: 'chmod', path: string, mode: string | number })>} */
    this.ops = [];
    /** path → { content: Buffer | null, options?: object }; null content: deleted */
    this.records = new Map();
    for (const change of changes)
      this.records.set(change.path, {
        content: change.content ? Buffer.from(change.content) : null,
        options: change.options,
      });
  }

  read(filePath, encoding) {
    const content = this.contentOf(this.normalize(filePath));
    if (content === null) return null;
    return encoding ? content.toString(encoding) : Buffer.from(content);
  }

  write(filePath, content, options) {
    const key = this.normalize(filePath);
    const bytes = Buffer.from(content);
    this.records.set(key, { content: bytes, options });
    this.ops.push({ hook: this.hook, op: 'write', path: key, content: bytes, ...(options ? { options } : {}) });
  }

  overwrite(filePath, content, options) {
    this.write(filePath, content, options);
  }

  delete(filePath) {
    const key = this.normalize(filePath);
    this.forget(key);
    this.ops.push({ hook: this.hook, op: 'delete', path: key });
  }

  /** Deletes without logging: as in Nx, a folder left empty goes too (the replay does the same). */
  forget(key) {
    // A recorded file below wins over a deleted folder above it, so it is deleted by name too.
    for (const [recorded, record] of this.records)
      if (record.content !== null && recorded.startsWith(`${key}/`)) this.records.set(recorded, { content: null });
    this.records.set(key, { content: null });
    const parent = path.posix.dirname(key);
    if (key !== '' && parent !== '.' && this.children(parent).length === 0) this.forget(parent);
  }

  exists(filePath) {
    const key = this.normalize(filePath);
    return this.contentOf(key) !== null || this.isFolder(key);
  }

  isFile(filePath) {
    return this.contentOf(this.normalize(filePath)) !== null;
  }

  rename(from, to) {
    const source = this.normalize(from);
    const target = this.normalize(to);
    if (source === target) return;
    // As Nx's FsTree does it: a file is written at its new place and deleted at the old one.
    if (this.isFile(source)) {
      this.write(target, this.read(source));
      this.delete(source);
    } else {
      for (const child of this.children(source))
        this.rename(path.posix.join(source, child), path.posix.join(target, child));
    }
  }

  children(dirPath) {
    const dir = this.normalize(dirPath);
    const names = new Set();
    if (!this.hidden(dir)) for (const name of this.diskChildren(dir)) names.add(name);
    const prefix = dir === '' ? '' : `${dir}/`;
    for (const [recorded, record] of this.records) {
      if (record.content !== null && recorded.startsWith(prefix) && recorded.length > prefix.length)
        names.add(recorded.slice(prefix.length).split('/')[0]);
    }
    return [...names].filter((name) => this.exists(path.posix.join(dir, name)));
  }

  changePermissions(filePath, mode) {
    const key = this.normalize(filePath);
    const content = this.contentOf(key);
    if (content === null) throw new Error(`Cannot change permissions of ${key}: not a file.`);
    this.records.set(key, { content, options: { mode } });
    this.ops.push({ hook: this.hook, op: 'chmod', path: key, mode });
  }

  listChanges() {
    const changes = [];
    for (const [recorded, record] of this.records) {
      const onDisk = this.diskKind(recorded) !== undefined;
      if (record.content === null) {
        if (onDisk) changes.push({ path: recorded, type: 'DELETE', content: null });
      } else {
        changes.push({
          path: recorded,
          type: onDisk ? 'UPDATE' : 'CREATE',
          content: record.content,
          options: record.options,
        });
      }
    }
    return changes;
  }

  /** Nx's rule: workspace-relative, posix, with an absolute path taken as relative to the root. */
  normalize(filePath) {
    return path
      .relative(this.root, path.join(this.root, String(filePath)))
      .split(path.sep)
      .join('/');
  }

  contentOf(key) {
    const record = this.records.get(key);
    if (record) return record.content;
    if (this.hidden(key) || this.diskKind(key) !== 'file') return null;
    try {
      return readFileSync(path.join(this.root, key));
    } catch {
      return null;
    }
  }

  isFolder(key) {
    if (this.records.get(key)?.content === null || this.hidden(key)) return this.children(key).length > 0;
    return this.diskKind(key) === 'folder' || this.children(key).length > 0;
  }

  /** Deleted with a folder above it (and not written again since). */
  hidden(key) {
    if (this.records.get(key)?.content === null) return true;
    for (let dir = path.posix.dirname(key); dir !== '.' && dir !== '/' && dir !== ''; dir = path.posix.dirname(dir)) {
      if (this.records.get(dir)?.content === null) return true;
    }
    return false;
  }

  diskKind(key) {
    try {
      const stat = statSync(path.join(this.root, key));
      return stat.isFile() ? 'file' : stat.isDirectory() ? 'folder' : undefined;
    } catch {
      return undefined;
    }
  }

  diskChildren(dir) {
    try {
      return readdirSync(path.join(this.root, dir));
    } catch {
      return [];
    }
  }
}

module.exports = { HookTree };
