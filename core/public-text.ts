// The type of every string journey publishes. Only the redactor makes one from loop text, and
// journey's own words are made with `ownText`, whose interpolations must be numbers or public text
// already: a new field, a problem line or a page title cannot carry a raw loop string by accident.

declare const PUBLIC: unique symbol;

/** A string that passed the redactor, or journey's own words. A plain `string` does not satisfy it. */
export type PublicText = string & { readonly [PUBLIC]: true };

/**
 * `T` with every string in it public. Literal string types stay as they are: they are journey's
 * own words (enum values validated at the boundary). Object keys cannot be branded: the redactor
 * redacts them at run time (redactItem), and code that builds keys takes them from public text.
 */
export type Public<T> = T extends string
  ? string extends T ? PublicText : T
  : T extends object
    ? { [K in keyof T]: Public<T[K]> } // homomorphic: arrays and tuples stay arrays and tuples
    : T;

/**
 * journey's own words, with numbers and public text in them.
 *
 * @example
 * ownText`Iteration ${7}` // 'Iteration 7' as PublicText
 * ownText`withheld: ${redacted.text}`
 */
export function ownText(parts: TemplateStringsArray, ...values: ReadonlyArray<number | PublicText>): PublicText {
  let text = parts[0]!;
  values.forEach((value, index) => {
    text += String(value) + parts[index + 1]!;
  });
  return text as PublicText;
}

/**
 * Marks text the redactor produced as public. Only the redactor and the readers of public data
 * (files journey wrote after redaction) call it.
 */
export function redactedText(text: string): PublicText {
  return text as PublicText;
}

/**
 * A value derived only from public text, numbers and journey's own literals (totals by model from
 * public pages, a history read back from journey.db): the checker cannot follow a derivation
 * through a generic helper, so the call site says why its parts are public.
 */
export function derivedFromPublic<T>(value: T): Public<T> {
  return value as Public<T>;
}
