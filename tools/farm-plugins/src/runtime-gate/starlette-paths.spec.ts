import { answersUnder, pathsIntersect } from './starlette-paths';

// Starlette's path syntax (compile_path): `{name}` one segment, `{name:int}` digits,
// `{name:path}` the rest, slashes included; other text is itself.
describe('pathsIntersect (two routes sharing a URL)', () => {
  it.each([
    ['/ai/{slug:path}', '/ai/providers', true],
    ['/ai/{slug}', '/ai/providers', true],
    ['/ai/{slug}', '/ai/providers/x', false],
    ['/items/{id}', '/items/{name}', true],
    ['/items/{id:int}', '/items/new', false],
    ['/items/{id:int}', '/items/42', true],
    ['/items/', '/items', false],
    ['/{slug}', '/health', true],
    ['/v{version}/items', '/v2/items', true],
    ['/v{version}/items', '/x2/items', false],
    ['/a.b', '/axb', false],
    ['/users/me', '/users/me', true],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(pathsIntersect(a, b)).toBe(expected);
    expect(pathsIntersect(b, a)).toBe(expected);
  });
});

// A Mount at /p answers /p/… (Starlette mounts `/p/{path:path}`), not /p itself.
describe('answersUnder (a route reaching URLs a mount answers)', () => {
  it.each([
    ['/users/me', '/users', true],
    ['/users/{id}', '/users', true],
    ['/users/{id}', '/users/avatars', false],
    ['/users/me', '/users/avatars', false],
    ['/notes/{note_id}', '/notes/x', false],
    ['/health', '/health', false],
    ['/health', '/health/', false],
    ['/{slug}', '/brand', false],
    ['/{slug}/{page}', '/brand', true],
    ['/files/{rest:path}', '/files/static/brand', true],
    ['/wiki/{slug:path}', '/wiki/img', true],
    ['/media/b', '/media', true],
    ['/anything', '/', true],
  ])('%s under %s: %s', (route, prefix, expected) => {
    expect(answersUnder(route, prefix)).toBe(expected);
  });
});
