// Parses Mermaid files with Mermaid's own parser: the `parse` of the
// `mermaid` package (the one GitHub's renderer is built on), in node, with
// no browser. It reads the syntax and runs the sequence diagram's own
// checks (an arrow's form, a note's lanes, `loop`/`end` nesting, every
// `deactivate` of an active lane); it lays nothing out and draws nothing.
//
//   node tests/mermaid/parse.mjs MERMAID_PACKAGE_DIR FILE.mmd...
//
// One line per file, `ok FILE` or `error FILE: MESSAGE`; exit status 1 when
// any file failed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [pkg, ...files] = process.argv.slice(2);
if (!pkg || files.length === 0) {
  console.error('usage: node parse.mjs MERMAID_PACKAGE_DIR FILE.mmd...');
  process.exit(2);
}
const { default: mermaid } = await import(pathToFileURL(join(pkg, 'dist', 'mermaid.core.mjs')).href);
const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;
console.log(`mermaid ${version}`);
let failed = 0;
for (const file of files) {
  try {
    const parsed = await mermaid.parse(readFileSync(file, 'utf8'));
    if (!parsed || parsed.diagramType !== 'sequence') {
      throw new Error(`not read as a sequence diagram (${parsed && parsed.diagramType})`);
    }
    console.log(`ok ${file}`);
  } catch (e) {
    failed += 1;
    console.log(`error ${file}: ${String(e && e.message).split('\n').join(' | ')}`);
  }
}
process.exit(failed ? 1 : 0);
