import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../testing/temp-workspace';
import { diskFileView } from './asset-file-view';
import { cssParsersOf, stylesheetProblems } from './plugin-stylesheets';

const app = { root: 'apps/frontend', publicDir: 'apps/frontend/public' };
const parsers = cssParsersOf(repoRoot);

describe('stylesheetProblems', () => {
  let root: string;
  const write = (path: string, text = '') => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const judge = (...sheets: string[]) =>
    stylesheetProblems(diskFileView(root), '@farm/p', sheets, app, () => parsers).map((p) => ({
      code: p.code,
      at: `${p.file}:${p.line}:${p.column}`,
      message: p.message,
    }));
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'farm-stylesheets-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes a sheet that parses and whose targets exist', () => {
    write('p/s/a.css', '@import "./b.css";\n.a { background: url(./img/bg.png) }\n');
    write('p/s/b.css', '.b { background: url("data:image/png;base64,AA"), url(#x), url(https://x.test/a.png) }\n');
    write('p/s/img/bg.png');
    expect(judge('p/s/a.css')).toEqual([]);
  });

  it("refuses an unclosed block at postcss's place, quoting it", () => {
    write('p/s/a.css', '.ok { color: blue }\n.a { color: red');
    expect(judge('p/s/a.css')).toEqual([
      { code: 'FARM_E139', at: 'p/s/a.css:2:1', message: expect.stringMatching(/\(postcss, .*\): Unclosed block$/) },
    ]);
  });

  it('refuses what postcss reads but the build minifier (lightningcss) does not', () => {
    write('p/s/a.css', '.a$ { color: red }\n');
    expect(judge('p/s/a.css')).toEqual([
      {
        code: 'FARM_E139',
        at: 'p/s/a.css:1:3',
        message: expect.stringMatching(/lightningcss.*Unexpected token Delim\('\$'\)/),
      },
    ]);
  });

  it('refuses a missing @import and url() target at its place, and judges the sheets an @import reaches', () => {
    write(
      'p/s/a.css',
      '@import "./gone.css";\n@import url(./b.css);\n.a {\n  color: red;\n  background: url(../img/none.png);\n}\n',
    );
    write('p/s/b.css', '.b { color: blue');
    expect(judge('p/s/a.css')).toEqual([
      {
        code: 'FARM_E140',
        at: 'p/s/a.css:1:1',
        message: expect.stringContaining('names p/s/gone.css, which does not exist'),
      },
      { code: 'FARM_E140', at: 'p/s/a.css:5:15', message: expect.stringContaining('names p/img/none.png') },
      { code: 'FARM_E139', at: 'p/s/b.css:1:1', message: expect.stringContaining('Unclosed block') },
    ]);
  });

  it("takes /… URLs from the app's public folder and leaves preprocessor sheets alone", () => {
    write('apps/frontend/public/logo.png');
    write('p/s/a.css', '.a { background: url(/logo.png) }\n');
    write('p/s/x.scss', '.a { color: red');
    expect(judge('p/s/a.css', 'p/s/x.scss')).toEqual([]);
  });

  it("says a missing /… URL is the app's public folder's to hold, not the plugin's", () => {
    write('p/s/a.css', '.a { background: url(/favicon.ico) }\n');
    const [missing] = stylesheetProblems(diskFileView(root), '@farm/p', ['p/s/a.css'], app, () => parsers);
    expect(missing).toMatchObject({
      code: 'FARM_E140',
      fix: expect.stringMatching(/^add apps\/frontend\/public\/favicon\.ico to the app/),
    });
  });
});
