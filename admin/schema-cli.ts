// `npm run schema`: regenerates docs/site-data.schema.json from the zod schema of the public data.
import { info } from '../core/log.ts';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { main, type CommandSpec } from '../cli/define-command.ts';
import { iterationPageSchema, siteDataSchema } from '../contract/site-data-schema.ts';

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

export const schemaCommand: CommandSpec = {
  invocation: 'npm run schema --',
  summary: 'Write docs/site-data.schema.json, the JSON Schema of the public site data, from its zod schema.',
  flags: [],
  examples: ['npm run schema'],
  run() {
    writeFileSync(SCHEMA_FILE, siteDataJsonSchema());
    info(`wrote ${SCHEMA_FILE}`);
    return 0;
  },
};

if (import.meta.main) main(schemaCommand);
