import { answersUnder } from './gate-problems';

// Starlette's path syntax: `{name}` is one segment, `{name:path}` the rest, the rest is literal.
describe('answersUnder (a route reaching URLs at or below a mount prefix)', () => {
  it.each([
    ['/users/me', '/users', true],
    ['/users/{id}', '/users/avatars', true],
    ['/users/me', '/users/avatars', false],
    ['/{slug}', '/brand', true],
    ['/{slug}', '/static/brand', false],
    ['/files/{rest:path}', '/files/static/brand', true],
    ['/v{version}/items', '/v2', true],
    ['/v{version}/items', '/x2', false],
    ['/health', '/health/', true],
    ['/ai', '/ai/providers', false],
    ['/a.b', '/axb', false],
    ['/anything', '/', true],
  ])('%s under %s: %s', (route, prefix, expected) => {
    expect(answersUnder(route, prefix)).toBe(expected);
  });
});
