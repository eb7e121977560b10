// The marker a section of the site shows when the loop-wide file that fills it could not be read.
import type { SiteData } from '../../contract/site-data-schema.ts';
import { formatTime } from './format.ts';

type WithheldSection = SiteData['withheld_sections'][number];

const WHAT_IS_UNKNOWN: Record<WithheldSection['section'], string> = {
  state: "the loop's status is unknown",
  heartbeat: "the loop's heartbeat is unknown",
  parity: 'the parity matrix is not shown',
};

/** The withheld entry of `section` in this build, if its file could not be read. */
export function withheldSection(data: SiteData, section: WithheldSection['section']): WithheldSection | undefined {
  return data.withheld_sections.find((w) => w.section === section);
}

/**
 * What the section says instead of its content.
 *
 * @example
 * sectionMarker({ section: 'state', file: 'state.json', since: '2026-12-06T10:00:00.000Z' })
 * // "state.json unreadable since 2026-12-06 10:00:00Z: the loop's status is unknown"
 */
export function sectionMarker(withheld: WithheldSection): string {
  const since = withheld.since === null ? '' : ` since ${formatTime(withheld.since)}`;
  return `${withheld.file} unreadable${since}: ${WHAT_IS_UNKNOWN[withheld.section]}`;
}
