import { spawnSync } from 'node:child_process';
import { pythonExecutable } from '../../../workspace-io/runtimes';
import { isPythonIdentifier } from '../shared';
import { pydanticModelNames, pythonBuiltins, pythonSoftKeywords } from './python-names';

/** The names as the backend's Python and pydantic have them today (python-names.ts copies them). */
function namesFromPython(): { model: string[]; builtins: string[]; keywords: string[]; softKeywords: string[] } {
  const script =
    'import builtins, json, keyword, pydantic; print(json.dumps({"model": sorted(dir(pydantic.BaseModel)), "builtins": sorted(dir(builtins)), "keywords": keyword.kwlist, "softKeywords": keyword.softkwlist}))';
  const run = spawnSync(pythonExecutable, ['-c', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${pythonExecutable}: ${run.stderr || run.error?.message}`);
  return JSON.parse(run.stdout);
}

describe('python-names: the names a config key must not take, against the real Python', () => {
  const python = namesFromPython();
  // `_` names are aliased by the emitter's rule, so the lists leave them out.
  const missing = (names: readonly string[], list: readonly string[]) =>
    names.filter((n) => !n.startsWith('_') && !list.includes(n));

  it('covers dir(pydantic.BaseModel)', () => {
    expect(python.model).toContain('model_validate');
    expect(missing(python.model, pydanticModelNames)).toEqual([]);
  });

  it('covers dir(builtins)', () => {
    expect(python.builtins).toContain('str');
    expect(missing(python.builtins, pythonBuiltins)).toEqual([]);
  });

  it('covers keyword.softkwlist, and isPythonIdentifier refuses every keyword.kwlist entry', () => {
    expect(missing(python.softKeywords, pythonSoftKeywords)).toEqual([]);
    expect(python.keywords.filter(isPythonIdentifier)).toEqual([]);
  });
});
