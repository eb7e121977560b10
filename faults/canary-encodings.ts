// The six encodings a canary is planted in, by the fault suite's canary sweep and the test that plants
// one in every schema field: a secret as it would sit in a log, a page or a JSON string.

const hex = (byte: number, width = 2) => byte.toString(16).padStart(width, '0');

/**
 * Encoding name -> how a value looks in it.
 *
 * @example
 * CANARY_ENCODINGS['url-encoded']('ab') // '%61%62'
 */
export const CANARY_ENCODINGS: Readonly<Record<string, (value: string) => string>> = {
  raw: (v) => v,
  base64: (v) => Buffer.from(v).toString('base64'),
  hex: (v) => Buffer.from(v).toString('hex'),
  'url-encoded': (v) => [...Buffer.from(v)].map((b) => `%${hex(b).toUpperCase()}`).join(''),
  'html-entities': (v) => [...v].map((c) => `&#${c.charCodeAt(0)};`).join(''),
  'unicode-escaped': (v) => [...v].map((c) => `\\u${hex(c.charCodeAt(0), 4)}`).join(''),
};
