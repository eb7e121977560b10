// Markdown from the loop becomes sanitized HTML: remark parses, rehype-sanitize strips anything active.
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkRehype).use(rehypeSanitize).use(rehypeStringify);

/**
 * Renders untrusted markdown to HTML safe to inline: no raw HTML, scripts, handlers or javascript: URLs.
 *
 * @example
 * renderMarkdown('# Plan\n<script>x</script>') // '<h1>Plan</h1>\n'
 */
export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown));
}
