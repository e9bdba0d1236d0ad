/* Bridges search page. Plain JavaScript, no build step, no network beyond the
 * Bridges API on the same origin. Routes: / (search; the query string is the
 * state) and /doc/{id} (one document); ?view= names a curator's view
 * (curate.js). The server may embed the first answer as
 * <script type="application/json" id="bridges-initial">; it is used when it
 * matches the current URL, otherwise the page fetches. */
(function () {
  'use strict';

  const { STRINGS, VOCAB, UI_LANGS } = window.BridgesI18n;
  const FACETS = ['domain', 'type', 'lang', 'country', 'city', 'network', 'status', 'edition'];
  const FILTERS = FACETS.concat('year');
  const SIDEBAR = ['domain', 'type', 'lang', 'country', 'city', 'network', 'year', 'status', 'edition'];
  const API_PARAMS = new Set(FILTERS.concat(['q', 'qlang', 'sort', 'page', 'per_page', 'year_from', 'year_to', 'collapse']));
  const SORTS = ['relevance', 'newest', 'oldest', 'title'];
  const COLLAPSED = 6;          // facet values shown before "Show all"
  const FACET_LIMIT = 1000;     // ask for every value, so the city filter box sees them all
  const SERVER_FACET_LIMIT = 50; // the API's default: an embedded answer may stop there

  const $ = (id) => document.getElementById(id);
  const el = {
    html: document.documentElement, body: document.body, skip: $('skip-link'), brand: $('brand-link'),
    uiLang: $('ui-lang'), form: $('search-form'), q: $('q'), list: $('suggestions'), suggestStatus: $('suggest-status'),
    filters: $('filters'), filtersToggle: $('filters-toggle'), filtersCount: $('filters-count'), facets: $('facets'),
    main: $('main'), searchView: $('search-view'), heading: $('results-heading'), count: $('result-count'),
    sort: $('sort'), dym: $('did-you-mean'), chips: $('active-filters'), results: $('results-body'),
    pagination: $('pagination'), docView: $('doc-view'), docAside: $('doc-aside'),
    curateView: $('curate-view'), curatorBar: $('curator-bar'), signIn: $('signin-link'), status: $('page-status')
  };

  let ui = 'en';
  let appliedUi = null;
  let initial = readInitial();
  let renderSeq = 0;
  let inflight = null;
  const cache = new Map();
  const labelCache = {};
  const facetState = { expanded: {}, cityFilter: '' };

  // ---------- small helpers ----------

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v == null || v === false) continue;
        if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = v;
        else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
        else node.setAttribute(k, v === true ? '' : v);
      }
    }
    for (const c of children.flat()) if (c != null && c !== false) node.append(c.nodeType ? c : String(c));
    return node;
  }

  function t(key, vars) {
    let s = (STRINGS[ui] && STRINGS[ui][key]) || STRINGS.en[key] || key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? vars[name] : m));
    return s;
  }

  // A string with one {name} slot filled by a DOM node.
  function tNode(key, name, node, vars) {
    const parts = t(key, vars).split('{' + name + '}');
    return [parts[0], node, parts.slice(1).join('')];
  }

  const numberFormats = {};
  function num(n) {
    numberFormats[ui] = numberFormats[ui] || new Intl.NumberFormat(ui);
    return numberFormats[ui].format(n);
  }

  function countText(n, one, many, zero, vars) {
    if (n === 0 && zero) return t(zero, vars);
    return n === 1 ? t(one, vars) : t(many, Object.assign({ n: num(n) }, vars));
  }

  function fold(s) {
    return String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  // Reads key, or sets it to value (null removes it).
  function storage(key, value) {
    try {
      if (value === undefined) return sessionStorage.getItem(key);
      if (value === null) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch (e) { /* private mode: no memory across pages */ }
    return null;
  }

  // The API escapes snippets and marks hits with <mark>; keep nothing else.
  function snippetNode(html) {
    const tpl = document.createElement('template');
    tpl.innerHTML = html || '';
    const out = document.createDocumentFragment();
    for (const n of Array.from(tpl.content.childNodes)) {
      if (n.nodeType === Node.ELEMENT_NODE && n.tagName === 'MARK') out.append(h('mark', null, n.textContent));
      else out.append(document.createTextNode(n.textContent));
    }
    return out;
  }

  // ---------- interface language and labels ----------

  function chooseUi(params) {
    const asked = params.get('ui');
    if (asked && UI_LANGS.includes(asked)) return asked;
    for (const l of navigator.languages || [navigator.language || 'en']) {
      const base = String(l).toLowerCase().split('-')[0];
      if (UI_LANGS.includes(base)) return base;
    }
    return 'en';
  }

  function uiIndex() {
    const i = ['en', 'fr'].indexOf(ui);
    return i < 0 ? 0 : i;
  }

  const displayNames = {};
  function intlName(type, code) {
    try {
      const k = ui + type;
      displayNames[k] = displayNames[k] || new Intl.DisplayNames([ui], { type });
      const name = displayNames[k].of(code);
      return name && name !== code ? name.charAt(0).toLocaleUpperCase(ui) + name.slice(1) : null;
    } catch (e) {
      return null;
    }
  }

  function label(facet, value) {
    value = String(value);
    if (facet === 'status') return STRINGS.en['status_' + value] ? t('status_' + value) : value;
    if (facet === 'country') return intlName('region', value) || value;
    const cached = labelCache[ui] && labelCache[ui][facet] && labelCache[ui][facet][value];
    if (cached && cached !== value) return cached;
    const vocab = VOCAB[facet] && VOCAB[facet][value];
    if (vocab) return vocab[uiIndex()];
    if (facet === 'lang') return intlName('language', value) || value.toUpperCase();
    return value;
  }

  function typeDefinition(type) {
    const v = VOCAB.type[type];
    return v ? v[2 + uiIndex()] : '';
  }

  function rememberLabels(facets) {
    const byFacet = (labelCache[ui] = labelCache[ui] || {});
    for (const [facet, list] of Object.entries(facets || {})) {
      byFacet[facet] = byFacet[facet] || {};
      for (const e of list) byFacet[facet][e.value] = e.label;
    }
  }

  function applyUiStrings() {
    if (appliedUi === ui) return;
    appliedUi = ui;
    el.html.lang = ui;
    for (const n of document.querySelectorAll('[data-i18n]')) n.textContent = t(n.dataset.i18n);
    for (const n of document.querySelectorAll('[data-i18n-placeholder]')) n.placeholder = t(n.dataset.i18nPlaceholder);
    for (const n of document.querySelectorAll('[data-i18n-aria-label]')) n.setAttribute('aria-label', t(n.dataset.i18nAriaLabel));
    el.docAside.setAttribute('aria-label', t('details'));
  }

  // ---------- URLs ----------

  function params() {
    return new URLSearchParams(location.search);
  }

  // Carry ui= along only when the reader chose it (otherwise the browser decides).
  function keepUi(p) {
    const asked = params().get('ui');
    if (asked) p.set('ui', asked);
    return p;
  }

  function searchHref(p) {
    const s = p.toString();
    return '/' + (s ? '?' + s : '');
  }

  function docHref(id) {
    const p = keepUi(new URLSearchParams());
    const s = p.toString();
    return '/doc/' + encodeURIComponent(id) + (s ? '?' + s : '');
  }

  function filterHref(facet, value) {
    const p = keepUi(new URLSearchParams());
    p.set(facet, value);
    return searchHref(p);
  }

  // {kind: 'search' | 'document' | 'view', id, view}: a curator's view is
  // ?view= on / (drafts, changes, new, signin) or on /doc/{id} (edit, diff).
  function route() {
    const m = location.pathname.match(/^\/doc\/(.+)$/);
    const view = params().get('view');
    const curated = CURATOR_VIEWS.includes(view);
    if (m) {
      let id = m[1];
      try { id = decodeURIComponent(id); } catch (e) { /* keep it raw */ }
      return curated ? { kind: 'view', view, id } : { kind: 'document', id };
    }
    return curated ? { kind: 'view', view } : { kind: 'search' };
  }

  // The API is asked exactly what the URL says (ui= included when the URL has
  // it), so a bookmarked page and /v1/search agree.
  function apiSearchQuery(p) {
    const out = new URLSearchParams();
    for (const [k, v] of p) if (API_PARAMS.has(k) || k === 'ui') out.append(k, v);
    out.set('facet_limit', String(FACET_LIMIT));
    return out.toString();
  }

  function sameParams(a, b) {
    const norm = (p) => Array.from(p).map(([k, v]) => k + '=' + v).sort().join('&');
    return norm(a) === norm(b);
  }

  // ---------- navigation ----------

  // A page with unsaved changes (the curator's edit form) holds navigation
  // back: its guard answers a promise of whether to leave.
  let leaveGuard = null;

  function navigate(url, opts) {
    if (leaveGuard) {
      const guard = leaveGuard;
      guard().then((leave) => {
        if (!leave || leaveGuard !== guard) return;
        leaveGuard = null;
        navigate(url, opts);
      });
      return;
    }
    opts = opts || {};
    const state = Object.assign({}, history.state, { scrollY: window.scrollY });
    history.replaceState(state, '');
    if (opts.replace) history.replaceState({}, '', url);
    else history.pushState({}, '', url);
    render({ focus: opts.focus || 'heading', scroll: opts.scroll || 'top' });
  }

  function isAppPath(url) {
    return url.origin === location.origin && (url.pathname === '/' || url.pathname.startsWith('/doc/'));
  }

  document.addEventListener('click', (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = ev.target.closest && ev.target.closest('a[href]');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    // In-page links (the skip link) move focus without touching the history.
    if (url.origin === location.origin && url.pathname === location.pathname && url.search === location.search && url.hash) {
      const target = document.getElementById(url.hash.slice(1));
      if (target) {
        ev.preventDefault();
        target.focus();
        target.scrollIntoView({ block: 'start' });
      }
      return;
    }
    if (!isAppPath(url)) return;
    ev.preventDefault();
    const keepScroll = a.dataset.keepScroll !== undefined;
    navigate(url.pathname + url.search + url.hash, { focus: a.dataset.focus || 'heading', scroll: keepScroll ? 'keep' : 'top' });
  });

  window.addEventListener('popstate', () => render({ focus: 'none', scroll: 'restore' }));

  function render(opts) {
    opts = opts || { focus: 'none', scroll: 'none' };
    leaveGuard = null;  // a guard belongs to the page it was set on
    const p = params();
    ui = chooseUi(p);
    // A reader whose browser asks for another language than the API's default
    // (English) gets it written into the URL, which the API then receives.
    if (!p.has('ui') && ui !== 'en') {
      p.set('ui', ui);
      history.replaceState(history.state, '', location.pathname + '?' + p.toString());
    }
    applyUiStrings();
    updateChrome(p);
    closeSuggestions();
    const r = route();
    const seq = ++renderSeq;
    const done = () => {
      if (seq !== renderSeq) return;
      afterRender(opts);
    };
    if (curator) curator.chrome();
    else if (signedIn()) useCurator().then((c) => c.chrome(), () => {});
    let shown;
    if (r.kind === 'view') shown = useCurator().then((c) => c.show(r, p, seq), (err) => showCuratorError(err));
    else if (r.kind === 'document') shown = showDocument(r.id, seq);
    else shown = showSearch(p, seq);
    shown.then(done);
  }

  function afterRender(opts) {
    // A link to a place in the page (a passage of a file) lands on it.
    const anchor = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (anchor && opts.scroll !== 'restore') {
      anchor.scrollIntoView({ block: 'center' });
      anchor.focus({ preventScroll: true });
      return;
    }
    if (opts.scroll === 'top') window.scrollTo(0, 0);
    else if (opts.scroll === 'restore') window.scrollTo(0, (history.state && history.state.scrollY) || 0);
    if (opts.focus === 'heading') {
      const kind = route().kind;
      const target = kind === 'search' ? el.heading : document.querySelector(kind === 'view' ? '#curate-view h1' : '#doc-view h1');
      if (target) target.focus({ preventScroll: true });
    } else if (opts.focus && opts.focus !== 'none' && opts.focus !== 'keep') {
      // The control that was used, or the heading when it is gone.
      const target = $(opts.focus) || (route().kind === 'search' ? el.heading : null);
      if (target && document.activeElement !== target) target.focus({ preventScroll: true });
    }
  }

  // Links in the header follow the state: the brand keeps ui=, EN/FR keep the
  // page, and signing in comes back to it.
  function updateChrome(p) {
    el.brand.href = searchHref(keepUi(new URLSearchParams()));
    const signIn = keepUi(new URLSearchParams({ view: 'signin' }));
    if (route().kind !== 'view') signIn.set('next', location.pathname + location.search);
    el.signIn.href = searchHref(signIn);
    el.signIn.hidden = signedIn();
    for (const a of el.uiLang.querySelectorAll('a[data-ui]')) {
      const q = new URLSearchParams(p);
      q.set('ui', a.dataset.ui);
      a.href = location.pathname + '?' + q.toString();
      if (a.dataset.ui === ui) a.setAttribute('aria-current', 'true');
      else a.removeAttribute('aria-current');
    }
  }

  // kind: 'search', 'document' or 'curate' (a curator's view, full width).
  function setView(kind) {
    const doc = kind === 'document', search = kind === 'search';
    el.body.classList.toggle('view-doc', doc);
    el.body.classList.toggle('view-search', search);
    el.body.classList.toggle('view-curate', kind === 'curate');
    el.searchView.hidden = !search;
    el.filters.hidden = !search;
    el.docView.hidden = !doc;
    el.docAside.hidden = !doc;
    el.curateView.hidden = kind !== 'curate';
    el.skip.textContent = t(search ? 'skipToResults' : 'skipToContent');
  }

  // ---------- API ----------

  // One API request: {body, etag}, or an Error with the API's status, message
  // and error body. A signed-in curator's token goes along (opts.token tries
  // another); opts.json is sent as the JSON body.
  async function apiFetch(url, opts) {
    opts = opts || {};
    const headers = Object.assign({ Accept: 'application/json' }, opts.headers);
    const token = opts.token || storage(TOKEN_KEY);
    if (token) headers.Authorization = 'Bearer ' + token;
    let body = opts.body;
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    const res = await fetch(url, { method: opts.method || 'GET', signal: opts.signal, headers, body });
    // A file (opts.blob): its bytes, or the API's JSON error.
    if (opts.blob && res.ok) return { body: await res.blob(), etag: res.headers.get('ETag') };
    let parsed = null;
    try { parsed = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok) {
      const err = new Error((parsed && parsed.error && parsed.error.message) || 'HTTP ' + res.status);
      err.status = res.status;
      err.body = parsed;
      throw err;
    }
    return { body: parsed, etag: res.headers.get('ETag') };
  }

  async function getJson(url, signal) {
    return (await apiFetch(url, { signal })).body;
  }

  function remember(key, value) {
    cache.delete(key);
    cache.set(key, value);
    if (cache.size > 40) cache.delete(cache.keys().next().value);
  }

  function readInitial() {
    const node = document.getElementById('bridges-initial');
    if (!node) return null;
    try {
      const data = JSON.parse(node.textContent);
      return data && typeof data === 'object' && data.response ? data : null;
    } catch (e) {
      return null;
    }
  }

  // The embedded answer is used once, and only for the URL it was made for.
  function takeInitial(kind, matches) {
    const data = initial;
    initial = null;
    return data && data.kind === kind && matches(data) ? data.response : null;
  }

  // ---------- search page ----------

  async function showSearch(p, seq) {
    setView('search');
    const q = p.get('q') || '';
    el.q.value = q;
    el.sort.value = SORTS.includes(p.get('sort')) ? p.get('sort') : 'relevance';
    el.heading.textContent = q ? t('resultsFor', { q }) : t('allDocuments');
    document.title = (q ? '“' + q + '” – ' : '') + t('siteName') + ' – ' + t('siteTagline');
    storage('bridges.lastSearch', location.pathname + location.search);

    const key = '/v1/search?' + apiSearchQuery(p);
    let resp = takeInitial('search', (d) => {
      const embedded = new URLSearchParams(String(d.params || '').replace(/^\?/, ''));
      return sameParams(embedded, p);
    });
    const embedded = !!resp;
    resp = resp || cache.get(key);
    if (!resp) {
      if (inflight) inflight.abort();
      inflight = new AbortController();
      el.results.setAttribute('aria-busy', 'true');
      el.results.classList.add('is-loading');
      try {
        resp = await getJson(key, inflight.signal);
        remember(key, resp);
      } catch (err) {
        if (err.name === 'AbortError' || seq !== renderSeq) return;
        renderSearchError(err);
        return;
      } finally {
        if (seq === renderSeq) {
          el.results.removeAttribute('aria-busy');
          el.results.classList.remove('is-loading');
        }
      }
    }
    if (seq !== renderSeq) return;
    renderSearch(p, resp);
    // An embedded answer lists at most the server's default number of values
    // per facet; fetch the complete lists behind the scenes.
    if (embedded && Object.values(resp.facets || {}).some((l) => l.length >= SERVER_FACET_LIMIT)) {
      getJson(key).then((full) => {
        remember(key, full);
        if (seq === renderSeq) renderFacets(p, full.facets || {}, full.total || 0);
      }, () => {});
    }
  }

  function renderSearchError(err) {
    el.count.textContent = t('errorTitle');
    el.dym.hidden = true;
    el.pagination.hidden = true;
    el.results.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert' },
      h('h2', { text: t('errorTitle') }),
      h('p', { text: err.message }),
      h('button', { type: 'button', class: 'button', onclick: () => render({ focus: 'none' }) }, t('retry'))));
  }

  function renderSearch(p, resp) {
    rememberLabels(resp.facets);
    const total = resp.total || 0;
    const perPage = resp.per_page || 10;
    const page = resp.page || 1;
    const pages = Math.max(1, Math.ceil(total / perPage));
    let count = countText(total, 'resultCount1', 'resultsCount', 'resultsCount0');
    if (pages > 1) count += ' · ' + t('pageOf', { page: num(page), pages: num(pages) });
    el.count.textContent = count;
    el.count.dataset.total = String(total);

    renderDidYouMean(p, resp.query || {});
    renderFollowLink(p);
    renderChips(p);
    if (resp.hits && resp.hits.length) {
      el.results.replaceChildren(h('ol', { class: 'hits', start: String((page - 1) * perPage + 1) },
        resp.hits.map((hit, i) => renderHit(hit, i))));
    } else {
      el.results.replaceChildren(renderEmpty(p));
    }
    renderPagination(p, page, pages);
    renderFacets(p, resp.facets || {}, total);
  }

  // The same search as an Atom feed, newest first unless a sort was chosen.
  function renderFollowLink(p) {
    const link = document.getElementById('follow-link');
    if (!link) return;
    const q = new URLSearchParams(p);
    q.delete('page');
    q.delete('ui');
    const s = q.toString();
    link.href = '/v1/search.atom' + (s ? '?' + s : '');
  }

  function renderDidYouMean(p, query) {
    if (!query.corrected) {
      el.dym.hidden = true;
      el.dym.replaceChildren();
      return;
    }
    const q = new URLSearchParams(p);
    q.set('q', query.corrected);
    q.delete('page');
    const link = h('a', { href: searchHref(q), class: 'dym-link' }, h('strong', { text: query.corrected }));
    el.dym.replaceChildren(h('p', null, tNode('didYouMean', 'link', link)));
    el.dym.hidden = false;
  }

  // Every filter in the URL, as {key, value, text} with a function that removes it.
  function activeFilters(p) {
    const list = [];
    for (const f of FILTERS) {
      for (const v of p.getAll(f)) {
        if (!v) continue;
        list.push({ id: f + '=' + v, text: t('facet_' + f) + ': ' + label(f, v), remove: (q) => {
          const rest = q.getAll(f).filter((x) => x !== v);
          q.delete(f);
          for (const x of rest) q.append(f, x);
        } });
      }
    }
    const from = p.get('year_from'), to = p.get('year_to');
    if (from || to) {
      const range = from && to ? t('yearRangeLabel', { from, to }) : from ? t('yearFromLabel', { from }) : t('yearToLabel', { to });
      list.push({ id: 'year-range', text: t('facet_year') + ': ' + range, remove: (q) => { q.delete('year_from'); q.delete('year_to'); } });
    }
    return list;
  }

  function withoutFilter(p, filter) {
    const q = new URLSearchParams(p);
    filter.remove(q);
    q.delete('page');
    return q;
  }

  function withoutAllFilters(p) {
    const q = new URLSearchParams(p);
    for (const f of FILTERS.concat(['year_from', 'year_to', 'page'])) q.delete(f);
    return q;
  }

  function renderChips(p) {
    const filters = activeFilters(p);
    el.filtersCount.textContent = filters.length ? String(filters.length) : '';
    el.filtersCount.hidden = !filters.length;
    if (!filters.length) {
      el.chips.hidden = true;
      el.chips.replaceChildren();
      return;
    }
    const focusedIndex = Array.from(el.chips.querySelectorAll('button')).indexOf(document.activeElement);
    const items = filters.map((f, i) => h('li', null, h('button', {
      type: 'button', class: 'chip', id: 'chip-' + i, 'aria-label': t('removeFilter', { label: f.text }),
      onclick: () => navigate(searchHref(withoutFilter(p, f)), { focus: 'chip-' + i, scroll: 'keep' })
    }, h('span', { text: f.text }), h('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×'))));
    items.push(h('li', null, h('button', {
      type: 'button', class: 'link-button clear-all', id: 'chip-clear',
      onclick: () => navigate(searchHref(withoutAllFilters(p)), { focus: 'heading', scroll: 'keep' })
    }, t('clearAll'))));
    el.chips.replaceChildren(h('h2', { class: 'visually-hidden', text: t('activeFilters') }), h('ul', { class: 'chip-list' }, items));
    el.chips.hidden = false;
    // After a removal, focus the chip now in that place (or "clear all").
    if (focusedIndex >= 0) {
      const buttons = el.chips.querySelectorAll('button');
      buttons[Math.min(focusedIndex, buttons.length - 1)].focus({ preventScroll: true });
    }
  }

  let tipCount = 0;
  function typeBadge(type) {
    const text = label('type', type);
    const def = typeDefinition(type);
    if (!def) return h('span', { class: 'type-badge' }, text);
    const id = 'tip-' + (++tipCount);
    const wrap = h('span', { class: 'tip' });
    const button = h('button', {
      type: 'button', class: 'type-badge', 'aria-describedby': id,
      onclick: () => wrap.classList.toggle('tip-open'),
      onkeydown: (ev) => {
        if (ev.key === 'Escape') { wrap.classList.add('tip-dismissed'); wrap.classList.remove('tip-open'); }
      },
      onblur: () => wrap.classList.remove('tip-dismissed', 'tip-open')
    }, text);
    wrap.addEventListener('mouseleave', () => wrap.classList.remove('tip-dismissed'));
    wrap.append(button, h('span', { class: 'tooltip', role: 'tooltip', id }, def));
    return wrap;
  }

  function joinMeta(parts) {
    const out = [];
    for (const part of parts.filter(Boolean)) {
      if (out.length) out.push(h('span', { class: 'sep', 'aria-hidden': 'true' }, '·'));
      out.push(part);
    }
    return out;
  }

  function cityIds(cities) {
    return (cities || []).map((c) => (typeof c === 'string' ? c : c && c.id)).filter(Boolean);
  }

  function renderHit(hit, i) {
    const titleId = 'hit-' + i;
    const cities = cityIds(hit.cities);
    const cityText = cities.length
      ? cities.slice(0, 3).map((c) => label('city', c)).join(', ') + (cities.length > 3 ? ' +' + (cities.length - 3) : '')
      : null;
    const meta = joinMeta([
      hit.type && typeBadge(hit.type),
      hit.year && h('span', { class: 'meta-year' }, String(hit.year)),
      hit.lang && h('span', { class: 'meta-lang' }, label('lang', hit.lang)),
      cityText && h('span', { class: 'meta-cities' }, cityText)
    ]);
    const translations = hit.translations || [];
    return h('li', { class: 'hit' + (hit.status === 'archived' ? ' hit-archived' : '') },
      h('article', { 'aria-labelledby': titleId },
        h('h2', { class: 'hit-title', id: titleId },
          h('a', { href: docHref(hit.id), lang: hit.lang, dir: 'auto' }, hit.title || hit.id)),
        h('div', { class: 'hit-meta' }, meta,
          hit.status === 'archived' && h('span', { class: 'badge badge-archived' }, t('archived'))),
        hit.snippet && h('p', { class: 'snippet', lang: hit.lang, dir: 'auto' }, snippetNode(hit.snippet)),
        renderHitPassages(hit, titleId),
        translations.length > 0 && h('div', { class: 'also-in' },
          h('span', { class: 'also-in-label', id: titleId + '-also' }, t('alsoIn')),
          h('ul', { 'aria-labelledby': titleId + '-also' }, translations.map((tr) => h('li', null,
            h('a', {
              class: 'lang-chip', href: docHref(tr.id), hreflang: tr.lang, title: tr.title,
              'aria-label': t('versionIn', { lang: label('lang', tr.lang), title: tr.title || tr.id })
            }, tr.lang.toUpperCase())))))));
  }

  // The API's link to a passage: a PDF at its page, other formats on the
  // document page at the passage; links into this app keep ui=.
  function passageHref(passage) {
    const u = new URL(passage.url, location.origin);
    if (u.pathname.startsWith('/doc/')) {
      for (const [k, v] of keepUi(new URLSearchParams())) u.searchParams.set(k, v);
      // The words searched for stay marked in the file's text.
      const q = params().get('q');
      if (q) u.searchParams.set('hl', q);
    }
    return u.pathname + u.search + u.hash;
  }

  // The pages of the record's files where the words are: "p. 12" and the
  // words in context.
  function renderHitPassages(hit, titleId) {
    const passages = hit.passages || [];
    if (!passages.length) return null;
    return h('div', { class: 'hit-passages' },
      h('span', { class: 'visually-hidden', id: titleId + '-passages' }, t('inTheFile')),
      h('ul', { 'aria-labelledby': titleId + '-passages' }, passages.map((ps) => h('li', { class: 'hit-passage' },
        h('a', {
          class: 'passage-link', href: passageHref(ps),
          'aria-label': ps.page
            ? t('pageLinkLabel', { page: num(ps.page), title: hit.title || hit.id })
            : t('passageLinkLabel', { n: num(ps.passage), title: hit.title || hit.id })
        }, ps.page ? t('pageShort', { page: num(ps.page) }) : t('passageShort', { n: num(ps.passage) })),
        h('span', { class: 'passage-snippet', dir: 'auto' }, snippetNode(ps.snippet))))));
  }

  function renderEmpty(p) {
    const q = p.get('q');
    const filters = activeFilters(p);
    const box = h('div', { class: 'empty' }, h('h2', { text: q ? t('emptyTitleFor', { q }) : t('emptyTitle') }));
    if (filters.length) {
      box.append(h('p', { text: t('emptyRemove') }),
        h('ul', { class: 'empty-actions' }, filters.map((f, i) => h('li', null, h('button', {
          type: 'button', class: 'button button-secondary', id: 'empty-remove-' + i,
          onclick: () => navigate(searchHref(withoutFilter(p, f)), { focus: 'heading', scroll: 'keep' })
        }, t('emptyRemoveButton', { label: f.text })))),
        filters.length > 1 && h('li', null, h('button', {
          type: 'button', class: 'button', onclick: () => navigate(searchHref(withoutAllFilters(p)), { focus: 'heading' })
        }, t('emptyClearAll')))));
    }
    box.append(h('p', { class: 'muted', text: t('emptyTips') }),
      h('p', null, h('a', { href: searchHref(keepUi(new URLSearchParams())) }, t('browseAll'))));
    return box;
  }

  function renderPagination(p, page, pages) {
    if (pages <= 1) {
      el.pagination.hidden = true;
      el.pagination.replaceChildren();
      return;
    }
    const link = (n, text, rel) => {
      const q = new URLSearchParams(p);
      if (n > 1) q.set('page', String(n));
      else q.delete('page');
      return h('a', { class: 'button button-secondary', href: searchHref(q), rel }, text);
    };
    const off = (text) => h('span', { class: 'button button-secondary is-disabled', 'aria-disabled': 'true' }, text);
    el.pagination.replaceChildren(
      page > 1 ? link(page - 1, '← ' + t('previous'), 'prev') : off('← ' + t('previous')),
      h('span', { class: 'page-of' }, t('pageOf', { page: num(page), pages: num(pages) })),
      page < pages ? link(page + 1, t('next') + ' →', 'next') : off(t('next') + ' →'));
    el.pagination.hidden = false;
  }

  // ---------- facets ----------

  function toggleValue(facet, value, on, focusId) {
    const p = params();
    const rest = p.getAll(facet).filter((v) => v !== value);
    p.delete(facet);
    for (const v of rest) p.append(facet, v);
    if (on) p.append(facet, value);
    p.delete('page');
    navigate(searchHref(p), { focus: focusId, scroll: 'keep' });
  }

  function safeId(s) {
    return String(s).replace(/[^A-Za-z0-9_-]/g, (c) => '_' + c.charCodeAt(0).toString(16));
  }

  function renderFacets(p, facets, total) {
    const active = document.activeElement;
    const focusId = active && el.facets.contains(active) ? active.id : null;
    const selStart = focusId === 'city-filter' ? active.selectionStart : null;
    const sections = [];
    for (const facet of SIDEBAR) {
      const section = facet === 'year'
        ? renderYearFacet(p, facets.year || [])
        : renderFacet(facet, facets[facet] || [], p.getAll(facet));
      if (section) sections.push(section);
    }
    // On a phone the facets are a panel above the results; this closes it.
    sections.push(h('button', {
      type: 'button', class: 'button filters-done', id: 'filters-done',
      onclick: () => {
        setFiltersOpen(false);
        el.heading.focus({ preventScroll: true });
        el.heading.scrollIntoView({ block: 'start' });
      }
    }, t('showResults', { n: num(total) })));
    el.facets.replaceChildren(...sections);
    if (focusId && $(focusId)) {
      $(focusId).focus({ preventScroll: true });
      if (selStart != null) $(focusId).setSelectionRange(selStart, selStart);
    }
  }

  function renderFacet(facet, values, selected) {
    const entries = values.map((e) => ({ value: String(e.value), count: e.count }));
    for (const v of selected) if (!entries.some((e) => e.value === v)) entries.push({ value: v, count: 0 });
    if (!entries.length) return null;
    const headingId = 'facet-h-' + facet;
    const isCity = facet === 'city';
    const expanded = !!facetState.expanded[facet];
    const items = entries.map((e, i) => {
      const id = 'f-' + facet + '-' + safeId(e.value);
      const checked = selected.includes(e.value);
      const text = label(facet, e.value);
      const li = h('li', { class: 'facet-item', 'data-value': e.value, 'data-label': fold(text) },
        h('input', {
          type: 'checkbox', id, value: e.value, checked,
          onchange: (ev) => toggleValue(facet, e.value, ev.target.checked, id)
        }),
        h('label', { for: id },
          h('span', { class: 'facet-label' }, text),
          h('span', { class: 'count' },
            h('span', { class: 'count-num', 'aria-hidden': 'true' }, num(e.count)),
            h('span', { class: 'visually-hidden' }, ' (' + countText(e.count, 'documentCount1', 'documentsCount') + ')'))));
      if (!expanded && i >= COLLAPSED && !checked) li.hidden = true;
      return li;
    });
    const list = h('ul', { class: 'facet-list', id: 'facet-list-' + facet, 'aria-labelledby': headingId }, items);
    const section = h('section', { class: 'facet', 'data-facet': facet, 'aria-labelledby': headingId },
      h('h3', { id: headingId, text: t('facet_' + facet) }));
    let more = null;
    if (entries.length > COLLAPSED) {
      more = h('button', {
        type: 'button', class: 'link-button facet-more', id: 'facet-more-' + facet,
        'aria-expanded': String(expanded), 'aria-controls': list.id,
        onclick: () => {
          facetState.expanded[facet] = !facetState.expanded[facet];
          const open = facetState.expanded[facet];
          more.setAttribute('aria-expanded', String(open));
          more.textContent = open ? t('showFewer') : t('showAll', { n: num(entries.length) });
          items.forEach((li, i) => { li.hidden = !open && i >= COLLAPSED && !li.querySelector('input').checked; });
        }
      }, expanded ? t('showFewer') : t('showAll', { n: num(entries.length) }));
    }
    if (isCity) {
      const none = h('p', { class: 'muted facet-none', hidden: true }, t('noCityMatches'));
      const filter = h('input', {
        type: 'search', class: 'facet-filter', id: 'city-filter', placeholder: t('filterCities'),
        'aria-label': t('filterCities'), 'aria-controls': list.id, autocomplete: 'off', value: facetState.cityFilter
      });
      const apply = () => {
        const needle = fold(filter.value.trim());
        facetState.cityFilter = filter.value;
        let shown = 0;
        items.forEach((li, i) => {
          const match = needle ? li.dataset.label.includes(needle) : true;
          li.hidden = needle ? !match : !facetState.expanded.city && i >= COLLAPSED && !li.querySelector('input').checked;
          if (!li.hidden) shown++;
        });
        none.hidden = shown > 0;
        if (more) more.hidden = !!needle;
      };
      filter.addEventListener('input', apply);
      section.append(filter, list, none);
      if (more) section.append(more);
      if (facetState.cityFilter) apply();
    } else {
      section.append(list);
      if (more) section.append(more);
    }
    return section;
  }

  function renderYearFacet(p, years) {
    const known = years.map((y) => Number(y.value)).filter((y) => y >= 1900 && y <= 2100);
    const min = known.length ? Math.min(...known) : null;
    const max = known.length ? Math.max(...known) : null;
    const input = (id, key, name, value) => h('div', { class: 'year-field' },
      h('label', { for: id, text: t(key) }),
      h('input', {
        type: 'number', id, name, inputmode: 'numeric', min: '1900', max: '2100', step: '1',
        value: value || null, placeholder: name === 'year_from' ? (min || '') : (max || '')
      }));
    const form = h('form', { class: 'year-range', id: 'year-range', novalidate: true },
      h('div', { class: 'year-fields' },
        input('year-from', 'yearFrom', 'year_from', p.get('year_from')),
        input('year-to', 'yearTo', 'year_to', p.get('year_to'))),
      h('button', { type: 'submit', class: 'button button-secondary button-small', id: 'year-apply' }, t('yearApply')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const clean = (v) => {
        const n = parseInt(v, 10);
        return n >= 1900 && n <= 2100 ? n : null;
      };
      let from = clean(form.elements.year_from.value), to = clean(form.elements.year_to.value);
      if (from && to && from > to) [from, to] = [to, from];
      const q = params();
      q.delete('year_from');
      q.delete('year_to');
      if (from) q.set('year_from', String(from));
      if (to) q.set('year_to', String(to));
      q.delete('page');
      navigate(searchHref(q), { focus: 'year-apply', scroll: 'keep' });
    });
    const section = h('section', { class: 'facet', 'data-facet': 'year', 'aria-labelledby': 'facet-h-year' },
      h('h3', { id: 'facet-h-year', text: t('facet_year') }), form);
    if (min) section.append(h('p', { class: 'muted facet-hint' }, t('yearRangeHint', { min, max })));
    return section;
  }

  function setFiltersOpen(open) {
    el.filtersToggle.setAttribute('aria-expanded', String(open));
    el.filters.classList.toggle('is-open', open);
  }
  el.filtersToggle.addEventListener('click', () => setFiltersOpen(el.filtersToggle.getAttribute('aria-expanded') !== 'true'));

  el.sort.addEventListener('change', () => {
    const p = params();
    if (el.sort.value === 'relevance') p.delete('sort');
    else p.set('sort', el.sort.value);
    p.delete('page');
    navigate(searchHref(p), { focus: 'sort', scroll: 'keep' });
  });

  // ---------- document page ----------

  // A signed-in curator sees the newest revision, draft or not, with its
  // place in the workflow (curate.js adds it); readers see the published one.
  async function showDocument(id, seq) {
    setView('document');
    let doc = takeInitial('document', (d) => d.id === id);
    const c = signedIn() ? await useCurator().catch(() => null) : null;
    if (seq !== renderSeq) return;
    const key = '/v1/documents/' + encodeURIComponent(id) + (c ? '?include=drafts' : '');
    doc = c ? null : doc || cache.get(key);
    if (!doc) {
      if (inflight) inflight.abort();
      inflight = new AbortController();
      el.docView.setAttribute('aria-busy', 'true');
      if (!el.docView.firstChild || el.docView.dataset.id !== id)
        el.docView.replaceChildren(h('p', { class: 'loading' }, t('loading')));
      try {
        doc = await getJson(key, inflight.signal);
        if (!c) remember(key, doc);
      } catch (err) {
        if (err.name === 'AbortError' || seq !== renderSeq) return;
        renderDocError(id, err);
        return;
      } finally {
        if (seq === renderSeq) el.docView.removeAttribute('aria-busy');
      }
    }
    if (seq !== renderSeq) return;
    renderDocument(doc);
    const file = params().get('file');
    if (file !== null && /^\d+$/.test(file)) await showFileText(doc, +file, seq);
    if (c) await c.decorateDocument(doc, seq);
  }

  // ?file=n: the text of the document's file n around the passage the URL's
  // #passage-n-k names, so a hit in a Word or HTML file is read in context.
  async function showFileText(doc, n, seq) {
    const m = /^#passage-(\d+)-(\d+)$/.exec(location.hash);
    const wanted = m && +m[1] === n ? +m[2] : 1;
    const from = Math.max(1, wanted - 5);
    const base = '/v1/documents/' + encodeURIComponent(doc.id) + '/files/' + n + '/passages';
    const hl = params().get('hl');
    let data;
    try {
      data = await getJson(base + '?' + new URLSearchParams(Object.assign({ from: String(from), limit: '30' }, hl ? { q: hl } : {})));
    } catch (err) {
      if (seq !== renderSeq) return;
      el.docView.append(h('p', { class: 'notice notice-error', text: t('fileTextError') }));
      return;
    }
    if (seq !== renderSeq) return;
    const list = data.passages || [];
    const last = list.length ? list[list.length - 1].passage : from;
    const moreHref = (k) => {
      const p = keepUi(new URLSearchParams(Object.assign({ file: String(n) }, hl ? { hl } : {})));
      return '/doc/' + encodeURIComponent(doc.id) + '?' + p.toString() + '#passage-' + n + '-' + k;
    };
    el.docView.append(h('section', { class: 'file-text', 'aria-labelledby': 'file-text-h' },
      h('h2', { id: 'file-text-h' }, t('fileText', { name: data.name })),
      h('p', { class: 'muted' }, t('passagesRange', { from: num(from), to: num(last), total: num(data.total) })),
      from > 1 && h('a', { class: 'more-passages', href: moreHref(Math.max(1, from - 25)) }, '← ' + t('earlierPassages')),
      h('ol', { class: 'file-passages', start: String(from) }, list.map((ps) => h('li', {
        id: 'passage-' + n + '-' + ps.passage, tabindex: '-1', dir: 'auto',
        class: ps.passage === wanted && m ? 'file-passage is-target' : 'file-passage'
      }, ps.marked
        ? ps.marked.split('\n').map((line) => h('p', null, snippetNode(line)))
        : ps.text.split('\n').map((line) => h('p', null, line))))),
      last < data.total && h('a', { class: 'more-passages', href: moreHref(last + 1) }, t('laterPassages') + ' →')));
  }

  function formatBytes(n) {
    const units = ['B', 'KB', 'MB', 'GB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? num(n) : new Intl.NumberFormat(ui, { maximumFractionDigits: 1 }).format(n)) + ' ' + units[i];
  }

  // The panel of a document's files: a link to each, what it is, and for a
  // curator the file's own metadata (hints for the record's fields) or why
  // it could not be read.
  function renderFiles(doc) {
    const files = doc.file_details || [];
    if (!files.length) return null;
    const curator = signedIn();
    return h('section', { class: 'panel', 'aria-labelledby': 'files-h' },
      h('h2', { id: 'files-h', text: t('files') }),
      h('ul', { class: 'files' }, files.map((f) => {
        const facts = [f.format, f.pages && t('filePages', { n: num(f.pages) }), f.lang && label('lang', f.lang),
          f.bytes !== undefined && formatBytes(f.bytes)].filter(Boolean).join(' · ');
        const hints = [];
        if (curator) {
          if (f.title) hints.push(t('fileHintTitle') + ': ' + f.title);
          if (f.author) hints.push(t('fileHintAuthor') + ': ' + f.author);
          if (f.created) hints.push(t('fileHintCreated') + ': ' + formatDate(f.created));
          if (f.detected_lang) hints.push(t('fileHintDetected') + ': ' + label('lang', f.detected_lang));
        }
        return h('li', { class: 'file' },
          f.url ? h('a', { href: f.url, class: 'file-link' }, f.label || f.name) : h('span', null, f.label || f.name),
          facts && h('span', { class: 'file-facts' }, facts),
          f.error && h('span', { class: 'file-error' }, t('fileUnreadable', { reason: f.error })),
          hints.length > 0 && h('span', { class: 'file-hints', title: t('fileHints') }, hints.join(' · ')));
      })));
  }

  function backLink() {
    const last = storage('bridges.lastSearch');
    const href = last && last.startsWith('/') ? last : searchHref(keepUi(new URLSearchParams()));
    return h('nav', { class: 'crumbs', 'aria-label': t('backToResults') },
      h('a', { href, class: 'back-link' }, '← ' + (last ? t('backToResults') : t('backToSearch'))));
  }

  function renderDocError(id, err) {
    const missing = err.status === 404;
    document.title = t(missing ? 'notFound' : 'errorDoc') + ' – ' + t('siteName');
    el.docView.dataset.id = id;
    el.docView.replaceChildren(backLink(), h('div', { class: 'notice' + (missing ? '' : ' notice-error') },
      h('h1', { tabindex: '-1', text: t(missing ? 'notFound' : 'errorDoc') }),
      h('p', { text: missing ? t('notFoundText', { id }) : err.message }),
      !missing && h('button', { type: 'button', class: 'button', onclick: () => render({ focus: 'heading' }) }, t('retry'))));
    el.docAside.replaceChildren();
    el.docAside.hidden = true;
  }

  function formatDate(s) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');
    if (!m) return s;
    try {
      return new Intl.DateTimeFormat(ui, { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    } catch (e) {
      return s;
    }
  }

  function tagList(facet, values) {
    return h('ul', { class: 'tags' }, values.map((v) => h('li', null,
      h('a', { class: 'tag', href: filterHref(facet, v), title: t('tagSearch', { label: label(facet, v) }) }, label(facet, v)))));
  }

  function renderDocument(doc) {
    el.docView.dataset.id = doc.id;
    document.title = doc.title + ' – ' + t('siteName');
    const archived = doc.status === 'archived';
    const meta = joinMeta([
      doc.type && typeBadge(doc.type),
      doc.year && h('span', null, String(doc.year)),
      doc.lang && h('span', null, label('lang', doc.lang))
    ]);
    const body = (doc.body || []).map((section) => h('section', { class: 'doc-section' },
      section.heading && h('h2', { dir: 'auto' }, section.heading),
      (section.paragraphs || []).map((para) => h('p', { dir: 'auto' }, para))));
    el.docView.replaceChildren(backLink(), h('article', { class: 'doc', 'aria-labelledby': 'doc-title' },
      h('header', { class: 'doc-header' },
        h('div', { class: 'hit-meta doc-meta' }, meta, archived && h('span', { class: 'badge badge-archived' }, t('archived'))),
        h('h1', { id: 'doc-title', tabindex: '-1', lang: doc.lang, dir: 'auto' }, doc.title),
        doc.summary && h('p', { class: 'doc-summary', lang: doc.lang, dir: 'auto' }, doc.summary)),
      archived && h('p', { class: 'notice notice-archived' }, t('archivedNote')),
      body.length > 0 && h('div', { class: 'doc-body', lang: doc.lang }, body)));

    const versions = [{ id: doc.id, lang: doc.lang, title: doc.title, current: true }].concat(doc.translations || []);
    versions.sort((a, b) => label('lang', a.lang).localeCompare(label('lang', b.lang), ui));
    const sections = [];
    sections.push(h('section', { class: 'panel', 'aria-labelledby': 'versions-h' },
      h('h2', { id: 'versions-h', text: t('languageVersions') }),
      h('ul', { class: 'versions' }, versions.map((v) => h('li', { class: v.current ? 'is-current' : null },
        v.current
          ? h('span', { class: 'version', 'aria-current': 'page' },
            h('span', { class: 'version-lang' }, label('lang', v.lang), h('span', { class: 'version-current' }, ' · ' + t('currentVersion'))),
            h('span', { class: 'version-title', lang: v.lang, dir: 'auto' }, v.title))
          : h('a', { class: 'version', href: docHref(v.id), hreflang: v.lang },
            h('span', { class: 'version-lang' }, label('lang', v.lang)),
            h('span', { class: 'version-title', lang: v.lang, dir: 'auto' }, v.title || v.id)))))));

    const details = [];
    const row = (key, value) => value && details.push(h('dt', { text: t(key) }), h('dd', null, value));
    if (doc.domains && doc.domains.length) row('domains', tagList('domain', doc.domains));
    const cities = cityIds(doc.cities);
    if (cities.length) row('cities', tagList('city', cities));
    if (doc.countries && doc.countries.length) row('countries', tagList('country', doc.countries));
    if (doc.networks && doc.networks.length) row('networks', tagList('network', doc.networks));
    if (doc.organisations && doc.organisations.length) row('organisations', doc.organisations.join(' · '));
    if (doc.published) row('published', formatDate(doc.published));
    if (doc.updated) row('updated', formatDate(doc.updated));
    if (doc.edition) row('edition', String(doc.edition));
    if (doc.url && /^https?:\/\//.test(doc.url)) {
      let host = doc.url;
      try { host = new URL(doc.url).hostname.replace(/^www\./, ''); } catch (e) { /* keep it */ }
      row('source', h('a', { href: doc.url, rel: 'noopener', class: 'external' }, /coe\.int$/.test(host) ? t('sourceLink') : host));
    }
    if (details.length) sections.push(h('section', { class: 'panel', 'aria-labelledby': 'details-h' },
      h('h2', { id: 'details-h', text: t('details') }), h('dl', { class: 'details' }, details)));

    const filesPanel = renderFiles(doc);
    if (filesPanel) sections.push(filesPanel);

    const related = doc.related || [];
    sections.push(h('section', { class: 'panel', 'aria-labelledby': 'related-h' },
      h('h2', { id: 'related-h', text: t('related') }),
      related.length
        ? h('ul', { class: 'related' }, related.map((r) => h('li', null,
          h('a', { href: docHref(r.id), lang: r.lang, dir: 'auto' }, r.title || r.id),
          h('span', { class: 'related-meta' }, [r.type && label('type', r.type), r.year, r.lang && r.lang.toUpperCase()].filter(Boolean).join(' · ')))))
        : h('p', { class: 'muted', text: t('noRelated') })));
    el.docAside.replaceChildren(...sections);
    el.docAside.hidden = false;
  }

  // ---------- search box with suggestions (ARIA 1.2 combobox) ----------

  const suggest = { items: [], active: -1, timer: 0, controller: null };

  function closeSuggestions() {
    clearTimeout(suggest.timer);
    if (suggest.controller) suggest.controller.abort();
    suggest.items = [];
    suggest.active = -1;
    el.list.hidden = true;
    el.list.replaceChildren();
    el.q.setAttribute('aria-expanded', 'false');
    el.q.removeAttribute('aria-activedescendant');
  }

  function showSuggestions(items) {
    suggest.items = items;
    suggest.active = -1;
    if (!items.length) {
      closeSuggestions();
      return;
    }
    el.list.replaceChildren(...items.map((s, i) => h('li', {
      role: 'option', id: 'suggestion-' + i, class: 'suggestion', 'aria-selected': 'false',
      onmousedown: (ev) => ev.preventDefault(),
      onclick: () => chooseSuggestion(s)
    }, h('span', { class: 'suggestion-text', dir: 'auto' }, s.text),
    h('span', { class: 'suggestion-kind' }, t('kind_' + s.kind)))));
    el.list.hidden = false;
    el.q.setAttribute('aria-expanded', 'true');
    el.suggestStatus.textContent = countText(items.length, 'suggestionCount1', 'suggestionsCount');
  }

  function setActive(i) {
    suggest.active = i;
    const options = el.list.querySelectorAll('[role="option"]');
    options.forEach((o, j) => o.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) {
      el.q.setAttribute('aria-activedescendant', options[i].id);
      options[i].scrollIntoView({ block: 'nearest' });
    } else {
      el.q.removeAttribute('aria-activedescendant');
    }
  }

  function chooseSuggestion(s) {
    closeSuggestions();
    if (s.kind === 'title') {
      navigate(docHref(s.value), { focus: 'heading' });
      return;
    }
    const facet = { city: 'city', domain: 'domain', type: 'type', network: 'network' }[s.kind];
    const p = route().kind === 'search' ? params() : keepUi(new URLSearchParams());
    p.delete('q');
    p.delete('page');
    if (facet && !p.getAll(facet).includes(s.value)) p.append(facet, s.value);
    else if (!facet) p.set('q', s.text);
    el.q.value = '';
    navigate(searchHref(p), { focus: 'keep', scroll: 'top' });
  }

  el.q.addEventListener('input', () => {
    clearTimeout(suggest.timer);
    const q = el.q.value.trim();
    if (q.length < 2) {
      closeSuggestions();
      return;
    }
    suggest.timer = setTimeout(async () => {
      if (suggest.controller) suggest.controller.abort();
      suggest.controller = new AbortController();
      try {
        const resp = await getJson('/v1/suggest?' + new URLSearchParams({ q, ui }), suggest.controller.signal);
        if (el.q.value.trim() === q && document.activeElement === el.q) showSuggestions(resp.suggestions || []);
      } catch (e) { /* suggestions are optional */ }
    }, 120);
  });

  el.q.addEventListener('keydown', (ev) => {
    const open = !el.list.hidden && suggest.items.length > 0;
    const n = suggest.items.length;
    if (ev.key === 'ArrowDown' && open) {
      ev.preventDefault();
      setActive((suggest.active + 1) % n);
    } else if (ev.key === 'ArrowUp' && open) {
      ev.preventDefault();
      setActive(suggest.active <= 0 ? n - 1 : suggest.active - 1);
    } else if (ev.key === 'Enter' && open && suggest.active >= 0) {
      ev.preventDefault();
      chooseSuggestion(suggest.items[suggest.active]);
    } else if (ev.key === 'Escape' && open) {
      ev.preventDefault();
      closeSuggestions();
    }
  });

  el.q.addEventListener('blur', () => closeSuggestions());

  el.form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    closeSuggestions();
    const q = el.q.value.trim();
    const p = route().kind === 'search' ? params() : keepUi(new URLSearchParams());
    if (q) p.set('q', q);
    else p.delete('q');
    p.delete('page');
    navigate(searchHref(p), { focus: 'keep', scroll: 'top' });
  });

  // Escape hides an open tooltip wherever focus is (WCAG 1.4.13).
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape') return;
    for (const tip of document.querySelectorAll('.tip:hover, .tip:focus-within, .tip-open')) {
      tip.classList.add('tip-dismissed');
      tip.classList.remove('tip-open');
    }
  });

  // ---------- curator tools ----------

  // Curators' code, strings and styles (curate.js, i18n-curate.js,
  // curate.css) load only for a curator's view or a signed-in curator, so
  // readers never fetch them. The token lives in sessionStorage only.
  const CURATOR_VIEWS = ['signin', 'drafts', 'changes', 'new', 'edit', 'diff'];
  const TOKEN_KEY = 'bridges.token';
  let curator = null;         // curate.js's interface, once loaded
  let curatorLoading = null;

  function signedIn() {
    return !!storage(TOKEN_KEY);
  }

  function loadAsset(tag, attrs) {
    return new Promise((resolve, reject) => {
      document.head.append(h(tag, Object.assign({ onload: resolve, onerror: () => reject(new Error(t('errorCurator'))) }, attrs)));
    });
  }

  function useCurator() {
    if (curator) return Promise.resolve(curator);
    curatorLoading = curatorLoading || Promise.all([
      loadAsset('link', { rel: 'stylesheet', href: '/static/curate.css' }),
      loadAsset('script', { src: '/static/i18n-curate.js' }),
      loadAsset('script', { src: '/static/curate.js' })
    ]).then(() => {
      curator = window.BridgesCurate(shared);
      return curator;
    }, (err) => {
      curatorLoading = null;  // try again on the next page
      throw err;
    });
    return curatorLoading;
  }

  function showCuratorError(err) {
    setView('curate');
    el.curateView.replaceChildren(h('div', { class: 'notice notice-error' },
      h('h1', { tabindex: '-1', text: err.message }),
      h('button', { type: 'button', class: 'button', onclick: () => render({ focus: 'heading' }) }, t('retry'))));
  }

  // What curate.js builds on: one helper, one place.
  const shared = {
    h, t, tNode, num, countText, fold, label, formatDate, storage, params, keepUi, searchHref, docHref, navigate,
    render, apiFetch, setView, backLink, joinMeta, cityIds, renderDocError, el, VOCAB, TOKEN_KEY,
    current: (seq) => seq === renderSeq,
    guard: (fn) => { leaveGuard = fn; },
    forget: () => cache.clear(),
    ui: () => ui
  };

  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
  render({ focus: 'none', scroll: 'none' });
})();
