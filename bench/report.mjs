#!/usr/bin/env node
// Prints bench/results.json as the Markdown tables of docs/performance.md:
//   node bench/report.mjs [results.json]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const results = JSON.parse(readFileSync(resolve(process.argv[2] ?? 'bench/results.json'), 'utf8'));
const ns = Object.keys(results.sizes)
  .map(Number)
  .sort((a, b) => a - b);
const fmt = (v, unit = 'ms') => {
  if (v === undefined || v === null) return '—';
  if (unit === 'ms' && v >= 10_000) return `${(v / 1000).toFixed(1)} s`;
  if (unit === 'ms' && v >= 1_000) return `${(v / 1000).toFixed(2)} s`;
  return `${Math.round(v * 10) / 10} ${unit}`;
};
const rows = [];
const row = (label, pick, unit) =>
  rows.push(
    `| ${label} | ${ns.map((n) => (pick(results.sizes[n]) === undefined ? '—' : typeof pick(results.sizes[n]) === 'string' ? pick(results.sizes[n]) : fmt(pick(results.sizes[n]), unit))).join(' | ')} |`,
  );

console.log(
  `Medians of ${results.runs} runs (cold \`run-many -t validate\`: ${results.validateRuns.join(' / ')} run(s)), ${results.date.slice(0, 10)}, ${results.machine.cpus} vCPUs, Node ${results.machine.node}, nx ${results.machine.nx}; load average ${results.machine.loadavgAtStart?.[0] ?? '?'} at the start, ${results.machine.loadavgAtEnd[0]} at the end; ${results.durationSeconds} s in all.\n`,
);
rows.push(`| | ${ns.map((n) => `N = ${n}`).join(' | ')} |`, `|---|${ns.map(() => '---:').join('|')}|`);
row(
  'plugins / files / dependency edges',
  (s) => `${s.workspace.plugins} / ${s.workspace.files} / ${s.workspace.edges}`,
);
for (const host of ['backend', 'frontend']) {
  row(`**${host}** floor (read + parse + write)`, (s) => s.inProcess[host].floor.total);
  row(`${host} in-process cold, total`, (s) => s.inProcess[host].cold.total);
  row(`— load (read, parse, schema-check)`, (s) => s.inProcess[host].cold.load);
  row(`— plan+emit (resolve, plan, emit, write)`, (s) => s.inProcess[host].cold.afterLoad);
  row(`${host} in-process no-op`, (s) => s.inProcess[host].noop.total);
  row(`${host} first run on a machine (no kept ajv verdicts): plan+emit`, (s) => s.inProcess[host].firstRun?.afterLoad);
  row(`${host} peak RSS`, (s) => s.inProcess[host].peakRssMB, 'MB');
}
row('`nx show projects`', (s) => s.nx?.showProjects);
for (const phase of ['cold', 'cached']) {
  row(`\`nx run backend:noop\` ${phase}`, (s) => s.nx?.[phase].noop.median);
  row(`\`nx run backend:noop-executor\` ${phase}`, (s) => s.nx?.[phase].noopExecutor?.median);
  row(`\`nx run backend:integrate\` ${phase}`, (s) => s.nx?.[phase].backend.median);
  row(`\`nx run frontend:integrate\` ${phase}`, (s) => s.nx?.[phase].frontend.median);
}
const scenario = {
  source: 'a component of a typical plugin',
  manifest: "that plugin's plugin.json",
  dependedOn: 'plugin.json of a plugin others depend on',
  foundation: 'plugin.json of a foundation plugin',
};
for (const [kind, label] of Object.entries(scenario)) {
  row(
    `affected after editing ${label}: tasks (integrate + validate)`,
    (s) =>
      s.nx &&
      `${s.nx.affected[kind].tasks} (${s.nx.affected[kind].integrate} + ${s.nx.affected[kind].validate}; ${s.nx.affected[kind].dependents.transitive} dependents)`,
  );
  row(`— running them`, (s) => s.nx?.affected[kind].median);
}
row('`nx run-many -t validate` cold', (s) => s.nx?.validate.cold.median);
row('`nx run-many -t validate` cached', (s) => s.nx?.validate.cached.median);
console.log(rows.join('\n'));

console.log('\nRatios\n');
for (const [group, values] of Object.entries(results.ratios))
  console.log(
    `- ${group}: ${Object.entries(values)
      .map(([k, v]) => `${k} **${v}**`)
      .join(', ')}`,
  );

console.log(`\nTargets (judged at N = ${results.n})\n`);
console.log('| Target | Measured | |\n|---|---:|---|');
for (const t of results.targets)
  console.log(
    `| ${t.name} | ${t.unit === 'ms' ? fmt(t.value) : `${t.value} ${t.unit === 'x' ? '×' : t.unit}`} | ${t.met ? 'within target' : '**above target**'} |`,
  );
