// The iteration list in pages of a fixed size. Pages count from the oldest iteration, so page k
// always holds the same iterations (a stable permalink, and an unchanged page keeps its bytes);
// /iterations/ shows the newest ones.
import type { SiteData } from './site-data-schema.ts';

export type IterationRow = SiteData['iterations'][number];

/** Iterations per list page. */
export const PAGE_SIZE = 100;

export interface ListPage {
  /** 1-based; page 1 holds the oldest iterations. */
  k: number;
  /** How many pages the list has. */
  pages: number;
  /** Newest first. */
  rows: IterationRow[];
}

/** How many pages `count` iterations fill (at least one, so the list always has a page). */
export function pageCount(count: number): number {
  return Math.max(1, Math.ceil(count / PAGE_SIZE));
}

/**
 * Every page of the list (sorted once).
 *
 * @example
 * listPages(data.iterations)[2] // { k: 3, pages: 200, rows: iterations 300..201 }
 */
export function listPages(iterations: readonly IterationRow[]): ListPage[] {
  const ascending = [...iterations].sort((a, b) => a.number - b.number);
  const pages = pageCount(ascending.length);
  return Array.from({ length: pages }, (_, i) => ({ k: i + 1, pages, rows: ascending.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE).reverse() }));
}

/** The newest PAGE_SIZE iterations, newest first (the /iterations/ page). */
export function newestRows(iterations: readonly IterationRow[]): IterationRow[] {
  return [...iterations].sort((a, b) => b.number - a.number).slice(0, PAGE_SIZE);
}
