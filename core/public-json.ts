// How journey writes the JSON it publishes, and the hash it names content by: the publisher, the
// takedown and the site's transparency line must agree byte for byte.
import { createHash } from 'node:crypto';

/**
 * A public JSON file's text: one-space indentation and a final newline.
 *
 * @example
 * publicJson({ a: 1 }) // '{\n "a": 1\n}\n'
 */
export const publicJson = (value: unknown): string => `${JSON.stringify(value, null, 1)}\n`;

/**
 * The SHA-256 of a text or bytes, in hex.
 *
 * @example
 * sha256('') // 'e3b0c442...'
 */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
