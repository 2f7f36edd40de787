import schema from '../manifest/plugin.schema.json';
import { buildIntegrationPlan } from '../plan';
import { hostTable } from './hosts';
import { kindsOf, kindTable } from './table';
import type { KindSection } from './types';

const sections: KindSection[] = ['frontend', 'backend', 'ai', 'database'];
const schemaKeys = (section: KindSection) =>
  Object.keys((schema.properties[section] as { properties: Record<string, unknown> }).properties).sort();

describe('the table of integration kinds', () => {
  it('owns every key of the integration sections of plugin.schema.json, each once', () => {
    for (const section of sections) {
      const owned = kindTable.filter((k) => k.section === section).map((k) => k.key);
      expect({ section, keys: [...owned].sort() }).toEqual({ section, keys: schemaKeys(section) });
      expect(new Set(owned).size).toBe(owned.length);
    }
    expect(new Set(kindTable.map((k) => k.name)).size).toBe(kindTable.length);
  });

  it('gives every plan slot to one kind, and plans each as an empty list when no plugin is active', () => {
    const slots = kindTable.flatMap((k) => (k.slot ? [k.slot.join('.')] : []));
    expect(new Set(slots).size).toBe(slots.length);
    const { plan } = buildIntegrationPlan({ plugins: [], exists: () => false });
    for (const kind of kindTable)
      if (kind.slot) expect({ [kind.name]: plan[kind.slot[0]][kind.slot[1] as never] }).toEqual({ [kind.name]: [] });
  });

  it('assembles each setup module a kind writes into in the host that consumes the kind', () => {
    for (const kind of kindTable) {
      if (kind.emit && 'module' in kind.emit)
        expect(`${kind.name} → ${Object.keys(hostTable[kind.host].modules ?? {})}`).toContain(kind.emit.module);
    }
  });

  it('checks the export of every path that names code, and only those', () => {
    for (const kind of kindTable) {
      if (kind.codeKind)
        expect({ kind: kind.name, check: Boolean(kind.exportCheck && kind.paths) }).toEqual({
          kind: kind.name,
          check: true,
        });
    }
    expect(kindsOf('frontend').map((k) => k.name)).toEqual([
      'component',
      'hook',
      'route',
      'style',
      'vite-plugin',
      'npm dependency',
    ]);
  });
});
