// Browser test of the Bridges search page (searchd/web). It indexes the real
// corpus with the real indexer, starts the real bridges-searchd on a free
// loopback port and drives Debian's Chromium through playwright-core: every
// step asserts what a reader sees. Run by ctest (see tests/CMakeLists.txt), or
// by hand from this folder:  node --test search-page.test.mjs
//
// Environment (defaults suit a build in <source>/build):
//   BRIDGES_SOURCE_DIR      the repository (default: two folders up)
//   BRIDGES_INDEXER         bridges-indexer   BRIDGES_SEARCHD  bridges-searchd
//   BRIDGES_CORPUS          the corpus folder BRIDGES_WEB_ROOT searchd/web
//   BRIDGES_CHROMIUM        the browser (default /usr/bin/chromium)
//   BRIDGES_SCREENSHOT_DIR  where screenshots go (default <source>/build/screenshots)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { checkSnapshot } from './vocab-sync.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SOURCE = resolve(process.env.BRIDGES_SOURCE_DIR || join(here, '..', '..'));
const INDEXER = process.env.BRIDGES_INDEXER || join(SOURCE, 'build', 'bin', 'bridges-indexer');
const SEARCHD = process.env.BRIDGES_SEARCHD || join(SOURCE, 'build', 'bin', 'bridges-searchd');
const CORPUS = process.env.BRIDGES_CORPUS || join(SOURCE, 'corpus');
const WEB_ROOT = process.env.BRIDGES_WEB_ROOT || join(SOURCE, 'searchd', 'web');
const CHROMIUM = process.env.BRIDGES_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.BRIDGES_SCREENSHOT_DIR || join(SOURCE, 'build', 'screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const STEP_TIMEOUT = 10_000;
const TEST_TIMEOUT = 90_000;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

const vocab = (name) => JSON.parse(readFileSync(join(SOURCE, 'schema', 'vocabularies', `${name}.json`), 'utf8')).entries;
const TYPES = Object.fromEntries(vocab('types').map((e) => [e.id, e]));
const DOMAINS = Object.fromEntries(vocab('domains').map((e) => [e.id, e]));

let workDir = null;
let daemon = null;
let base = null;
let browser = null;

// ---------- helpers ----------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  })]).finally(() => clearTimeout(timer));
}

// Polls fn until it returns a truthy value; fails with the last value seen.
async function eventually(fn, what, timeout = STEP_TIMEOUT) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(100);
  }
}

async function api(path) {
  const res = await withTimeout(fetch(base + path), STEP_TIMEOUT, `GET ${path}`);
  assert.equal(res.status, 200, `GET ${path}`);
  return res.json();
}

async function openPage({ path = '/', viewport = DESKTOP, locale = 'en-US', setup } = {}) {
  const context = await browser.newContext({ viewport, locale, reducedMotion: 'reduce' });
  context.setDefaultTimeout(STEP_TIMEOUT);
  context.setDefaultNavigationTimeout(15_000);
  if (setup) await setup(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  if (path) await page.goto(base + path);
  return {
    page, context, errors,
    close: async () => {
      await withTimeout(context.close(), 10_000, 'closing the browser context').catch(() => {});
      assert.deepEqual(errors, [], 'the page threw no uncaught error');
    }
  };
}

// Runs fn with a fresh page, always closing it.
async function withPage(opts, fn) {
  const p = await openPage(opts);
  try {
    await fn(p.page, p);
  } finally {
    await p.close();
  }
}

const text = async (page, selector) => ((await page.locator(selector).first().textContent()) || '').replace(/\s+/g, ' ').trim();
const pathAndQuery = (page) => { const u = new URL(page.url()); return u.pathname + u.search; };
const queryOf = (page) => new URL(page.url()).searchParams;

// The number a reader sees at the start of the result count ("24 results · page 1 of 3").
async function shownTotal(page) {
  const s = await text(page, '#result-count');
  const m = s.match(/^[\d\s.,\u00a0\u202f]+/);
  return m ? Number(m[0].replace(/\D/g, '')) : (/no results|aucun/i.test(s) ? 0 : NaN);
}

async function resultsSettled(page) {
  return page.evaluate(() => !document.querySelector('#results-body[aria-busy]') && !!document.querySelector('#result-count').textContent);
}

// Waits until the page shows exactly what /v1/search answers for its own URL.
async function expectResultsMatchApi(page, what) {
  let answer;
  await eventually(async () => {
    if (!(await resultsSettled(page))) return false;
    answer = await api('/v1/search' + new URL(page.url()).search);
    return (await shownTotal(page)) === answer.total;
  }, `${what}: the shown total to equal /v1/search's`);
  const titles = await page.locator('.hit-title a').allTextContents();
  assert.deepEqual(titles.map((s) => s.trim()), answer.hits.map((h) => h.title), `${what}: the result titles are the API's`);
  return answer;
}

async function shownFacets(page) {
  return page.$$eval('#facets .facet[data-facet]', (sections) => sections.flatMap((s) =>
    Array.from(s.querySelectorAll('.facet-item')).map((li) => ({
      facet: s.dataset.facet, value: li.dataset.value, label: li.querySelector('.facet-label').textContent,
      count: Number(li.querySelector('.count-num').textContent.replace(/\D/g, '')),
      checked: li.querySelector('input').checked, hidden: li.hidden
    }))));
}

async function tick(page, facet, value) {
  const id = `#f-${facet}-${value.replace(/[^A-Za-z0-9_-]/g, (c) => '_' + c.charCodeAt(0).toString(16))}`;
  if (!(await page.locator(id).isVisible())) await page.click(`#facet-more-${facet}`);
  await page.click(id);
  await eventually(async () => queryOf(page).getAll(facet).includes(value), `the URL to carry ${facet}=${value}`);
  await eventually(async () => (await resultsSettled(page)) && page.locator(id).isChecked(), `${id} to be checked after the update`);
}

async function focusByTab(page, predicate, what, max = 200) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return i + 1;
  }
  throw new Error(`${what}: not reached within ${max} presses of Tab`);
}

