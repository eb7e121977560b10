// Plans, judge notes and goals are untrusted GitHub-flavoured markdown: rendered inert, headings nested under the page's own.
import { describe, expect, it } from 'vitest';
import { markdownText, renderInlineMarkdown, renderMarkdown } from '../../site/lib/render-markdown.ts';

describe('renderMarkdown', () => {
  it('nests the plan\'s headings two levels down, so the page keeps its one h1', () => {
    expect(renderMarkdown('# Plan\n\n## Steps\n\n###### Deep')).toBe('<h3>Plan</h3>\n<h4>Steps</h4>\n<h6>Deep</h6>');
  });

  it('renders hostile HTML inert: no script, handler or javascript: link survives', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))');
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
  });
});

describe('renderMarkdown, images', () => {
  it('turns an image into a link named by its alt text: the CSP would block it and log a violation', () => {
    expect(renderMarkdown('![build graph](https://example.com/g.png)')).toBe('<p><a href="https://example.com/g.png"> image: build graph </a></p>');
    expect(renderMarkdown('![](x.png)')).toBe('<p><a href="x.png"> image </a></p>');
    expect(renderInlineMarkdown('Port ![logo](x.png) now')).toBe('Port <a href="x.png"> image: logo </a> now');
  });

  it('never lets a construct that shows nothing join the text around it: an image or an empty link inside a word gets a spaced word', () => {
    const token = 'ghp_Wq4Tn8Lp2Xz6Rb9Mc1Vk7Jd3Hs5Fa0Ge2Pu4';
    for (const markdown of [`key ${token.slice(0, 14)}![](x)${token.slice(14)} end`, `key ${token.slice(0, 14)}[]()${token.slice(14)} end`, `key ${token.slice(0, 14)}[](https://x.io)${token.slice(14)} end`]) {
      for (const html of [renderMarkdown(markdown), renderInlineMarkdown(markdown)]) {
        const shown = html.replace(/<[^>]*>/g, '');
        expect(shown, markdown).not.toContain(token);
        expect(shown, markdown).toMatch(/ (image|link) /);
      }
    }
    expect(renderMarkdown('![a](javascript:alert(1))')).not.toMatch(/<img|javascript:/);
  });
});

describe('renderMarkdown, GitHub-flavoured', () => {
  it('renders a pipe table as a <table> with header and body cells, keeping the column alignment', () => {
    const html = renderMarkdown('| Step | Cost |\n|:-----|-----:|\n| parse | $0.12 |\n| emit | $0.40 |');
    expect(html).toMatch(/^<table>\n<thead>\n<tr>\n<th align="left">Step<\/th>\n<th align="right">Cost<\/th>/);
    expect(html).toContain('<td align="left">emit</td>\n<td align="right">$0.40</td>');
    expect(html).not.toContain('|');
  });

  it('renders a task list with disabled checkboxes, ticked where the item is done', () => {
    expect(renderMarkdown('- [x] parse headers\n- [ ] quote fields')).toBe(
      '<ul class="contains-task-list">\n<li class="task-list-item"><input type="checkbox" checked disabled> parse headers</li>\n'
      + '<li class="task-list-item"><input type="checkbox" disabled> quote fields</li>\n</ul>',
    );
  });

  it('renders strikethrough and turns bare URLs into links', () => {
    expect(renderMarkdown('~~drop the cache~~ see www.example.com and https://example.org/a')).toBe(
      '<p><del>drop the cache</del> see <a href="http://www.example.com">www.example.com</a> and <a href="https://example.org/a">https://example.org/a</a></p>',
    );
  });

  it('links footnote references to the footnotes under the ids the sanitizer gave them', () => {
    const html = renderMarkdown('Slow path[^1].\n\n[^1]: measured on 2 cores');
    expect(html).toContain('<a href="#user-content-fn-1" id="user-content-fnref-1"');
    expect(html).toContain('<li id="user-content-fn-1">');
    expect(html).toContain('<a href="#user-content-fnref-1"');
  });
});

