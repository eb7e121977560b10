// Comparing iterations in the browser (an ES module: <script type="module" src="/compare.js">).
// On /compare/ it reads ?a=<n>&b=<m>, fetches both iterations' public data (/iterations/<n>.json),
// compares them with ./compare-core.js (generated from contract/compare-iterations.ts: the code the
// static /compare/<a>/<b>/ pages render with) and builds the sections those pages have, with the
// same ids. On a page with the iteration list it adds a checkbox to each row and a Compare button.
// It builds the DOM from text only: nothing fetched is ever parsed as HTML.

// The site's root, base path included (JOURNEY_BASE_PATH): this script lives there.
const root = new URL('./', import.meta.url);
const at = (path) => new URL(path, root).href;

/** An element with properties (`class`, `data-*` and `aria-*` as attributes) and text or element children. */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('data-') || key.startsWith('aria-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

const compareHref = (a, b) => at('compare/?a=' + a + '&b=' + b);

/** Checkboxes on the list's rows and a Compare button that opens /compare/ for the two ticked. */
function enhanceList(table) {
  const rows = [...table.querySelectorAll('tbody tr[data-iteration]')];
  if (rows.length < 2) return;
  const picked = [];
  const button = el('button', { type: 'button', id: 'compare-picked', disabled: true }, 'Compare');
  const hint = el('span', { class: 'muted' }, ' Tick two iterations to compare them.');
  table.before(el('p', { class: 'filters', id: 'compare-bar' }, button, hint));
  for (const row of rows) {
    const number = row.dataset.iteration;
    const box = el('input', { type: 'checkbox', value: number, 'aria-label': 'Pick iteration ' + number + ' to compare' });
    box.addEventListener('change', () => {
      if (box.checked) {
        picked.push(box);
        if (picked.length > 2) picked.shift().checked = false; // the two ticked last count
      } else {
        picked.splice(picked.indexOf(box), 1);
      }
      button.disabled = picked.length !== 2;
      hint.textContent = picked.length === 2 ? ' Iterations ' + picked.map((b) => b.value).join(' and ') + '.' : ' Tick two iterations to compare them.';
    });
    row.cells[0].prepend(box, ' ');
  }
  button.addEventListener('click', () => {
    const [a, b] = picked.map((box) => Number(box.value)).sort((x, y) => x - y);
    location.assign(compareHref(a, b));
  });
}

async function readPage(n) {
  const response = await fetch(at('iterations/' + n + '.json'));
  if (response.status === 404) throw new Error('Iteration ' + n + ' is not published.');
  if (!response.ok) throw new Error('/iterations/' + n + '.json answered ' + response.status + '; try again later.');
  return response.json();
}

function table(id, head, rows) {
  return el('table', { id }, el('thead', null, el('tr', null, ...head.map(([text, cls]) => el('th', cls ? { class: cls } : null, text)))), el('tbody', null, ...rows));
}

/** The sections of site/components/Comparison.astro, built from the same comparison. */
function render(core, c, into) {
  const { a, b } = c;
  const side = (s) => [
    el('p', { 'data-side': s.number }, el('a', { href: at('iterations/' + s.number + '/') }, 'Iteration ' + s.number), s.title !== 'Iteration ' + s.number ? ': ' + s.title : ''),
    s.status === 'withheld' ? el('p', { class: 'notice' }, 'iteration ' + s.number + ' withheld: ' + (s.withheld_reason ?? 'invalid input')) : null,
  ];
  const parts = [el('div', { id: 'compare-sides' }, ...side(a), ...side(b))];
  parts.push(table('compare-figures', [['Figure'], ['Iteration ' + a.number, 'num'], ['Iteration ' + b.number, 'num'], ['Change', 'num']],
    core.figureRows(c).map((row) => el('tr', null, el('th', { scope: 'row' }, row.label), el('td', { class: 'num' }, row.a), el('td', { class: 'num' }, row.b), el('td', { class: 'num' }, row.change)))));

  parts.push(el('h2', { id: 'plan' }, 'Plan'));
  const plan = c.plan.result;
  if (plan === null) {
    parts.push(el('p', { class: 'muted', id: 'compare-plan-absent' }, core.absentSentence('plan', c.plan.absent)));
  } else {
    const mark = { added: ['add', '+'], removed: ['del', '-'], same: ['', ' '] };
    parts.push(el('p', { class: 'muted', id: 'compare-plan-summary' }, core.planSummary(plan)));
    parts.push(el('pre', { class: 'diff', id: 'compare-plan', tabIndex: 0 }, ...plan.pieces.map((piece) => (piece.kind === 'folded'
      ? el('span', { class: 'hunk' }, '⋯ ' + piece.lines + ' unchanged lines ⋯')
      : el('span', { class: mark[piece.kind][0] }, mark[piece.kind][1] + piece.text)))));
    if (plan.notShown > 0) parts.push(el('p', { class: 'notice' }, plan.notShown + " more lines not shown: the two iterations' pages have the whole plans."));
  }

  parts.push(el('h2', { id: 'files' }, 'Files'));
  const files = c.files.result;
  const where = { both: 'both', 'only-a': 'only ' + a.number, 'only-b': 'only ' + b.number };
  const lines = (n) => (n === null ? '—' : '+' + n.added + ' −' + n.removed);
  if (files === null) parts.push(el('p', { class: 'muted', id: 'compare-files-absent' }, core.absentSentence('diff', c.files.absent)));
  else if (files.length === 0) parts.push(el('p', { class: 'muted' }, 'Neither diff touches a file.'));
  else {
    parts.push(table('compare-files', [['File'], ['In'], ['Iteration ' + a.number, 'num'], ['Iteration ' + b.number, 'num']],
      files.map((file) => el('tr', { 'data-where': file.where }, el('td', null, file.path), el('td', null, where[file.where]), el('td', { class: 'num' }, lines(file.a)), el('td', { class: 'num' }, lines(file.b))))));
  }

  parts.push(el('h2', { id: 'tests' }, 'Tests'));
  const tests = c.tests.result;
  if (tests === null) {
    parts.push(el('p', { class: 'muted', id: 'compare-tests-absent' }, core.absentSentence('test results', c.tests.absent)));
  } else {
    parts.push(el('p', { class: 'muted', id: 'compare-tests-summary' }, core.testsSummary(tests)));
    if (tests.changes.length > 0) {
      parts.push(table('compare-tests', [['Test'], ['Change'], ['Iteration ' + a.number], ['Iteration ' + b.number]],
        tests.changes.map((t) => el('tr', { 'data-change': t.kind }, el('td', null, t.name), el('td', null, core.TEST_CHANGE_LABELS[t.kind]), el('td', null, t.from ?? '—'), el('td', null, t.to ?? '—')))));
    }
    if (tests.notShown > 0) parts.push(el('p', { class: 'notice' }, tests.notShown + ' more changes not shown.'));
  }
  into.replaceChildren(el('h2', { id: 'compared' }, 'Iteration ' + a.number + ' → ' + b.number), ...parts);
}

/** /compare/: the pick form, and the comparison of ?a and ?b. */
async function comparePage(result) {
  const status = document.getElementById('compare-status');
  const form = document.getElementById('compare-form');
  const params = new URLSearchParams(location.search);
  const a = params.get('a');
  const b = params.get('b');
  if (form) {
    document.getElementById('compare-pick').hidden = false;
    form.elements.namedItem('a').value = a ?? '';
    form.elements.namedItem('b').value = b ?? '';
    form.addEventListener('submit', (event) => {
      event.preventDefault(); // the CSP's form-action 'none' blocks the submission itself
      location.assign(compareHref(form.elements.namedItem('a').value.trim(), form.elements.namedItem('b').value.trim()));
    });
  }
  if (a === null && b === null) {
    status.textContent = 'Pick two iterations: give their numbers, or tick two in the iteration list.';
    return;
  }
  if (!/^\d{1,9}$/.test(a ?? '') || !/^\d{1,9}$/.test(b ?? '')) {
    status.textContent = 'Give two iteration numbers, as in /compare/?a=1&b=3.';
    return;
  }
  status.textContent = 'Comparing iterations ' + a + ' and ' + b + '…';
  try {
    const [core, pageA, pageB] = await Promise.all([import('./compare-core.js'), readPage(a), readPage(b)]);
    render(core, core.compareIterations(pageA, pageB), result);
    document.title = 'Iterations ' + a + ' and ' + b + ' compared · journey';
    status.textContent = '';
  } catch (error) {
    status.textContent = error.message;
  }
}

const list = document.getElementById('iterations');
if (list) enhanceList(list);
const result = document.getElementById('compare-result');
if (result) comparePage(result);
