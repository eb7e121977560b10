import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, siteDataJsonSchema } from '../../admin/schema-cli.ts';

describe('docs/site-data.schema.json', () => {
  it('is the JSON Schema generated from the zod schema of site-data.json (run `npm run schema` after a change)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(siteDataJsonSchema());
  });
});
