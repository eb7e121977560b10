// `node admin/browser-module-cli.ts`: regenerates site/static/compare-core.js, the comparison code of
// contract/ as one ES module for the browser (/compare/?a=<n>&b=<m> runs what /compare/<a>/<b>/ renders with).
import { readFileSync, writeFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { fileURLToPath } from 'node:url';
import { main, type CommandSpec } from '../cli/define-command.ts';
import { info } from '../core/log.ts';
import { bundleBrowserModule } from './bundle-browser-module.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));

/** The modules of the browser bundle, each after those it imports. */
const SOURCES = ['contract/split-diff.ts', 'contract/diff-lines.ts', 'contract/test-status.ts', 'contract/compare-iterations.ts'];

export const BROWSER_MODULE_FILE = fileURLToPath(new URL('../site/static/compare-core.js', import.meta.url));

const INVOCATION = 'node admin/browser-module-cli.ts';

/**
 * The text site/static/compare-core.js must hold, made from the contract/ sources as they are now.
 *
 * @example
 * browserModule() === readFileSync(BROWSER_MODULE_FILE, 'utf8') // the generated file is current
 */
export function browserModule(): string {
  const sources = SOURCES.map((file) => ({ file, text: readFileSync(`${REPO}${file}`, 'utf8') }));
  return bundleBrowserModule(sources, (text) => stripTypeScriptTypes(text, { mode: 'strip' }), INVOCATION);
}

const browserModuleCommand: CommandSpec = {
  invocation: INVOCATION,
  summary: `Write site/static/compare-core.js: ${SOURCES.join(', ')} with their types erased, as one ES module for the browser's /compare/ page.`,
  flags: [],
  examples: [INVOCATION],
  run() {
    writeFileSync(BROWSER_MODULE_FILE, browserModule());
    info(`wrote ${BROWSER_MODULE_FILE}`);
    return 0;
  },
};

if (import.meta.main) main(browserModuleCommand);
