import { pyString } from '../emit/shared/code-strings';

/** A Python list of strings: `["a", "b"]`. */
export function pyList(values: readonly string[]): string {
  return `[${values.map(pyString).join(', ')}]`;
}

/** A string, or `None` when absent. */
export function pyOptional(value: string | undefined): string {
  return value === undefined ? 'None' : pyString(value);
}
