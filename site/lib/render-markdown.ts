// Markdown from the loop becomes sanitized HTML: remark parses, rehype-sanitize strips anything active.
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

interface HastNode { type: string; tagName?: string; children?: HastNode[] }

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

const processor = unified().use(remarkParse).use(remarkRehype).use(nestHeadings).use(rehypeSanitize).use(rehypeStringify);

/**
 * Renders untrusted markdown to HTML safe to inline: no raw HTML, scripts, handlers or javascript: URLs;
 * headings nested under the page's own.
 *
 * @example
 * renderMarkdown('# Plan\n<script>x</script>') // '<h3>Plan</h3>\n'
 */
export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown));
}
