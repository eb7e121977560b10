// /badge.svg: the status badge for READMEs (site/lib/status-badge.ts), drawn at publish time.
import type { APIContext } from 'astro';
import { badgeFacts } from '../../contract/badge-facts.ts';
import { statusBadge } from '../lib/status-badge.ts';
import { readSiteData } from '../../contract/read-public-data.ts';

export function GET({ locals }: APIContext): Response {
  return new Response(statusBadge(badgeFacts(readSiteData(locals))), { headers: { 'Content-Type': 'image/svg+xml' } });
}
