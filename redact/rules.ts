// The rule tables as data. The first detector knows credentials and personal data by their shape
// (secrets, vendor tokens, privacy); the second by where they are written (credential grammar).
// Each entry carries its own examples.
import { CODE_VALUE_RULES } from './rules-code-values.ts';
import { COMMAND_OUTPUT_RULES } from './rules-command-output.ts';
import { CREDENTIAL_GRAMMAR_RULES } from './rules-grammar.ts';
import { PRIVACY_RULES } from './rules-privacy.ts';
import { SECRET_FILE_RULES } from './rules-secret-files.ts';
import { SECRET_RULES } from './rules-secrets.ts';
import { TOOL_ARGUMENT_RULES } from './rules-tool-arguments.ts';
import { VENDOR_RULES } from './rules-vendors.ts';

export { CREDENTIAL_GRAMMAR_RULES } from './rules-grammar.ts';
export { PRIVACY_RULES } from './rules-privacy.ts';
export { SECRET_RULES } from './rules-secrets.ts';
export { TOOL_ARGUMENT_RULES } from './rules-tool-arguments.ts';
export { VENDOR_RULES } from './rules-vendors.ts';

/**
 * The second detector: credentials known by where they are written (names, flags, commands and
 * labels, code's own shapes, files a script writes or prints), by the arguments tools take in their own ways, and by the command that printed them.
 */
export const GRAMMAR_RULES = [...CREDENTIAL_GRAMMAR_RULES, ...CODE_VALUE_RULES, ...SECRET_FILE_RULES, ...TOOL_ARGUMENT_RULES, ...COMMAND_OUTPUT_RULES];

/**
 * Every built-in rule, in priority order: on equal spans the earlier rule names the placeholder, so
 * a vendor's shape names a token before the grammar that found it beside its name does.
 */
export const RULES = [...SECRET_RULES, ...VENDOR_RULES, ...GRAMMAR_RULES, ...PRIVACY_RULES];
