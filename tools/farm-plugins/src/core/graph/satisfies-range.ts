import * as semver from 'semver';

const answers = new Map<string, boolean>();

/**
 * Whether `version` is in `range`, exactly as npm reads it: `semver.satisfies` without
 * `includePrerelease`, so a prerelease (`2.0.0-rc.1`) satisfies a range only when one of the
 * range's comparators names a prerelease of the same major.minor.patch (`>=2.0.0-rc.0`);
 * `>=1.0.0 <2.0.0` refuses `2.0.0-rc.1` (node-semver's README, "Prerelease Tags"). The one
 * version check of the resolver, add and integrate. Invalid input is `false`, never a throw.
 * Answers are remembered: at 1,000 plugins the same few pairs come up thousands of times.
 */
export function satisfiesRange(version: string, range: string): boolean {
  const key = `${version}\0${range}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    if (answers.size > 10_000) answers.clear();
    answers.set(key, (answer = semver.satisfies(version, range)));
  }
  return answer;
}
