import type { JsonSchema, PluginConfigSchema } from '../../manifest';
import { generatedHeader, isPythonIdentifier, pyLiteral, pyString } from '../shared';

/**
 * A pydantic (v1) model of a plugin's config from its configSchema: nested objects become nested
 * classes (declared before use, so no forward references), enums become Literal types.
 */
export function emitPydanticConfig(schema: PluginConfigSchema, runCommand: string): string {
  const classes: string[] = [];
  const used = new Set<string>();
  const root = emitClass('PluginConfig', schema, classes, used);
  const header = [
    generatedHeader('#', runCommand).trimEnd(),
    'from typing import Any, Dict, List, Literal, Optional, Union',
    '',
    'from pydantic import BaseModel, Field',
  ].join('\n');
  return `${header}\n\n\n${classes.join('\n\n\n')}\n\n\n__all__ = [${pyString(root)}]\n`;
}

function emitClass(wanted: string, schema: JsonSchema, classes: string[], used: Set<string>): string {
  let name = wanted;
  for (let i = 2; used.has(name); i++) name = `${wanted}${i}`;
  used.add(name);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const lines: string[] = [];
  const fieldNames = new Set<string>();
  for (const key of Object.keys(properties)) {
    const prop = properties[key];
    const type = pythonType(prop, `${name}${pascal(key)}`, classes, used);
    let field = usableAsField(key) ? key : safeField(key);
    while (fieldNames.has(field)) field += '_';
    fieldNames.add(field);
    const args: string[] = [];
    if ('default' in prop) args.push(pyLiteral(prop.default));
    else args.push(required.has(key) ? '...' : 'None');
    if (field !== key) args.push(`alias=${pyString(key)}`);
    if (typeof prop.description === 'string') args.push(`description=${pyString(prop.description)}`);
    const annotation = 'default' in prop || required.has(key) ? type : `Optional[${type}]`;
    lines.push(`    ${field}: ${annotation} = Field(${args.join(', ')})`);
  }
  const doc = typeof schema.description === 'string' ? [`    ${pyString(schema.description)}`, ''] : [];
  const extra = schema.additionalProperties === false ? 'forbid' : 'allow';
  const config = ['    class Config:', `        extra = ${pyString(extra)}`, '        allow_population_by_field_name = True'];
  classes.push([`class ${name}(BaseModel):`, ...doc, ...(lines.length ? lines : []), ...(lines.length ? [''] : []), ...config].join('\n'));
  return name;
}

function pythonType(schema: JsonSchema, className: string, classes: string[], used: Set<string>): string {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return `Literal[${schema.enum.map(pyLiteral).join(', ')}]`;
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return `Union[${types.map((t) => pythonType({ ...schema, type: t }, className, classes, used)).join(', ')}]`;
  switch (types[0]) {
    case 'string':
      return 'str';
    case 'integer':
      return 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'null':
      return 'None';
    case 'array':
      return `List[${schema.items && typeof schema.items === 'object' ? pythonType(schema.items as JsonSchema, `${className}Item`, classes, used) : 'Any'}]`;
    case 'object':
      return schema.properties ? emitClass(className, schema, classes, used) : 'Dict[str, Any]';
    default:
      return 'Any';
  }
}

/** Names pydantic's BaseModel already uses; a config key with one of them is aliased. */
const reservedOnBaseModel = new Set(['dict', 'json', 'copy', 'parse_obj', 'schema', 'fields', 'construct', 'validate', 'Config']);

/**
 * Names the generated module binds (its imports and its `PluginConfig…` classes). A field with one
 * of them would rebind it inside the class body, so the next `Field(…)` or `Optional[…]` there
 * would use the field instead and the module would fail on import.
 */
const moduleNames = new Set(['Any', 'Dict', 'List', 'Literal', 'Optional', 'Union', 'BaseModel', 'Field']);

function usableAsField(name: string): boolean {
  return isPythonIdentifier(name) && !name.startsWith('_') && !reservedOnBaseModel.has(name) && !moduleNames.has(name) && !name.startsWith('PluginConfig');
}

function safeField(key: string): string {
  const cleaned = key.replace(/[^A-Za-z0-9_]/g, '_').replace(/^_+/, '');
  const field = /^[A-Za-z]/.test(cleaned) && !cleaned.startsWith('PluginConfig') ? cleaned : `field_${cleaned}`;
  return usableAsField(field) ? field : `${field}_`;
}

function pascal(key: string): string {
  return key.replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_m, _s, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '') || 'Field';
}
