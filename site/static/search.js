// Search and filters without a server. On every page with the filter form it shows the form and
// turns a submit into a navigation to /search/?q=...&verdict=...&outcome= (the CSP's
// form-action 'none' blocks form submission itself). On /search/ it reads the static index the
// publisher writes (contract/search-docs.ts), newest slice first, shows hits as it finds them, stops
// at a page of hits and offers to search further. It builds the DOM from text only: nothing from
// the index is ever parsed as HTML.
(function () {
  const form = document.getElementById('filters');
  if (!form) return;
  // The site's root, base path included (JOURNEY_BASE_PATH): this script lives there.
  const root = new URL('.', document.currentScript ? document.currentScript.src : location.origin + '/');
  const at = (path) => new URL(path, root).href;
  form.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const name of ['q', 'verdict', 'outcome']) {
      const value = form.elements.namedItem(name).value.trim();
      if (value) params.set(name, value);
    }
    location.assign(at('search/' + (params.size ? '?' + params : '')));
  });
  const results = document.getElementById('search-results');
  const status = document.getElementById('search-status');
  const more = document.getElementById('search-more');
  if (!results || !status || !more) return;

  const HITS_PER_ROUND = 50;
  const PARALLEL = 3;
  const OUTCOME_LABELS = { 'on-time': 'on time', 'over-budget': 'over budget', running: 'running', none: 'none', withheld: 'withheld' };
  const tokenize = (text) => text.toLowerCase().match(/[\p{L}\p{N}_]{2,40}/gu) || [];

  const params = new URLSearchParams(location.search);
  const query = params.get('q') || '';
  const verdict = params.get('verdict') || '';
  const outcome = params.get('outcome') || '';
  form.elements.namedItem('q').value = query;
  form.elements.namedItem('verdict').value = verdict;
  form.elements.namedItem('outcome').value = outcome;
  const terms = tokenize(query);
  if (terms.length === 0 && !verdict && !outcome) {
    status.textContent = 'Type some words or pick a filter.';
    return;
  }

  const slices = Number(results.dataset.pages) || 0;
  const total = Number(results.dataset.iterations) || 0;
  let nextSlice = slices; // the newest slice not read yet
  let searched = 0;
  let found = 0;
  let wanted = HITS_PER_ROUND;
  let body;

  const fetchJson = (url) => fetch(url).then((response) => {
    if (!response.ok) throw new Error(url + ' answered ' + response.status);
    return response.json();
  });

  function matches(facet, words) {
    const [, , itsVerdict, , itsOutcome] = facet;
    if (verdict && (verdict === 'none' ? itsVerdict !== null : itsVerdict !== verdict)) return false;
    if (outcome && itsOutcome !== outcome) return false;
    if (terms.length === 0) return true;
    const text = '\n' + (words || '') + '\n';
    return terms.every((term) => text.includes('\n' + term));
  }

  function cell(row, content) {
    const td = document.createElement('td');
    if (content instanceof Node) td.append(content);
    else td.textContent = content;
    row.append(td);
  }

  function badge(text, kind) {
    const span = document.createElement('span');
    span.className = 'badge ' + kind;
    span.textContent = text;
    return span;
  }

  function show(facet) {
    if (!body) {
      const table = document.createElement('table');
      table.id = 'search-hits';
      const head = table.createTHead().insertRow();
      for (const title of ['#', 'Title', 'Status', 'Verdict', 'Phases']) {
        const th = document.createElement('th');
        th.textContent = title;
        head.append(th);
      }
      body = table.createTBody();
      results.append(table);
    }
    const [number, title, itsVerdict, itsStatus, itsOutcome] = facet;
    const row = body.insertRow();
    row.dataset.iteration = String(number);
    const link = document.createElement('a');
    link.href = at('iterations/' + number + '/');
    link.textContent = String(number);
    cell(row, link);
    cell(row, title);
    cell(row, badge(itsStatus, itsStatus));
    cell(row, itsVerdict ? badge(itsVerdict, itsVerdict) : '—');
    cell(row, OUTCOME_LABELS[itsOutcome] || itsOutcome);
  }

  function report(done) {
    const scope = done ? 'All ' + total + ' iterations searched' : 'Searched the newest ' + searched + ' of ' + total + ' iterations';
    status.textContent = scope + ': ' + found + (found === 1 ? ' match.' : ' matches.');
  }

  async function readSlice(k) {
    const [facets, words] = await Promise.all([
      fetchJson(at('search/facets/' + k + '.json')),
      terms.length ? fetchJson(at('search/words/' + k + '.json')) : Promise.resolve([]),
    ]);
    const wordsOf = new Map(words);
    return { facets, wordsOf };
  }

  async function run() {
    more.hidden = true;
    try {
      while (nextSlice >= 1 && found < wanted) {
        const batch = [];
        for (let k = nextSlice; k > nextSlice - PARALLEL && k >= 1; k--) batch.push(readSlice(k));
        nextSlice -= batch.length;
        for (const slice of await Promise.all(batch)) {
          for (const facet of slice.facets) {
            searched++;
            if (matches(facet, slice.wordsOf.get(facet[0]))) {
              found++;
              show(facet);
            }
          }
        }
        report(nextSlice < 1);
      }
      report(nextSlice < 1);
      more.hidden = nextSlice < 1;
    } catch (error) {
      status.textContent = 'The search index could not be read (' + error.message + '). Try again after the next publish.';
    }
  }

  more.addEventListener('click', () => {
    wanted = found + HITS_PER_ROUND;
    run();
  });
  status.textContent = 'Searching…';
  run();
})();