// WCAG contrast of an element's text against its effective background.
async function contrastOf(page, selector) {
  return page.$eval(selector, (node) => {
    const parse = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const fg = parse(getComputedStyle(node).color);
    let bg = [255, 255, 255];
    for (let n = node; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) { bg = c.slice(0, 3); break; }
    }
    const [a, b] = [lum(fg.slice(0, 3)), lum(bg)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  });
}

function injectInitial(html, payload) {
  const json = JSON.stringify(payload).replace(/</g, '\\u003c');
  const tag = `<script type="application/json" id="bridges-initial">${json}</script>`;
  const existing = /<script type="application\/json" id="bridges-initial">[\s\S]*?<\/script>/;
  if (existing.test(html)) return html.replace(existing, tag);
  assert.ok(html.includes('<!--bridges:initial-->'), 'index.html keeps the <!--bridges:initial--> placeholder');
  return html.replace('<!--bridges:initial-->', tag);
}

// ---------- the daemon and the browser ----------

function stopDaemon() {
  if (daemon && daemon.exitCode === null && daemon.signalCode === null) daemon.kill('SIGKILL');
}
process.on('exit', stopDaemon);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => { stopDaemon(); process.exit(1); });

before(async () => {
  for (const [name, path] of [['indexer', INDEXER], ['searchd', SEARCHD], ['chromium', CHROMIUM], ['corpus', CORPUS], ['web root', WEB_ROOT]])
    assert.ok(existsSync(path), `${name} not found at ${path} (scripts/install-browser-deps.sh installs chromium)`);
  workDir = mkdtempSync(join(tmpdir(), 'bridges-browser-'));
  const db = join(workDir, 'index');
  const indexed = spawnSync(INDEXER, ['--quiet', '--db', db, CORPUS], { encoding: 'utf8', timeout: 180_000 });
  assert.equal(indexed.status, 0, `the indexer failed: ${indexed.stderr}${indexed.error || ''}`);

  daemon = spawn(SEARCHD, ['--db', db, '--listen', '127.0.0.1:0', '--web-root', WEB_ROOT], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  daemon.stderr.on('data', (d) => { stderr += d; });
  base = await withTimeout(new Promise((resolveBase, reject) => {
    let out = '';
    daemon.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) resolveBase(m[1]);
    });
    daemon.on('exit', (code) => reject(new Error(`bridges-searchd exited with ${code}: ${stderr}`)));
  }), 20_000, 'bridges-searchd to print its address');
  console.log(`bridges-searchd serves ${base}`);

  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
});

