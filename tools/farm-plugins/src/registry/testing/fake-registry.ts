import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** One version's package.json as a registry serves it, with where to download it. */
export interface PackageVersionManifest {
  name: string;
  version: string;
  description?: string;
  keywords?: string[];
  deprecated?: string;
  dist: { tarball: string; integrity?: string; shasum?: string };
  [key: string]: unknown;
}

/** A registry's document for one package (the "packument"). */
interface Packument {
  name: string;
  description?: string;
  'dist-tags'?: Record<string, string>;
  versions?: Record<string, PackageVersionManifest>;
}

/**
 * A tiny npm registry on 127.0.0.1:<free port> for tests: packuments, tarballs (real gzipped
 * tars made by the system tar, with real sha512 integrity), and a `/-/v1/search` that matches like
 * Verdaccio 6 (every word a substring of name or description) and answers like it (name,
 * description, keywords, dist-tags — no version), or with names and descriptions only.
 */
export interface FakeRegistry {
  /** Base URL, ending in `/`. */
  url: string;
  /** Every request received, in order. */
  requests: { method: string; path: string; headers: IncomingHttpHeaders }[];
  /** Publishes `files` (package.json is made from `manifest`) as a new version; returns its manifest. */
  publish(
    manifest: { name: string; version: string; [key: string]: unknown },
    files?: Record<string, string>,
    options?: { tag?: string | null; deprecated?: string; symlinks?: Record<string, string> },
  ): PackageVersionManifest;
  /** Serves other bytes for a published tarball than the ones its integrity describes. */
  tamper(name: string, version: string): void;
  /** Search results with only name and description, as some registries send them. */
  minimalSearch: boolean;
  /** Requires `Authorization: Bearer <token>` on every request from now on. */
  requireToken(token: string): void;
  close(): Promise<void>;
}

export async function startFakeRegistry(): Promise<FakeRegistry> {
  const packuments = new Map<string, Packument>();
  const tarballs = new Map<string, Buffer>();
  const requests: FakeRegistry['requests'] = [];
  const work = mkdtempSync(join(tmpdir(), 'farm-fake-registry-'));
  let token: string | undefined;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers });
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(Buffer.isBuffer(body) ? body : JSON.stringify(body));
    };
    if (token && req.headers.authorization !== `Bearer ${token}`) return send(401, { error: 'authorization required' });
    if (url.pathname === '/-/v1/search') {
      const words = (url.searchParams.get('text') ?? '').split(' ').filter(Boolean);
      const objects = [...packuments.values()]
        .filter((p) => words.every((w) => p.name.includes(w) || (p.description ?? '').includes(w)))
        .map((p) => {
          const latest = p.versions![p['dist-tags']!.latest ?? ''];
          return {
            package: registry.minimalSearch
              ? { name: p.name, description: p.description }
              : {
                  name: p.name,
                  description: p.description,
                  keywords: latest?.keywords ?? [],
                  'dist-tags': p['dist-tags'],
                },
          };
        });
      return send(200, { objects, total: objects.length });
    }
    const tarball = tarballs.get(url.pathname);
    if (tarball) return send(200, tarball, 'application/octet-stream');
    const packument = packuments.get(decodeURIComponent(url.pathname.slice(1)));
    if (packument) return send(200, packument);
    return send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const base = `http://127.0.0.1:${port}/`;

  const registry: FakeRegistry = {
    url: base,
    requests,
    minimalSearch: false,
    publish(manifest, files = {}, options = {}) {
      const dir = mkdtempSync(join(work, 'pkg-'));
      const all: Record<string, string> = { 'package.json': JSON.stringify(manifest, null, 2), ...files };
      for (const [path, contents] of Object.entries(all)) {
        mkdirSync(dirname(join(dir, 'package', path)), { recursive: true });
        writeFileSync(join(dir, 'package', path), contents);
      }
      for (const [path, target] of Object.entries(options.symlinks ?? {}))
        symlinkSync(target, join(dir, 'package', path));
      execFileSync('tar', ['-czf', join(dir, 'package.tgz'), '-C', dir, 'package']);
      const bytes = readFileSync(join(dir, 'package.tgz'));
      const short = manifest.name.replace(/^@[^/]+\//, '');
      const path = `/${manifest.name}/-/${short}-${manifest.version}.tgz`;
      tarballs.set(path, bytes);
      const version: PackageVersionManifest = {
        ...manifest,
        ...(options.deprecated ? { deprecated: options.deprecated } : {}),
        dist: {
          tarball: `${base}${path.slice(1)}`,
          integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
          shasum: createHash('sha1').update(bytes).digest('hex'),
        },
      };
      const packument = packuments.get(manifest.name) ?? { name: manifest.name, 'dist-tags': {}, versions: {} };
      packument.versions![manifest.version] = version;
      packument.description = (manifest.description as string | undefined) ?? packument.description;
      if (options.tag !== null) packument['dist-tags']![options.tag ?? 'latest'] = manifest.version;
      packuments.set(manifest.name, packument);
      return version;
    },
    tamper(name, version) {
      const short = name.replace(/^@[^/]+\//, '');
      const path = `/${name}/-/${short}-${version}.tgz`;
      const bytes = tarballs.get(path);
      if (!bytes) throw new Error(`${name}@${version} is not published`);
      tarballs.set(path, Buffer.concat([bytes, Buffer.from([0])]));
    },
    requireToken(value) {
      token = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        rmSync(work, { recursive: true, force: true });
      }),
  };
  return registry;
}
