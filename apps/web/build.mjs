// Bundles the dashboard into dist/web: content-hashed assets (cached for good) and an index.html naming them.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '../../dist/web');
const assets = join(out, 'assets');
mkdirSync(assets, { recursive: true });

const { metafile } = await build({
  entryPoints: [join(here, 'src/main.tsx'), join(here, 'src/styles.css')],
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  format: 'esm',
  target: ['chrome110', 'firefox115', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: assets,
  entryNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.entries(metafile.outputs).filter(([, output]) => output.entryPoint);
const named = (extension) => basename(outputs.find(([file]) => file.endsWith(extension))[0]);
const html = readFileSync(join(here, 'src/index.html'), 'utf8')
  .replace('%SCRIPT%', `/assets/${named('.js')}`)
  .replace('%STYLES%', `/assets/${named('.css')}`);
writeFileSync(join(out, 'index.html'), html);
console.log(`dashboard built into ${relative(process.cwd(), out)}`);