describe('renderMarkdown, links', () => {
  it.each([
    ['javascript:', '[click](javascript:alert(1))'],
    ['javascript: in mixed case', '[click](JaVaScRiPt:alert(1))'],
    ['data:', '[click](data:text/html,<b>x</b>)'],
    ['vbscript:', '[click](vbscript:msgbox(1))'],
    ['an unknown scheme', '[click](ftp://example.org/x)'],
  ])('turns a link to %s into its plain text, with no <a> left', (_kind, markdown) => {
    expect(renderMarkdown(`Then ${markdown} here.`)).toBe('<p>Then click here.</p>');
  });

  it('keeps the markup inside an unsafe link\'s text', () => {
    expect(renderMarkdown('[**bold** move](javascript:x)')).toBe('<p><strong>bold</strong> move</p>');
  });

  it.each([
    ['https', 'https://example.org/x'], ['http', 'http://example.org/x'], ['mailto', 'mailto:loop@example.org'],
    ['a relative path', '../3/'], ['a fragment', '#tests'],
  ])('keeps a link to %s', (_kind, url) => {
    expect(renderMarkdown(`[see](${url})`)).toBe(`<p><a href="${url}">see</a></p>`);
  });
});

describe('renderInlineMarkdown', () => {
  it('renders a goal\'s emphasis, code and strikethrough as inline markup, with no paragraph around it', () => {
    expect(renderInlineMarkdown('Port **tinycsv** to *Rust*, `no_std`, ~~with serde~~')).toBe(
      'Port <strong>tinycsv</strong> to <em>Rust</em>, <code>no_std</code>, <del>with serde</del>',
    );
  });

  it('keeps safe links and turns unsafe ones into their text', () => {
    expect(renderInlineMarkdown('See [spec](https://example.org/spec) and [this](javascript:alert(1))')).toBe(
      'See <a href="https://example.org/spec">spec</a> and this',
    );
  });

  it('melts blocks into their text, so a goal stays text-level inside a heading', () => {
    const html = renderInlineMarkdown('# Goal\n\n- parse\n- emit\n\n| a |\n|---|\n| 1 |\n\n- [ ] done');
    expect(html).not.toMatch(/<(?!\/?(a|code|del|em|strong)\b)/);
    expect(html).toContain('parse');
  });

  it('renders hostile HTML inert: no script, handler, image or javascript: link survives; a markdown image is a link named by its words', () => {
    const html = renderInlineMarkdown('Goal <script>alert(1)</script> <img src=x onerror=alert(1)> ![x](https://example.org/x.png) <a href="javascript:x">y</a>');
    expect(html).not.toMatch(/<script|<img|onerror|javascript:/i);
    expect([...html.matchAll(/<a /g)]).toHaveLength(1);
    expect(html).toContain('<a href="https://example.org/x.png"> image: x </a>');
  });

  it('gives a goal as the plain text its heading shows, for titles: marks gone, characters as they read, an unsafe link\'s text only', () => {
    expect(markdownText('Port **tinycsv** to _Rust_ ~~now~~ `a<b`')).toBe('Port tinycsv to Rust now a<b');
    expect(markdownText('Fix [the parser](javascript:alert(1)) & "quotes" \u00e9\u{1F600}')).toBe('Fix the parser & "quotes" \u00e9\u{1F600}');
    expect(markdownText('a <b>bold</b> c')).toBe(renderInlineMarkdown('a <b>bold</b> c')); // raw HTML: its text, as in the heading
  });
});

describe('renderMarkdown, raw HTML', () => {
  it('leaves a space where a raw tag a browser shows as a break stood, so no two words the redactor read apart are joined', () => {
    const key = ['AKIA2Q7Z', 'K4M3XPLW9RTB'];
    for (const markdown of [`key ${key[0]}<div>${key[1]}</div> end`, `key ${key[0]}<br>${key[1]} end`, `key ${key[0]}</td><td>${key[1]} end`]) {
      for (const html of [renderMarkdown(markdown), renderInlineMarkdown(markdown)]) {
        const shown = html.replace(/<[^>]*>/g, '');
        expect(shown, markdown).not.toContain(key.join(''));
        expect(shown, markdown).toMatch(new RegExp(`${key[0]} +${key[1]}`));
      }
    }
    expect(renderMarkdown('password: <details><summary>show</summary>Qe2</details>')).toMatch(/^<p>password: +show +Qe2 *<\/p>$/);
  });
});
