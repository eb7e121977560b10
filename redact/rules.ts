// The rule table as data: secrets first, then privacy. Each entry carries its own examples.
import { PRIVACY_RULES } from './rules-privacy.ts';
import { SECRET_RULES } from './rules-secrets.ts';

export type { Rule } from './rule.ts';

/** Every built-in rule, in priority order: on equal spans the earlier rule names the placeholder. */
export const RULES = [...SECRET_RULES, ...PRIVACY_RULES];
