// Markdown from the loop becomes sanitized HTML: remark parses (GitHub-flavoured), rehype-sanitize strips anything active.
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { BREAKING_TAG } from '../../contract/breaking-tags.ts';

interface HastNode { type: string; tagName?: string; properties?: Record<string, unknown>; children?: HastNode[] }

/** The only link schemes a reader can follow; relative links have none and stay. */
const LINK_PROTOCOLS = ['http', 'https', 'mailto'];

/** GitHub's sanitizer rules (no raw HTML, scripts or handlers), with links narrowed to LINK_PROTOCOLS. */
const BLOCK_SCHEMA = { ...defaultSchema, protocols: { ...defaultSchema.protocols, href: LINK_PROTOCOLS } };

/** Text-level elements only: a goal sits inside a heading, so blocks (paragraphs, lists, tables) melt into their text. */
const INLINE_SCHEMA = { ...BLOCK_SCHEMA, tagNames: ['a', 'code', 'del', 'em', 'strong'] };

/**
 * Moves every heading two levels down (h1 becomes h3, h5 and h6 become h6): the page owns its h1 and
 * its section h2s, so a plan's own outline nests inside them (one h1 per page, for screen readers).
 */
function nestHeadings() {
  const walk = (node: HastNode): void => {
    const level = node.type === 'element' ? /^h([1-6])$/.exec(node.tagName ?? '')?.[1] : undefined;
    if (level) node.tagName = `h${Math.min(6, Number(level) + 2)}`;
    node.children?.forEach(walk);
  };
  return (tree: HastNode) => walk(tree);
}

/**
 * Replaces each link the sanitizer took the URL from (javascript:, data:, ...) by its text: an <a>
 * without href reads as a link that goes nowhere.
 */
function unwrapDeadLinks() {
  const walk = (node: HastNode): void => {
    if (!node.children) return;
    node.children = node.children.flatMap((child) => (child.tagName === 'a' && child.properties?.['href'] === undefined ? (child.children ?? []) : [child]));
    node.children.forEach(walk);
  };
  return (tree: HastNode) => walk(tree);
}

/**
 * Turns each image into a link to it, named by its alt text: the site's CSP loads nothing from other
 * hosts (an image would break and log a violation), and a reader can still follow it.
 */
function imagesAsLinks() {
  const walk = (node: HastNode): void => {
    if (!node.children) return;
    node.children = node.children.map((child) => {
      if (child.tagName !== 'img') return child;
      const src = child.properties?.['src'];
      const alt = child.properties?.['alt'];
      // Spaced, so the word does not join the text around it into one (`ghp_Wq4…![](x)z6Rb…`).
      const text = { type: 'text', value: typeof alt === 'string' && alt.trim() !== '' ? ` image: ${alt} ` : ' image ' } as HastNode;
      return typeof src === 'string' ? { type: 'element', tagName: 'a', properties: { href: src }, children: [text] } : text;
    });
    node.children.forEach(walk);
  };
  return (tree: HastNode) => walk(tree);
}

/**
 * Points footnote links at the ids the sanitizer prefixed (`#fn-1` to `#user-content-fn-1`): remark
 * writes bare ids, the sanitizer prefixes every id so a plan cannot clobber the page's own.
 */
function prefixFootnoteLinks() {
  const prefix = defaultSchema.clobberPrefix ?? '';
  const walk = (node: HastNode): void => {
    const props = node.properties;
    const href = props?.['href'];
    if (props && typeof href === 'string' && href.startsWith('#') && ('dataFootnoteRef' in props || 'dataFootnoteBackref' in props)) props['href'] = `#${prefix}${href.slice(1)}`;
    node.children?.forEach(walk);
  };
  return (tree: HastNode) => walk(tree);
}

interface MdastNode { type: string; value?: string; children?: MdastNode[] }

/**
 * Raw HTML is not rendered, and a tag that a browser shows as a break leaves a space where it stood:
 * dropped whole, `AKIA2Q7Z<div>K4M3…</div>` would show one token the redactor read as two, and
 * `password: <details><summary>show</summary>v` would show `showv`.
 */
function rawTagsAsSpaces() {
  const walk = (node: MdastNode): void => {
    if (!node.children) return;
    node.children = node.children.map((child) => (child.type === 'html' && BREAKING_TAG.test(child.value ?? '') ? { type: 'text', value: ' ' } : child));
    node.children.forEach(walk);
  };
  return (tree: MdastNode) => walk(tree);
}

const markdownToHast = unified().use(remarkParse).use(remarkGfm).use(rawTagsAsSpaces).use(remarkRehype, { clobberPrefix: '' });

/**
 * Gives a link whose text is empty (`[](https://x)`, `[]()`) a word: a link that shows nothing would
 * join the text around it on the page (`ghp_Wq4…[]()…z6Rb` reads as one token), text the redactor read
 * as two.
 */
function nameEmptyLinks() {
  const textOf = (node: HastNode): string => (node.type === 'text' ? String((node as { value?: unknown }).value ?? '') : (node.children ?? []).map(textOf).join(''));
  const walk = (node: HastNode): void => {
    if (node.tagName === 'a' && textOf(node).trim() === '') node.children = [{ type: 'text', value: ' link ' } as HastNode];
    node.children?.forEach(walk);
  };
  return (tree: HastNode) => walk(tree);
}

// Images become links before the sanitizer, so its rules for links judge them, and nothing a page
// shows vanishes from between the words around it.
const processor = markdownToHast().use(imagesAsLinks).use(nestHeadings).use(rehypeSanitize, BLOCK_SCHEMA).use(unwrapDeadLinks).use(nameEmptyLinks).use(prefixFootnoteLinks).use(rehypeStringify);

const inlineProcessor = markdownToHast().use(imagesAsLinks).use(rehypeSanitize, INLINE_SCHEMA).use(unwrapDeadLinks).use(nameEmptyLinks).use(rehypeStringify);

/**
 * Renders untrusted GitHub-flavoured markdown (tables, task lists, strikethrough, autolinks) to HTML
 * safe to inline: no raw HTML, scripts, handlers or links other than http, https, mailto and relative
 * (a link to anything else keeps its text); task list boxes disabled; headings nested under the page's own.
 *
 * @example
 * renderMarkdown('# Plan\n<script>x</script>') // '<h3>Plan</h3>'
 */
export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown));
}

/**
 * Renders one untrusted line of markdown (a goal) as text-level HTML safe inside a heading: emphasis,
 * code, strikethrough and safe links stay; blocks, images and raw HTML keep only their text, or nothing.
 *
 * @example
 * renderInlineMarkdown('Port **tinycsv** to Rust') // 'Port <strong>tinycsv</strong> to Rust'
 */
export function renderInlineMarkdown(markdown: string): string {
  return String(inlineProcessor.processSync(markdown)).trim();
}

/** The character references rehype-stringify writes: named for the five XML ones, numeric for the rest. */
const REFERENCE = /&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * One untrusted line of markdown (a goal) as the plain text the page's heading shows: for a feed's
 * or a window's title, where markup would show as its characters.
 *
 * @example
 * markdownText('Port **tinycsv** to Rust') // 'Port tinycsv to Rust'
 */
export function markdownText(markdown: string): string {
  return renderInlineMarkdown(markdown).replace(/<[^>]*>/g, '')
    .replace(REFERENCE, (_, hex: string | undefined, decimal: string | undefined, name: string | undefined) =>
      name ? NAMED[name.toLowerCase()]! : String.fromCodePoint(Number.parseInt(hex ?? decimal!, hex ? 16 : 10)))
    .replace(/\s+/g, ' ').trim();
}
