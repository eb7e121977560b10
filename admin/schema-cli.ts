// `npm run schema`: regenerates the generated docs: docs/site-data.schema.json from the zod schema of
// the public data, and docs/errors.md from the error catalogue.
import { info } from '../core/log.ts';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { main, type CommandSpec } from '../cli/define-command.ts';
import { iterationPageSchema, siteDataSchema } from '../contract/site-data-schema.ts';
import { errorReference } from '../core/error-catalogue.ts';

/** The JSON Schema document of site-data.json and iterations/<n>.json. */
export function siteDataJsonSchema(): string {
  const schema = {
    ...z.toJSONSchema(siteDataSchema, { target: 'draft-2020-12' }),
    title: 'journey public site-data.json',
    $defs: { iterationPage: z.toJSONSchema(iterationPageSchema, { target: 'draft-2020-12' }) },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export const SCHEMA_FILE = fileURLToPath(new URL('../docs/site-data.schema.json', import.meta.url));

/** The operators' reference of every code journey prints. */
export const ERRORS_FILE = fileURLToPath(new URL('../docs/errors.md', import.meta.url));

export const schemaCommand: CommandSpec = {
  invocation: 'npm run schema --',
  summary: 'Write the generated docs: docs/site-data.schema.json (the JSON Schema of the public site data, from its zod schema) and docs/errors.md (every code journey prints, from the error catalogue).',
  flags: [],
  examples: ['npm run schema'],
  run() {
    writeFileSync(SCHEMA_FILE, siteDataJsonSchema());
    info(`wrote ${SCHEMA_FILE}`);
    writeFileSync(ERRORS_FILE, errorReference());
    info(`wrote ${ERRORS_FILE}`);
    return 0;
  },
};

if (import.meta.main) main(schemaCommand);