after(async () => {
  if (browser) await withTimeout(browser.close(), 15_000, 'closing Chromium').catch((e) => console.error(e.message));
  if (daemon && daemon.exitCode === null) {
    const exited = new Promise((r) => daemon.once('exit', r));
    daemon.kill('SIGTERM');
    await withTimeout(exited, 12_000, 'bridges-searchd to stop').catch(() => stopDaemon());
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

// ---------- tests ----------

test('the interface strings are complete in every language and the vocabulary snapshot is current', () => {
  const sandbox = { window: {} };
  vm.runInNewContext(readFileSync(join(WEB_ROOT, 'i18n.js'), 'utf8'), sandbox);
  const { STRINGS, UI_LANGS } = sandbox.window.BridgesI18n;
  assert.ok(UI_LANGS.includes('en') && UI_LANGS.includes('fr'));
  for (const lang of UI_LANGS) {
    const missing = Object.keys(STRINGS.en).filter((k) => !(k in STRINGS[lang]) || !STRINGS[lang][k]);
    assert.deepEqual(missing, [], `interface strings missing in ${lang}`);
  }
  assert.equal(checkSnapshot(SOURCE), null);
});

test('own assets are small and load nothing from elsewhere', () => {
  let total = 0;
  for (const name of ['index.html', 'app.js', 'style.css', 'i18n.js']) {
    const body = readFileSync(join(WEB_ROOT, name), 'utf8');
    total += Buffer.byteLength(body);
    assert.doesNotMatch(body, /(src|href)=["']?(https?:)?\/\//, `${name} loads nothing from another origin`);
    assert.doesNotMatch(body, /@import|url\(["']?https?:/, `${name} imports nothing`);
  }
  assert.ok(total < 100 * 1024, `assets total ${total} bytes, under 100 KB`);
  console.log(`web assets: ${total} bytes`);
});

test('typing a query suggests completions and Enter shows the results', { timeout: TEST_TIMEOUT }, async () => {
  await withPage({}, async (page) => {
    await eventually(async () => (await text(page, '#results-heading')) === 'All documents', 'the browse page');
    await eventually(async () => (await shownTotal(page)) > 0, 'a result count on the browse page');

    const box = page.locator('#q');
    await box.click();
    await box.pressSequentially('anti-rum', { delay: 20 });
    await page.locator('#suggestions [role="option"]').first().waitFor({ state: 'visible' });
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    assert.equal(await box.getAttribute('role'), 'combobox');
    await page.keyboard.press('ArrowDown');
    const active = await box.getAttribute('aria-activedescendant');
    assert.ok(active, 'ArrowDown makes an option active');
    assert.equal(await page.locator('#' + active).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Escape');
    await eventually(async () => (await box.getAttribute('aria-expanded')) === 'false', 'Escape to close the list');

    await box.fill('anti-rumours');
    await page.keyboard.press('Enter');
    await eventually(async () => queryOf(page).get('q') === 'anti-rumours', 'the URL to carry q=anti-rumours');
    assert.equal(await text(page, '#results-heading'), 'Results for “anti-rumours”');
    const answer = await expectResultsMatchApi(page, 'anti-rumours');
    assert.ok(answer.total > 5);
    assert.match(await text(page, '#result-count'), new RegExp(`^${answer.total} results`));
    assert.ok(await page.locator('.hit .snippet mark').count() > 0, 'snippets highlight the query');
    assert.equal(await page.title(), '“anti-rumours” – Bridges – Intercultural Cities library');

    // A city suggestion becomes a filter.
    await box.fill('');
    await box.pressSequentially('bres', { delay: 20 });
    const option = page.locator('#suggestions [role="option"]', { hasText: 'Wrocław' });
    await option.waitFor({ state: 'visible' });
    assert.match(await option.textContent(), /City/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await eventually(async () => queryOf(page).get('city') === 'wroclaw' && !queryOf(page).has('q'), 'city=wroclaw in the URL');
    await page.locator('.chip', { hasText: 'City: Wrocław' }).waitFor({ state: 'visible' });
    await expectResultsMatchApi(page, 'city=wroclaw');
  });
});

test('two ticked facets filter at once, counts match the API, an "also in" chip opens a translation and Back restores the results', { timeout: TEST_TIMEOUT }, async () => {
  await withPage({ path: '/?q=anti-rumours' }, async (page) => {
    const first = await expectResultsMatchApi(page, 'anti-rumours');
    const type = first.facets.type[0].value;
    await tick(page, 'type', type);
    const typed = await expectResultsMatchApi(page, `type=${type}`);
    const lang = typed.facets.lang.find((e) => e.value === 'en') ? 'en' : typed.facets.lang[0].value;
    await tick(page, 'lang', lang);

    const params = queryOf(page);
    assert.equal(params.get('q'), 'anti-rumours');
    assert.deepEqual(params.getAll('type'), [type]);
    assert.deepEqual(params.getAll('lang'), [lang]);
    const answer = await expectResultsMatchApi(page, `type=${type}&lang=${lang}`);
    assert.ok(answer.total > 0);
    for (const hit of answer.hits) assert.equal(hit.type, type);

    // Every count beside a value is the API's count for this very URL.
    const shown = await shownFacets(page);
    for (const [facet, entries] of Object.entries(answer.facets)) {
      if (facet === 'year') continue;
      for (const e of entries) {
        const s = shown.find((x) => x.facet === facet && x.value === e.value);
        assert.ok(s, `facet ${facet} shows ${e.value}`);
        assert.equal(s.count, e.count, `count of ${facet}=${e.value}`);
      }
    }
    for (const s of shown) {
      const e = (answer.facets[s.facet] || []).find((x) => x.value === s.value);
      if (e) assert.equal(s.count, e.count, `count of ${s.facet}=${s.value}`);
    }
    assert.ok(shown.find((s) => s.facet === 'type' && s.value === type).checked);
    assert.ok(shown.find((s) => s.facet === 'lang' && s.value === lang).checked);
    const chips = (await page.locator('#active-filters .chip').allTextContents()).map((s) => s.replace(/×/g, '').trim());
    assert.deepEqual(chips.sort(), [`Language: ${shown.find((s) => s.facet === 'lang' && s.value === lang).label}`,
      `Type: ${TYPES[type].labels.en}`].sort());

    // "Also in" chip → another language version.
    const resultsUrl = pathAndQuery(page);
    const resultTitles = await page.locator('.hit-title a').allTextContents();
    const chip = page.locator('.hit .also-in a.lang-chip').first();
    const hreflang = await chip.getAttribute('hreflang');
    const href = await chip.getAttribute('href');
    assert.equal((await chip.textContent()).trim(), hreflang.toUpperCase());
    await chip.click();
    await eventually(async () => new URL(page.url()).pathname === href.split('?')[0], `the URL to become ${href}`);
    const id = decodeURIComponent(href.split('/doc/')[1].split('?')[0]);
    const doc = await api('/v1/documents/' + encodeURIComponent(id));
    assert.equal(doc.lang, hreflang);
    await eventually(async () => (await text(page, '#doc-view h1')) === doc.title.replace(/\s+/g, ' ').trim(), 'the translation\'s title');
    assert.equal(await page.locator('#doc-view h1').getAttribute('lang'), hreflang);

    // Back: the same results, filters still ticked.
    await page.goBack();
    await eventually(async () => pathAndQuery(page) === resultsUrl, 'Back to return to the results URL');
    await eventually(async () => (await page.locator('.hit-title a').allTextContents()).join('|') === resultTitles.join('|'), 'the previous results');
    assert.ok(await page.locator(`#f-type-${type}`).isChecked());
    assert.ok(await page.locator(`#f-lang-${lang}`).isChecked());
    assert.equal(await shownTotal(page), answer.total);
    assert.equal(await page.locator('#q').inputValue(), 'anti-rumours');

    // Removing a chip removes its filter.
    await page.locator('#active-filters .chip', { hasText: 'Type:' }).click();
    await eventually(async () => !queryOf(page).has('type') && queryOf(page).get('lang') === lang, 'the type filter to go');
    await expectResultsMatchApi(page, 'after removing the type chip');
  });
});

test('a document page shows its title, language versions, tags and related documents', { timeout: TEST_TIMEOUT }, async () => {
  const id = 'anti-rumours-handbook-pl';
  const doc = await api('/v1/documents/' + id);
  await withPage({ path: '/doc/' + id }, async (page) => {
    await eventually(async () => (await text(page, '#doc-view h1')) === doc.title, 'the document title');
    assert.equal(await page.title(), `${doc.title} – Bridges`);
    assert.equal(await page.locator('#doc-view h1').getAttribute('lang'), 'pl');
    assert.equal(await text(page, '.doc-summary'), doc.summary.replace(/\s+/g, ' ').trim());
    assert.equal(await page.locator('.doc-section h2').count(), doc.body.filter((s) => s.heading).length);

    // Versions: every translation is a link, the current one is marked.
    const versions = page.locator('.versions li');
    assert.equal(await versions.count(), doc.translations.length + 1);
    assert.equal(await text(page, '.versions [aria-current="page"] .version-title'), doc.title);
    for (const tr of doc.translations) {
      const link = page.locator(`.versions a[href="/doc/${tr.id}"]`);
      assert.equal(await link.count(), 1, `a link to the ${tr.lang} version`);
      assert.equal((await link.locator('.version-title').textContent()).trim(), tr.title);
    }
    assert.equal(await text(page, '.versions a[hreflang="en"] .version-lang'), 'English');

    // Related documents.
    const related = (await page.locator('.related a').allTextContents()).map((s) => s.trim());
    assert.deepEqual(related, doc.related.map((r) => r.title));
    assert.ok(related.length > 0);

    // The type label explains itself on hover and on keyboard focus.
    const badge = page.locator('#doc-view button.type-badge');
    const tip = page.locator('#doc-view .tooltip');
    assert.equal((await badge.textContent()).trim(), TYPES[doc.type].labels.en);
    assert.equal(await tip.isVisible(), false);
    await badge.hover();
    await eventually(() => tip.isVisible(), 'the tooltip on hover');
    assert.equal((await tip.textContent()).trim(), TYPES[doc.type].definition.en);
    await page.mouse.move(0, 0);
    await eventually(async () => !(await tip.isVisible()), 'the tooltip to hide');
    await page.locator('.back-link').focus();
    await focusByTab(page, () => document.activeElement.classList.contains('type-badge'), 'the type label', 5);
    await eventually(() => tip.isVisible(), 'the tooltip on keyboard focus');
    assert.equal(await badge.getAttribute('aria-describedby'), await tip.getAttribute('id'));
    await page.keyboard.press('Escape');
    await eventually(async () => !(await tip.isVisible()), 'Escape to hide the tooltip');

    // A tag starts a filtered search.
    const tag = page.locator('.tags a[href="/?domain=anti-rumours"]');
    assert.equal((await tag.textContent()).trim(), DOMAINS['anti-rumours'].labels.en);
    await tag.click();
    await eventually(async () => pathAndQuery(page) === '/?domain=anti-rumours', 'the domain search');
    await page.locator('.chip', { hasText: 'Domain: Anti-rumours' }).waitFor({ state: 'visible' });
    assert.ok(await page.locator('#f-domain-anti-rumours').isChecked());
    await expectResultsMatchApi(page, 'domain=anti-rumours');
  });
  await withPage({ path: '/doc/no-such-document' }, async (page) => {
    await eventually(async () => (await text(page, '#doc-view h1')) === 'Document not found', 'the not-found page');
    assert.match(await text(page, '#doc-view .notice p'), /no-such-document/);
  });
});

test('the interface switches to French, follows the browser language, and the API labels follow', { timeout: TEST_TIMEOUT }, async () => {
  await withPage({ path: '/?q=anti-rumours' }, async (page) => {
    await expectResultsMatchApi(page, 'anti-rumours');
    assert.equal(await text(page, '#facet-h-domain'), 'Domain');
    await page.click('#ui-lang a[data-ui="fr"]');
    await eventually(async () => queryOf(page).get('ui') === 'fr', 'ui=fr in the URL');
    await eventually(async () => (await page.getAttribute('html', 'lang')) === 'fr', '<html lang="fr">');
    await eventually(async () => (await shownFacets(page)).some((s) => s.facet === 'domain' && s.label === DOMAINS['anti-rumours'].labels.fr),
      `the domain label "${DOMAINS['anti-rumours'].labels.fr}"`);
    assert.equal(DOMAINS['anti-rumours'].labels.fr, 'Antirumeurs');
    assert.equal(await text(page, '#facet-h-domain'), 'Domaine');
    assert.equal(await text(page, '#facet-h-type'), 'Type de document');
    assert.equal(await text(page, '#facet-h-lang'), 'Langue');
    assert.equal(await text(page, '#filters-heading'), 'Filtres');
    assert.equal(await text(page, '#results-heading'), 'Résultats pour « anti-rumours »');
    assert.equal(await text(page, 'label[for="sort"]'), 'Trier par');
    assert.equal(await text(page, '.search-button'), 'Rechercher');
    assert.equal(await text(page, '#ui-lang a[aria-current]'), 'FR – Français');
    assert.match(await text(page, '#result-count'), /^\d+ résultats/);
    assert.equal(await text(page, '.also-in-label'), 'Aussi en :');
    assert.equal(await page.locator('#q').getAttribute('placeholder'), 'Manuels, notes d’orientation, bonnes pratiques, villes…');
    const frTypes = new Set(Object.values(TYPES).map((e) => e.labels.fr));
    for (const b of await page.locator('.hit .type-badge').allTextContents()) assert.ok(frTypes.has(b.trim()), `type label "${b}" is French`);
    const firstType = (await api('/v1/search?q=anti-rumours')).hits[0].type;
    assert.equal((await page.locator('.hit .tooltip').first().textContent()).trim(), TYPES[firstType].definition.fr);
    const answer = await expectResultsMatchApi(page, 'anti-rumours in French');
    const langLabels = (await shownFacets(page)).filter((s) => s.facet === 'lang').map((s) => s.label);
    assert.deepEqual(langLabels, answer.facets.lang.map((e) => e.label), 'language labels come from the API in French');
    assert.ok(langLabels.includes('Anglais'));

    // Links keep the chosen language.
    const href = await page.locator('.hit-title a').first().getAttribute('href');
    assert.match(href, /\?ui=fr$/);
    await page.locator('.hit-title a').first().click();
    await eventually(async () => (await text(page, '#versions-h')) === 'Versions linguistiques', 'the French document page');
    assert.equal(await text(page, '#related-h'), 'Documents liés');
    await page.goBack();
    await eventually(async () => (await text(page, '#facet-h-domain')) === 'Domaine', 'French results after Back');

    await page.click('#ui-lang a[data-ui="en"]');
    await eventually(async () => (await text(page, '#facet-h-domain')) === 'Domain' && queryOf(page).get('ui') === 'en', 'English again');
    await eventually(async () => (await shownFacets(page)).some((s) => s.facet === 'domain' && s.label === 'Anti-rumours'), 'English domain labels');
  });
  // Without ui= the browser's language decides, and the URL then says so.
  await withPage({ path: '/', locale: 'fr-FR' }, async (page) => {
    await eventually(async () => (await text(page, '#results-heading')) === 'Tous les documents', 'French from navigator.language');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.equal(queryOf(page).get('ui'), 'fr');
    await expectResultsMatchApi(page, 'browse in French');
    await eventually(async () => (await shownFacets(page)).some((s) => s.label === 'Antirumeurs'), 'French facet labels');
  });
});

test('a keyboard-only reader can search and open a result', { timeout: TEST_TIMEOUT }, async () => {
  await withPage({}, async (page) => {
    await eventually(async () => (await shownTotal(page)) > 0, 'the browse page');
    // The first Tab shows the skip link; it leads to the results.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'skip-link');
    assert.ok(await page.locator('#skip-link').isVisible(), 'the skip link shows when focused');
    assert.equal(await text(page, '#skip-link'), 'Skip to results');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    assert.equal(new URL(page.url()).hash, '', 'the skip link leaves the URL alone');
    await page.locator('#skip-link').focus();
    await focusByTab(page, () => document.activeElement && document.activeElement.id === 'q', 'the search box', 10);
    await page.keyboard.type('handbook', { delay: 15 });
    await page.keyboard.press('Enter');
    await eventually(async () => queryOf(page).get('q') === 'handbook', 'q=handbook in the URL');
    await expectResultsMatchApi(page, 'handbook');
    const presses = await focusByTab(page, () => !!document.activeElement.closest('.hit-title'), 'a result title', 150);
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      const s = getComputedStyle(a);
      return { text: a.textContent.trim(), href: a.getAttribute('href'), outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    assert.notEqual(focused.outline, 'none', 'the focused link shows a focus ring');
    assert.ok(focused.width >= 2, 'the focus ring is at least 2px');
    console.log(`keyboard: a result is reached after ${presses} presses of Tab`);
    await page.keyboard.press('Enter');
    await eventually(async () => pathAndQuery(page) === focused.href, 'Enter to open the result');
    await eventually(async () => (await text(page, '#doc-view h1')) === focused.text, 'the opened document');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'doc-title', 'focus moves to the document title');
  });
});

test('"did you mean" and an empty result with buttons to remove each filter', { timeout: TEST_TIMEOUT }, async () => {
  await withPage({ path: '/?q=intercultral+citys' }, async (page) => {
    const answer = await api('/v1/search?q=intercultral+citys');
    assert.ok(answer.query.corrected, 'the API corrects this query');
    const link = page.locator('#did-you-mean a');
    await link.waitFor({ state: 'visible' });
    assert.equal((await link.textContent()).trim(), answer.query.corrected);
    assert.equal(await text(page, '#did-you-mean'), `Did you mean ${answer.query.corrected}?`);
    await link.click();
    await eventually(async () => queryOf(page).get('q') === answer.query.corrected, 'the corrected search');
    await expectResultsMatchApi(page, 'the corrected query');
  });
  const empty = '/?q=anti-rumours&type=declaration&lang=uk';
  assert.equal((await api('/v1/search' + empty.slice(1))).total, 0);
  await withPage({ path: empty }, async (page) => {
    await page.locator('.empty').waitFor({ state: 'visible' });
    assert.equal(await text(page, '.empty h2'), 'No documents match “anti-rumours”');
    assert.equal(await text(page, '#result-count'), 'No results');
    const buttons = (await page.locator('.empty button').allTextContents()).map((s) => s.trim());
    assert.deepEqual(buttons, ['Remove “Type: Declaration”', 'Remove “Language: Ukrainian”', 'Clear all filters']);
    await page.locator('.empty button', { hasText: 'Type: Declaration' }).click();
    await eventually(async () => !queryOf(page).has('type') && queryOf(page).get('lang') === 'uk', 'the type filter to go');
    const answer = await expectResultsMatchApi(page, 'after removing a filter');
    assert.ok(answer.total > 0);
  });
});

test('the page uses the server-embedded first answer when it matches the URL, and fetches otherwise', { timeout: TEST_TIMEOUT }, async () => {
  const real = await api('/v1/search?q=anti-rumours');
  const embedded = JSON.parse(JSON.stringify(real));
  embedded.hits[0].title = 'Embedded first hit';
  const doc = await api('/v1/documents/anti-rumours-handbook-pl');
  const embeddedDoc = Object.assign({}, doc, { title: 'Embedded document title' });

  const serve = (payload) => async (context) => {
    await context.route((url) => url.pathname === '/' || url.pathname.startsWith('/doc/'), async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      await route.fulfill({ response, body: injectInitial(await response.text(), payload) });
    });
  };
  const count = (page, prefix) => {
    const seen = [];
    page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith(prefix)) seen.push(r.url()); });
    return seen;
  };

  const matching = await openPage({ path: null, setup: serve({ kind: 'search', params: 'q=anti-rumours', response: embedded }) });
  try {
    const seen = count(matching.page, '/v1/search');
    await matching.page.goto(base + '/?q=anti-rumours');
    await eventually(async () => (await text(matching.page, '.hit-title a')) === 'Embedded first hit', 'the embedded first hit');
    assert.equal(await shownTotal(matching.page), real.total);
    await sleep(500);
    assert.deepEqual(seen, [], 'no /v1/search request when the embedded answer matches');
  } finally {
    await matching.close();
  }

  const other = await openPage({ path: null, setup: serve({ kind: 'search', params: 'q=something-else', response: embedded }) });
  try {
    const seen = count(other.page, '/v1/search');
    await other.page.goto(base + '/?q=anti-rumours');
    await eventually(async () => (await text(other.page, '.hit-title a')) === real.hits[0].title, 'the fetched first hit');
    assert.equal(seen.length, 1, 'one /v1/search request when the embedded answer is for another URL');
  } finally {
    await other.close();
  }

  const docPage = await openPage({ path: null, setup: serve({ kind: 'document', id: 'anti-rumours-handbook-pl', response: embeddedDoc }) });
  try {
    const seen = count(docPage.page, '/v1/documents/');
    await docPage.page.goto(base + '/doc/anti-rumours-handbook-pl');
    await eventually(async () => (await text(docPage.page, '#doc-view h1')) === 'Embedded document title', 'the embedded document');
    await sleep(300);
    assert.deepEqual(seen, [], 'no /v1/documents request when the embedded document matches');
    // Navigating on fetches as usual.
    await docPage.page.locator('.versions a[hreflang="en"]').click();
    await eventually(async () => (await text(docPage.page, '#doc-view h1')) === 'Anti-rumours handbook', 'the English version, fetched');
    assert.equal(seen.length, 1);
  } finally {
    await docPage.close();
  }
});

test('landmarks, labels, live region, contrast, pagination and sort', { timeout: TEST_TIMEOUT }, async () => {
  await withPage({ path: '/?q=anti-rumours' }, async (page) => {
    const answer = await expectResultsMatchApi(page, 'anti-rumours');
    for (const landmark of ['header', 'nav', 'main', 'aside', 'form[role="search"]'])
      assert.ok(await page.locator(landmark).first().isVisible(), `a visible ${landmark}`);
    assert.equal(await page.locator('h1:visible').count(), 1);
    assert.equal(await page.getAttribute('#result-count', 'aria-live'), 'polite');
    const unlabelled = await page.$$eval('input, select, button, a[href]', (nodes) => nodes.filter((n) => {
      if (!n.getClientRects().length) return false;
      const name = n.getAttribute('aria-label') || n.getAttribute('aria-labelledby') || (n.labels && n.labels.length) || n.textContent.trim();
      return !name;
    }).map((n) => n.outerHTML.slice(0, 80)));
    assert.deepEqual(unlabelled, [], 'every control has a name');
    for (const selector of ['body', '#result-count', '.hit-title a', '.snippet', '.hit-meta', '.count-num', '.type-badge', '.lang-chip',
      '.also-in-label', '.facet h3', '.facet-label', '.link-button', '.search-button', '.brand-tagline', '#ui-lang a', '.sort label', '.page-of', '.site-footer']) {
      const ratio = await contrastOf(page, selector);
      assert.ok(ratio >= 4.5, `contrast of ${selector} is ${ratio.toFixed(2)}, at least 4.5`);
    }

    // Pagination.
    const pages = Math.ceil(answer.total / answer.per_page);
    assert.equal(await text(page, '.page-of'), `page 1 of ${pages}`);
    await page.locator('#pagination a[rel="next"]').click();
    await eventually(async () => queryOf(page).get('page') === '2', 'page=2 in the URL');
    await expectResultsMatchApi(page, 'page 2');
    assert.equal(await text(page, '.page-of'), `page 2 of ${pages}`);
    assert.equal(await page.locator('.hits').getAttribute('start'), String(answer.per_page + 1));
    await page.locator('#pagination a[rel="prev"]').click();
    await eventually(async () => !queryOf(page).has('page'), 'back on page 1');

    // Sort.
    await page.selectOption('#sort', 'title');
    await eventually(async () => queryOf(page).get('sort') === 'title', 'sort=title in the URL');
    await expectResultsMatchApi(page, 'sorted by title');

    // An archived document carries a badge.
    await page.goto(base + '/?status=archived');
    const archived = await expectResultsMatchApi(page, 'status=archived');
    assert.ok(archived.total > 0);
    assert.equal(await page.locator('.hit .badge-archived').count(), archived.hits.length);
    assert.equal((await page.locator('.hit .badge-archived').first().textContent()).trim(), 'Archived');
    assert.ok((await contrastOf(page, '.badge-archived')) >= 4.5, 'the archived badge is legible');
    assert.ok(await page.locator('#f-status-archived').isChecked());

    // Year range.
    await page.goto(base + '/');
    await expectResultsMatchApi(page, 'browse');
    await page.fill('#year-from', '2023');
    await page.fill('#year-to', '2024');
    await page.click('#year-apply');
    await eventually(async () => queryOf(page).get('year_from') === '2023' && queryOf(page).get('year_to') === '2024', 'the year range in the URL');
    await page.locator('.chip', { hasText: 'Year: 2023–2024' }).waitFor({ state: 'visible' });
    await expectResultsMatchApi(page, 'year range');

    // The city list is long: its filter box narrows it.
    await page.fill('#city-filter', 'wroc');
    await eventually(async () => {
      const visible = (await shownFacets(page)).filter((s) => s.facet === 'city' && !s.hidden).map((s) => s.label);
      return visible.length === 1 && visible[0] === 'Wrocław';
    }, 'the city filter to leave Wrocław');
  });
});

test('screenshots of the results and document pages at desktop and phone widths', { timeout: TEST_TIMEOUT }, async () => {
  mkdirSync(SHOTS, { recursive: true });
  const written = [];
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await withPage({ path: '/?q=anti-rumours', viewport }, async (page) => {
      await expectResultsMatchApi(page, `results (${name})`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling at ${viewport.width}px (overflow ${overflow}px)`);
      if (name === 'phone') {
        assert.equal(await page.locator('#facets').isVisible(), false, 'facets collapse on a phone');
        assert.ok(await page.locator('#filters-toggle').isVisible());
      }
      const file = join(SHOTS, `results-${name}.png`);
      await page.screenshot({ path: file });
      written.push(file);
      if (name === 'phone') {
        await page.click('#filters-toggle');
        assert.equal(await page.getAttribute('#filters-toggle', 'aria-expanded'), 'true');
        await page.locator('#facets').waitFor({ state: 'visible' });
        await tick(page, 'type', 'guide');
        assert.ok(await page.locator('#facets').isVisible(), 'the panel stays open while filtering');
        await expectResultsMatchApi(page, 'phone filter');
        const panel = join(SHOTS, 'results-phone-filters.png');
        await page.screenshot({ path: panel });
        written.push(panel);
        const done = page.locator('#filters-done');
        assert.equal((await done.textContent()).trim(), `Show results (${await shownTotal(page)})`);
        await done.click();
        assert.equal(await page.locator('#facets').isVisible(), false, '"Show results" closes the panel');
        assert.equal(await page.getAttribute('#filters-toggle', 'aria-expanded'), 'false');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'results-heading');
        assert.equal(await text(page, '#filters-count'), '1');
      }
    });
    await withPage({ path: '/doc/anti-rumours-handbook-en', viewport }, async (page) => {
      await eventually(async () => (await text(page, '#doc-view h1')) === 'Anti-rumours handbook', `the document (${name})`);
      await page.locator('.related a').first().waitFor({ state: 'visible' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling at ${viewport.width}px (overflow ${overflow}px)`);
      const file = join(SHOTS, `document-${name}.png`);
      await page.screenshot({ path: file });
      written.push(file);
    });
  }
  for (const file of written) {
    assert.ok(existsSync(file));
    console.log(`screenshot: ${file}`);
  }
});
