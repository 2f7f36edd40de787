import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { configVerdictFile, configVerdictPath } from './config-verdict-file';

describe('configVerdictFile', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'farm-verdicts-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps verdicts for the next run, and writes only when one was added', () => {
    const first = configVerdictFile(root);
    first.save();
    expect(() => readFileSync(join(root, configVerdictPath))).toThrow();
    first.add('a');
    first.save();
    const second = configVerdictFile(root);
    expect(second.has('a')).toBe(true);
    expect(second.has('b')).toBe(false);
  });

  it('merges what another process saved meanwhile', () => {
    const one = configVerdictFile(root);
    const two = configVerdictFile(root);
    one.add('a');
    one.save();
    two.add('b');
    two.save();
    const next = configVerdictFile(root);
    expect([next.has('a'), next.has('b')]).toEqual([true, true]);
  });

  it('treats a damaged or foreign file as empty', () => {
    mkdirSync(dirname(join(root, configVerdictPath)), { recursive: true });
    for (const text of ['{', '[]', '{"version":2,"digests":["a"]}', '{"version":1,"digests":[1,"a"]}']) {
      writeFileSync(join(root, configVerdictPath), text);
      expect(configVerdictFile(root).has('a')).toBe(text.endsWith('"a"]}') && text.includes('"version":1'));
    }
  });
});
