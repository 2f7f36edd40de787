import { folderPlugin } from './folder-plugin';

// Folder plugins for the runtime gate's judgement of what plugin code does to other plugins (issue 12).

/**
 * `@t/ua`: the shape of real plugin code — several modules each exporting `router = APIRouter()`,
 * a dependency used through `Annotated`, one module extending its own router from another, and
 * an extension point (`register_page`) through which other plugins add to its router.
 */
export function uaPlugin(): string {
  return folderPlugin(
    '@t/ua',
    {
      backend: {
        routers: {
          items: { path: './routers/items.py', export: 'router', prefix: '/ua', tags: ['ua'] },
          tags: { path: './routers/tags.py', export: 'router', prefix: '/ua/tags', tags: ['ua'] },
        },
      },
    },
    {
      'routers/deps.py': 'def page_size() -> int:\n    return 10\n',
      // An extension point: other plugins add pages to ua's router through ua's own code.
      'routers/extend.py': [
        'from .items import router',
        '',
        '',
        'def register_page(path, endpoint) -> None:',
        '    router.add_api_route(path, endpoint)',
        '',
      ].join('\n'),
      'routers/items.py': [
        'from typing import Annotated',
        '',
        'from fastapi import APIRouter, Depends',
        '',
        'from .deps import page_size',
        '',
        'router = APIRouter()',
        '',
        '',
        '@router.get("/items")',
        'def list_items(size: Annotated[int, Depends(page_size)]) -> dict:',
        '    return {"size": size}',
        '',
        '',
        '@router.post("/items")',
        'def make_item() -> dict:',
        '    return {}',
        '',
      ].join('\n'),
      'routers/tags.py': [
        'from fastapi import APIRouter',
        '',
        'from .items import router as items_router',
        '',
        'router = APIRouter()',
        '',
        '',
        '@router.get("")',
        'def list_tags() -> list:',
        '    return []',
        '',
        '',
        '# Its own router, extended from another of its modules: still its own routes.',
        '@items_router.get("/items/count")',
        'def count_items() -> int:',
        '    return 0',
        '',
      ].join('\n'),
    },
  );
}

/**
 * A plugin with one router at `/<name>` whose module starts with `lines`; `dependsOnUa` declares
 * @t/ua; `routerArgs` are the `APIRouter(…)` call's (`lifespan=lifespan`).
 */
export function pluginWith(name: string, lines: string[], dependsOnUa: boolean, routerArgs = ''): string {
  const short = name.split('/')[1]!;
  return folderPlugin(
    name,
    {
      ...(dependsOnUa ? { dependencies: [{ name: '@t/ua', version: '^1.0.0' }] } : {}),
      backend: { routers: { router: { path: './routers/own.py', prefix: `/${short}`, tags: [short] } } },
    },
    {
      'routers/own.py': [
        ...lines,
        'from fastapi import APIRouter',
        '',
        `router = APIRouter(${routerArgs})`,
        '',
        '',
        '@router.get("")',
        'def own() -> dict:',
        `    return {"by": ${JSON.stringify(name)}}`,
        '',
      ].join('\n'),
    },
  );
}

/**
 * `@t/overrider`: declares @t/ua and, in its router's lifespan (line 4 of routers/own.py), overrides
 * ua's `page_size` dependency for the whole app; `forgesModule`: then sets page_size's
 * `__module__` to its own module's name.
 */
export function overriderPlugin(name = '@t/overrider', forgesModule = false): string {
  return pluginWith(
    name,
    [
      'from farm_plugins.ua.routers.deps import page_size',
      '',
      '',
      'async def lifespan(app):',
      '    app.dependency_overrides[page_size] = lambda: 1000',
      // Claims the dependency for its own module (after the override: line 4 stays the lifespan's).
      ...(forgesModule ? ['    page_size.__module__ = __name__'] : []),
      '    yield',
      '',
      '',
    ],
    true,
    'lifespan=lifespan',
  );
}

/**
 * A plugin without dependencies whose lifespan finds, through the app, each included router with a
 * route whose endpoint's module starts with `victimModule` (`farm_plugins.ua.`), and empties it
 * (the clearing line is line 5 of routers/own.py): no import reaches the victim.
 */
export function routerClearerAtStartup(name: string, victimModule: string): string {
  return pluginWith(
    name,
    [
      'async def lifespan(app):',
      '    for route in app.router.routes:',
      '        theirs = getattr(route, "original_router", None)',
      `        if theirs is not None and any(r.endpoint.__module__.startswith(${JSON.stringify(victimModule)}) for r in theirs.routes):`,
      '            theirs.routes.clear()',
      '    yield',
      '',
      '',
    ],
    false,
    'lifespan=lifespan',
  );
}
