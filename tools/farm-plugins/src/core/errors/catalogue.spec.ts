import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCatalogue } from './catalogue';

const catalogueSource = readFileSync(join(__dirname, 'catalogue.ts'), 'utf8');
const docs = readFileSync(join(__dirname, '../../../../../docs/errors.md'), 'utf8');

/** `## FARM_E001 — title` sections of docs/errors.md, with their Cause and Fix lines. */
function documentedCodes(): { code: string; title: string; cause?: string; fix?: string }[] {
  return docs
    .split(/^## /m)
    .slice(1)
    .map((section) => {
      const [heading = ''] = section.split('\n');
      const [, code, title] = /^(FARM_E\d{3}) — (.+)$/.exec(heading.trim()) ?? [];
      if (!code || !title) throw new Error(`docs/errors.md: heading "## ${heading}" is not "## FARM_Exxx — title"`);
      return {
        code,
        title,
        cause: /^\*\*Cause:\*\* (.+)$/m.exec(section)?.[1],
        fix: /^\*\*Fix:\*\* (.+)$/m.exec(section)?.[1],
      };
    });
}

describe('error catalogue', () => {
  const codes = Object.keys(errorCatalogue);

  it('declares each code once in catalogue.ts (a repeated key would silently replace the first)', () => {
    const declared = [...catalogueSource.matchAll(/^\s*(FARM_E\d+):/gm)].map((m) => m[1]);
    expect(declared.length).toBeGreaterThan(50);
    expect(declared.filter((code, i) => declared.indexOf(code) !== i)).toEqual([]);
    expect(declared).toEqual(codes);
  });

  it('uses FARM_E + three digits, in ascending order, with distinct titles and a fix each', () => {
    for (const code of codes) expect(code).toMatch(/^FARM_E\d{3}$/);
    expect([...codes].sort()).toEqual(codes);
    const titles = Object.values(errorCatalogue).map((e) => e.title);
    expect(new Set(titles).size).toBe(titles.length);
    for (const entry of Object.values(errorCatalogue)) expect(entry.fix.trim().length).toBeGreaterThan(5);
  });

  it('is documented in docs/errors.md: every code, in order, with its title, a cause and its fix', () => {
    const documented = documentedCodes();
    expect(documented.map((d) => d.code)).toEqual(codes);
    for (const d of documented) {
      const entry = errorCatalogue[d.code as keyof typeof errorCatalogue];
      expect({ code: d.code, title: d.title, fix: d.fix }).toEqual({
        code: d.code,
        title: entry.title,
        fix: entry.fix,
      });
      expect(d.cause?.length ?? 0).toBeGreaterThan(20);
    }
  });
});
