// The tags a browser shows as a break between what stands before and after them (cells, rows,
// paragraphs, list items, headings, line breaks). The site leaves a space where such a raw tag stood
// in markdown (site/lib/render-markdown.ts), and the redactor reads one as a break (redact/reader-view.ts):
// both from this one list, so a page never joins two words the redactor read apart.

const BREAKING_TAG_NAMES: readonly string[] = ['td', 'th', 'tr', 'thead', 'tbody', 'tfoot', 'table', 'caption', 'p', 'div', 'li', 'ul', 'ol',
  'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'br', 'hr', 'pre', 'blockquote', 'section', 'article', 'header', 'footer', 'nav', 'main',
  'aside', 'figure', 'figcaption', 'details', 'summary', 'title', 'option', 'select', 'textarea', 'button', 'label', 'input', 'img'];

/** A tag (opening, closing or self-closing) named in BREAKING_TAG_NAMES, at the start of the string. */
export const BREAKING_TAG = new RegExp(`^<\\/?(?:${BREAKING_TAG_NAMES.join('|')})(?=[\\s/>])`, 'i');
