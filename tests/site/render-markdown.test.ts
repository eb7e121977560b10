// Plans are untrusted markdown: rendered inert, their headings nested under the page's own.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../site/lib/render-markdown.ts';

describe('renderMarkdown', () => {
  it('nests the plan\'s headings two levels down, so the page keeps its one h1', () => {
    expect(renderMarkdown('# Plan\n\n## Steps\n\n###### Deep')).toBe('<h3>Plan</h3>\n<h4>Steps</h4>\n<h6>Deep</h6>');
  });

  it('renders hostile HTML inert: no script, handler or javascript: link survives', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))');
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
  });
});
