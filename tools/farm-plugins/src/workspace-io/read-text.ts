import { readFileSync } from 'node:fs';

/** A file's UTF-8 text, or null when it cannot be read (absent, a folder, no permission). */
export function readTextOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
