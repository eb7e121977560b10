// /badge.svg: the status badge for READMEs (site/lib/status-badge.ts), drawn at publish time.
import type { APIContext } from 'astro';
import { statusBadge } from '../lib/status-badge.ts';
import { readBadgeFacts } from '../../contract/read-public-data.ts';

export function GET({ locals }: APIContext): Response {
  return new Response(statusBadge(readBadgeFacts(locals)), { headers: { 'Content-Type': 'image/svg+xml' } });
}
