/**
 * The one catalogue of FARM error codes. Codes are stable: never renumber, only add.
 * `docs/errors.md` mirrors this table; a test keeps the two in step and the codes unique.
 */
export const errorCatalogue = {
  FARM_E001: { title: 'manifest not found', fix: 'add a plugin.json at the plugin folder root' },
  FARM_E002: { title: 'manifest is not valid JSON', fix: 'fix the JSON syntax at the position shown' },
  FARM_E003: { title: 'manifest does not match the plugin.json schema', fix: 'see docs/manifest.md' },
  FARM_E004: { title: 'manifest too large', fix: 'a plugin.json must be under 1 MiB; move data out of it' },
  FARM_E005: { title: 'configSchema is not a valid JSON Schema', fix: 'correct the schema keyword shown' },
  FARM_E006: {
    title: 'manifest name does not match its project',
    fix: 'rename the folder or the manifest so they agree',
  },
  FARM_E007: { title: 'two plugins share a project name', fix: 'give one of them another package name' },
  FARM_E008: {
    title: 'manifest nested too deeply',
    fix: 'a plugin.json may nest at most 200 levels of objects and arrays; flatten the value shown',
  },
  FARM_E009: {
    title: 'manifest repeats a key',
    fix: 'keep one of the two entries: JSON parsers silently keep the last one',
  },
  FARM_E010: { title: 'workspace.json not readable', fix: 'fix the JSON syntax at the position shown' },
  FARM_E011: { title: 'workspace.json does not match its schema', fix: 'see docs/workspace.md' },
  FARM_E012: {
    title: 'installed plugin has no folder',
    fix: 'restore libs/plugins/<name> or remove the entry from workspace.json',
  },
  FARM_E013: {
    title: 'installed version differs from the manifest',
    fix: 'run nx g @farm/plugins:update, or correct workspace.json',
  },
  FARM_E014: {
    title: 'workspace.json nested too deeply',
    fix: 'workspace.json may nest at most 200 levels of objects and arrays; flatten the value shown',
  },
  FARM_E015: {
    title: 'workspace.json repeats a key',
    fix: 'keep one of the two entries: JSON parsers silently keep the last one',
  },
  FARM_E016: {
    title: 'another command is changing the workspace',
    fix: 'wait for it to finish and run yours again; if the process named is not a FARM command (its pid was reused), delete .farm/lock',
  },
  FARM_E020: { title: 'dependency not installed', fix: 'nx g @farm/plugins:add <dependency>' },
  FARM_E021: { title: 'dependency version out of range', fix: 'update the dependency or relax the range' },
  FARM_E022: { title: 'peer dependency not installed', fix: 'nx g @farm/plugins:add <peer>' },
  FARM_E023: { title: 'peer dependency version out of range', fix: 'update the peer or relax the range' },
  FARM_E024: { title: 'plugins conflict', fix: 'remove or deactivate one of the two plugins' },
  FARM_E025: { title: 'dependency cycle', fix: 'break the cycle: one edge must go' },
  FARM_E026: { title: 'incompatible FARM version', fix: 'use a plugin version made for this FARM version' },
  FARM_E027: { title: 'incompatible Node.js version', fix: 'run a Node.js version in the range' },
  FARM_E028: { title: 'incompatible Python version', fix: 'run a Python version in the range' },
  FARM_E029: { title: 'plugin depends on itself', fix: 'remove the self-dependency' },
  FARM_E030: { title: 'dependency is inactive', fix: 'nx g @farm/plugins:activate <dependency>' },
  FARM_E040: { title: 'plugin config does not match its configSchema', fix: 'correct the value in workspace.json' },
  FARM_E050: {
    title: 'two plugins contribute the same thing',
    fix: 'rename one contribution or deactivate one plugin',
  },
  FARM_E051: { title: 'name cannot be used in generated code', fix: 'use a plain identifier that is not a keyword' },
  FARM_E052: {
    title: 'Python requirements cannot be satisfied together',
    fix: 'agree on versions both plugins accept (relax one specifier), or install only one of them',
  },
  FARM_E053: { title: 'route names an unknown component', fix: 'declare the component or add pages/<Component>.tsx' },
  FARM_E054: {
    title: 'npm dependency missing from the app',
    fix: "npm install '<package>@<range>' (quoted: ranges hold shell characters); when the app has another version, a version of the plugin made for it, or move the app to the range if all its code supports that (a bare install may downgrade it); for a git, URL or folder spec, read that code first — npm runs its scripts (a git dependency’s `prepare`, install scripts) as it installs it",
  },
  FARM_E055: { title: 'hook dependency unknown or cyclic', fix: 'list only hooks that active plugins provide' },
  FARM_E056: { title: 'path leaves the plugin folder', fix: 'use a relative path inside the plugin, without ..' },
  FARM_E057: { title: 'declared file does not exist', fix: 'create the file or correct the path' },
  FARM_E058: { title: 'AI model names an unknown provider', fix: 'use a provider some active plugin declares' },
  FARM_E059: {
    title: 'router middleware is not declared',
    fix: 'declare it under backend.middleware of an active plugin',
  },
  FARM_E060: {
    title: 'filesystem access denied by the security policy',
    fix: 'drop the access, allow it in workspace.json security.permissions.filesystem, or add a securityOverride with a reason',
  },
  FARM_E061: {
    title: 'network access denied by the security policy',
    fix: 'drop the network use, allow it in workspace.json security.permissions.network / limits, or add a securityOverride with a reason',
  },
  FARM_E062: {
    title: 'network host not in the allowed domains',
    fix: 'add the host to workspace.json security.permissions.network.allowedDomains, or add a securityOverride with a reason',
  },
  FARM_E063: {
    title: 'database access denied by the security policy',
    fix: 'allow it in workspace.json security.permissions.database, or add a securityOverride with a reason',
  },
  FARM_E064: {
    title: 'AI access denied by the security policy',
    fix: 'allow it in workspace.json security.permissions.ai (inference, providers), or add a securityOverride with a reason',
  },
  FARM_E065: {
    title: 'plugin needs what the sandbox isolates',
    fix: 'drop the access, relax workspace.json security.sandbox, or add a securityOverride with a reason',
  },
  FARM_E066: {
    title: 'security violation allowed by a securityOverride',
    fix: 'review the override in workspace.json; remove it once the plugin no longer needs it',
  },
  FARM_E067: {
    title: 'securityOverride without a reason',
    fix: 'write why the plugin may break the policy in securityOverride.reason',
  },
  FARM_E068: {
    title: 'securityOverride covers nothing',
    fix: 'remove the unused override (or the unused entry of its violations list)',
  },
  FARM_E070: {
    title: 'code evaluates strings as code',
    fix: 'remove eval / new Function / exec; or add a farm-allow eval comment with a reason',
  },
  FARM_E071: {
    title: 'module loaded from a name computed at run time',
    fix: 'import a literal module name; or add a farm-allow dynamic-import comment with a reason',
  },
  FARM_E072: {
    title: 'code starts processes',
    fix: 'remove child_process / subprocess / os.system; or add a farm-allow process-spawn comment with a reason',
  },
  FARM_E073: {
    title: 'unsafe deserialization',
    fix: 'use JSON (or another data-only format) instead of pickle / marshal; or add a farm-allow unsafe-deserialization comment with a reason',
  },
  FARM_E074: {
    title: 'raw socket',
    fix: 'use an HTTP client to a declared host; or add a farm-allow raw-socket comment with a reason',
  },
  FARM_E075: {
    title: 'file access outside the plugin folder',
    fix: 'keep files inside the plugin, or declare the path in permissions.filesystem.read / write',
  },
  FARM_E076: {
    title: 'network call to an undeclared host',
    fix: 'declare the host in permissions.network.allowedDomains',
  },
  FARM_E077: { title: 'environment variable read but not declared', fix: 'declare the variable in permissions.env' },
  FARM_E078: {
    title: 'suppression comment without effect',
    fix: 'write it as "farm-allow <rule>: <reason>" on the line of the finding or the line before',
  },
  FARM_E079: {
    title: 'source file cannot be analyzed',
    fix: 'fix the syntax error shown (or make the file smaller than the limit)',
  },
  FARM_E080: {
    title: 'component file does not export the React component',
    fix: 'export the component (a function, arrow, class, memo() or forwardRef()) as the file\'s default export, or name its named export in "export"',
  },
  FARM_E081: {
    title: 'hook file does not export the hook',
    fix: 'export the hook under its key (export function useX …), or name its export in "export"',
  },
  FARM_E082: {
    title: 'router module does not define the APIRouter',
    fix: 'make the module attribute an APIRouter (router = APIRouter(...)) and name it in "export" (default: the entry\'s key)',
  },
  FARM_E083: {
    title: 'middleware module does not define the class',
    fix: 'define the class at module level (or an alias or import of a class of the plugin) and name it in "export" (default: the entry\'s key)',
  },
  FARM_E084: {
    title: 'model module does not define the class',
    fix: 'define the class at module level (or an alias or import of a class of the plugin) and name it in "export" (default: the entry\'s key)',
  },
  FARM_E085: {
    title: 'AI provider class incomplete',
    fix: 'implement generate, chat, embed and health_check in the class or a base class of this plugin (an abstract method or = None does not count)',
  },
  FARM_E086: {
    title: 'module does not define the declared symbol',
    fix: 'define it at module level (def, class or assignment) and name it in "export" (default: the entry\'s key)',
  },
  FARM_E087: {
    title: 'value nested too deeply for generated code',
    fix: 'flatten the value: at most 64 levels of arrays and objects',
  },
  FARM_E088: {
    title: 'declared frontend file cannot be imported exactly',
    fix: 'write it in TypeScript (.ts, .tsx), rename it without ? and #, or rename the TypeScript file beside it',
  },
  FARM_E090: {
    title: 'registry unreachable',
    fix: 'check the network and the registry URL in .npmrc (registry=, @scope:registry=)',
  },
  FARM_E091: {
    title: 'registry refused the request',
    fix: 'add or renew the token for this registry in .npmrc (npm login --registry <url>)',
  },
  FARM_E092: {
    title: 'not found in the registry',
    fix: 'check the name and version, and which registry .npmrc points its scope at',
  },
  FARM_E093: {
    title: 'unexpected answer from the registry',
    fix: 'check that the configured registry URL points at an npm registry',
  },
  FARM_E094: {
    title: 'no installable version in the range or for this machine',
    fix: 'pick one of the available versions (or publish one in the range); for EBADENGINE/EBADPLATFORM, a version whose engines, os and cpu accept this machine, or upgrade Node/npm',
  },
  FARM_E095: {
    title: 'package is not an installable FARM plugin',
    fix: 'install FARM plugins only: an npm-packed package with plugin.json at its root',
  },
  FARM_E096: {
    title: 'tarball integrity check failed',
    fix: 'retry; if it persists, report it to the registry or the package author',
  },
  FARM_E097: {
    title: 'package spec FARM does not install',
    fix: 'use a name like @farm/plugin-x or farm-plugin-x (optionally @<version, range or dist-tag>), a git URL with #<branch, tag or commit>, a folder or a .tgz',
  },
  FARM_E098: { title: 'search matches too many packages', fix: 'search for something more specific' },
  FARM_E099: {
    title: 'plugin files changed since they were installed',
    fix: 'move your changes out (or into a plugin of your own), or rerun with --force to overwrite them',
  },
  FARM_E100: {
    title: 'Python requirement not found',
    fix: 'correct the package name or version in plugin.json (check it on pypi.org)',
  },
  FARM_E101: {
    title: 'Python environment could not be prepared',
    fix: 'run npm run setup (it installs uv and creates .venv), check the network, then retry',
  },
  FARM_E102: {
    title: 'npm dependency range conflicts',
    fix: 'agree on a range both accept (relax one of them), or install only one of the plugins',
  },
  FARM_E103: {
    title: 'the backend does not import with this change',
    fix: "fix the code or manifest entry shown; the message is the runtime's own",
  },
  FARM_E104: { title: 'URL answered by two owners', fix: 'give one of the routers another prefix or path' },
  FARM_E105: {
    title: 'Python module neither installed nor declared',
    fix: 'declare the PyPI package that provides it in backend.dependencies, guard the import (try/except ImportError), or remove it',
  },
  FARM_E106: {
    title: 'the frontend does not type-check with this change',
    fix: "fix the type error at the place shown; the message is the TypeScript compiler's own",
  },
  FARM_E107: {
    title: 'AI endpoint handler cannot be called as the host calls it',
    fix: 'define the handler as handler(payload, ai, request) (async or not; extra parameters need defaults)',
  },
  FARM_E108: {
    title: 'two files of a plugin compile to one file of its package',
    fix: 'rename one of the two files (or remove the one that is not used), and update plugin.json if it names it',
  },
  FARM_E109: {
    title: 'route path React Router cannot take as written',
    fix: 'write the path as React Router reads it: a parameter is a whole segment ":name" (optional ":name?"), an optional segment ends in "?", a splat is "*" as the last segment only; "?" and "#" elsewhere start the URL\'s query and hash',
  },
  FARM_E110: {
    title: 'plugin package holds a symbolic link',
    fix: 'replace the link with the file or folder it points to (or drop it): a plugin holds only files and folders',
  },
  FARM_E111: {
    title: 'plugin package holds a hard link to a file outside it',
    fix: 'copy the file into the plugin instead of linking it (cp, not ln), then pack the plugin again',
  },
  FARM_E112: {
    title: 'plugin package holds a device, FIFO or socket',
    fix: 'remove it: a plugin holds only files and folders',
  },
  FARM_E113: {
    title: 'tarball entry leaves the package',
    fix: 'pack the plugin with npm pack (it writes relative paths inside package/ only)',
  },
  FARM_E114: {
    title: 'plugin folder is a symbolic link',
    fix: 'make libs/plugins/<name> a real folder: move the plugin into the workspace, or install it with nx g @farm/plugins:add <folder>',
  },
  FARM_E115: {
    title: 'Vite plugin module is not a file of the plugin',
    fix: 'point module at a file inside the plugin (./vite/plugin.ts); to use an npm Vite plugin, re-export it from such a file',
  },
  FARM_E116: {
    title: 'npm could not install a declared package for the runtime gate',
    fix: 'check what npm’s quoted message names (npm on PATH, disk space, write access to node_modules/.cache), then retry',
  },
  FARM_E130: {
    title: 'lifecycle hook failed',
    fix: "fix the hook (or its module, when it failed to load) at the place shown; the error message is the hook's own",
  },
  FARM_E131: {
    title: 'lifecycle hook ended its process early',
    fix: 'remove process.exit() from the hook: return, or throw an Error, so the generator can finish or roll back',
  },
  FARM_E132: {
    title: 'lifecycle hook did not settle',
    fix: 'make the hook await its work and return; if it really needs longer, raise the limit: --hookTimeoutMs=<ms> or FARM_HOOK_TIMEOUT_MS=<ms>',
  },
  FARM_E133: {
    title: 'lifecycle hook reached outside its fence',
    fix: 'change workspace files through context.tree (tree.write, tree.delete) and keep temporary files under os.tmpdir(); do work that needs a process, a worker or a native addon in the backend or a build step, not in a hook',
  },
  FARM_E134: {
    title: 'lifecycle hook wrote outside the workspace through the Tree',
    fix: 'write workspace-relative paths that stay inside the workspace: no .., no .git/, no folder that is a link to outside',
  },
  FARM_E138: {
    title: 'plugin imports a file only Vite reads, and there is none',
    fix: 'add the file the import names, or correct the path (Vite resolves it relative to the importing file, without its ?query)',
  },
  FARM_E139: {
    title: 'plugin stylesheet does not parse as the Vite build parses it',
    fix: "fix the CSS at the place shown (the parser's message says what it expected)",
  },
  FARM_E140: {
    title: "a plugin stylesheet's @import or url() names no file",
    fix: 'add the file to the plugin, or correct the path (relative to the stylesheet)',
  },
  FARM_E141: {
    title: 'npm dependency is a path outside the plugin',
    fix: 'publish the package to a registry and declare its version range, or move it into the plugin folder (file:<plugin folder>/vendor/<name>.tgz, made with npm pack)',
  },
  FARM_E142: {
    title: 'plugin stylesheet needs a preprocessor the app does not have',
    fix: 'declare the preprocessor in plugin.json frontend.dependencies (the change installs it), or write the stylesheet as CSS',
  },
  FARM_E144: {
    title: "plugin changes another plugin's routes (or the app's) while the backend imports or starts it",
    fix: "leave other plugins' routers, modules, the app's routes and dependency overrides as they are: answer your URLs from a router of your own plugin (declared in backend.routers); to extend another plugin's code, declare it in dependencies and import what you extend",
  },
  FARM_E145: {
    title: 'plugin imports another plugin it does not declare',
    fix: 'declare the plugin in plugin.json dependencies (or peerDependencies), or stop importing its modules',
  },
  FARM_E146: {
    title: "plugin startup code did not finish within the runtime gate's time",
    fix: 'reach the yield (or return from on_startup) quickly: start long work as a background task (asyncio.create_task) and let the app serve meanwhile',
  },
  FARM_E147: {
    title: "plugin code reaches into the interpreter (other modules' state, frames, functions' code, every object)",
    fix: 'use the public API of what you need (import it, call it); if it is really intended, add `# farm-allow introspection: <why>` on the line',
  },
} as const satisfies Record<string, { title: string; fix: string }>;

export type FarmErrorCode = keyof typeof errorCatalogue;
