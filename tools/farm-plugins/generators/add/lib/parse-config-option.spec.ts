import { parseConfigOption } from './parse-config-option';

describe('parseConfigOption', () => {
  it('reads JSON and dotted key=value pairs, values as JSON when they parse', () => {
    expect(parseConfigOption('{"jwt":{"secret":"s"}}')).toEqual({ jwt: { secret: 's' } });
    expect(JSON.parse(JSON.stringify(parseConfigOption('jwt.secret=s,maxTokens=500,flags=[1]')))).toEqual({
      jwt: { secret: 's' },
      maxTokens: 500,
      flags: [1],
    });
  });

  it.each([
    ['__proto__.securityOverride={"reason":"x"}'],
    ['a.constructor.prototype.polluted=1'],
    ['prototype=1'],
    ['{"__proto__":{"polluted":1}}'],
    ['{"a":{"b":{"constructor":{}}}}'],
    ['x={"__proto__":{"polluted":1}}'],
  ])('refuses %s and leaves Object.prototype alone', (option) => {
    expect(() => parseConfigOption(option)).toThrow(/cannot be a config key/);
    expect(({} as Record<string, unknown>).securityOverride).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a pair that would go through a value that is not an object', () => {
    expect(() => parseConfigOption('a=1,a.b=2')).toThrow(/a already holds a value that is not an object/);
  });
});
