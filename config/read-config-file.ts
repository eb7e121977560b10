// Reads the optional journey.config.json: absent is fine, unreadable or invalid JSON is a coded error.
import { readFileSync } from 'node:fs';
import { isErrno, JourneyError } from '../core/journey-error.ts';

/** Returns the parsed object, or undefined when `required` is false and the file does not exist. */
export function readConfigFile(file: string, required: boolean): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (!required && isErrno(error, 'ENOENT')) return undefined;
    throw new JourneyError('JOURNEY_CONFIG_FILE_UNREADABLE', `cannot read config file ${file}`, {
      fix: 'Check the path given to --config, or remove the option.',
      cause: error,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // A position, never the parser's words: they quote the file, and the file holds the denylist.
    const position = /position (\d+)|line (\d+) column (\d+)/.exec((error as Error).message);
    const where = position ? (position[1] !== undefined ? ` at character ${position[1]}` : ` at line ${position[2]}, column ${position[3]}`) : '';
    throw new JourneyError('JOURNEY_CONFIG_INVALID', `${file} is not valid JSON${where}`, {
      fix: 'Correct the JSON syntax; see README "Configuration" for the keys.',
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new JourneyError('JOURNEY_CONFIG_INVALID', `${file} must hold one JSON object`, {
      fix: 'Write the settings as {"port": 8765, ...}.',
    });
  }
  return parsed as Record<string, unknown>;
}
