// /feed.xml: the Atom feed of iterations and verdicts (site/lib/atom-feed.ts).
import type { APIContext } from 'astro';
import { atomFeed } from '../lib/atom-feed.ts';
import { readSiteData, readSiteUrl } from '../../contract/read-public-data.ts';

export function GET({ locals }: APIContext): Response {
  return new Response(atomFeed(readSiteData(locals), readSiteUrl(locals)), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
}
