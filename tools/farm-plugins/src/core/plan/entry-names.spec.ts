import type { CodeKind } from '../manifest';
import { entryNameProblems } from './entry-names';

describe('entryNameProblems', () => {
  it.each<[string, CodeKind, string, { export?: string }, string[]]>([
    ['a Python key without export', 'router', 'users', {}, []],
    ['a Python keyword as the key, no export', 'task', 'class', {}, [': "class" is not a Python identifier (or is a keyword)']],
    ['a Python keyword as the key, with an export', 'task', 'class', { export: 'klass' }, []],
    ['a Python keyword as the export', 'router', 'users', { export: 'import' }, ['/export: "import" is not a Python identifier (or is a keyword)']],
    ['a $ in a Python key with an export', 'router', 'a$', { export: 'router' }, [': "a$" cannot be part of a Python name (letters, digits, _)']],
    ['a component exporting default', 'component', 'Card', { export: 'default' }, []],
    ['a component with a named export', 'component', 'Card', { export: 'CardView' }, []],
    ['a reserved word as a component export', 'component', 'Card', { export: 'class' }, ['/export: export "class" is not a TypeScript identifier (or is a reserved word)']],
    ['a reserved word as a hook key', 'hook', 'delete', {}, [': "delete" is not a TypeScript identifier (or is a reserved word)']],
  ])('%s', (_title, kind, key, entry, expected) => {
    expect(entryNameProblems(kind, key, entry).map((p) => `${p.at}: ${p.message}`)).toEqual(expected);
  });
});
