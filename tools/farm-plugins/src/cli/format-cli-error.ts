import { errorCatalogue } from '../core/errors';

/**
 * A failed command's error for the terminal, or — under `--json` — as
 * `{ "error": { "code", "message", "fix" } }` (one object per FARM problem in `errors` when
 * there are several), so a script reads failures the way it reads results.
 */
export function formatCliError(error: unknown, json: boolean): string {
  const problems = (
    error as {
      problems?: {
        code: keyof typeof errorCatalogue;
        message: string;
        fix?: string;
        file?: string;
        pointer?: string;
      }[];
    }
  ).problems;
  const message = error instanceof Error ? error.message : String(error);
  if (!json) return message;
  if (!problems?.length) return JSON.stringify({ error: { code: null, message, fix: null } }, null, 2);
  const entries = problems.map((p) => ({
    code: p.code,
    message: p.message,
    fix: p.fix ?? errorCatalogue[p.code]?.fix ?? null,
    ...(p.file ? { file: p.file } : {}),
    ...(p.pointer ? { pointer: p.pointer } : {}),
  }));
  return JSON.stringify(entries.length === 1 ? { error: entries[0] } : { error: entries[0], errors: entries }, null, 2);
}
