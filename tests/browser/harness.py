#!/usr/bin/env python3
"""What the browser suites share: the real bridges-searchd on a free loopback
port, Debian's Chromium driven through Debian's chromedriver and
python3-selenium, and Playwright-like locators on WebDriver.

A suite subclasses BrowserTestCase and starts its daemon in start_daemon()
(spawn_searchd runs bridges-searchd and waits for its address). Every wait is
bounded polling (eventually); each scenario has a watchdog.

Environment (defaults suit a build in <source>/build):
  BRIDGES_SOURCE_DIR      the repository (default: two folders up)
  BRIDGES_INDEXER         bridges-indexer   BRIDGES_SEARCHD  bridges-searchd
  BRIDGES_ADMIN           bridges-admin     BRIDGES_CORPUS   the corpus folder
  BRIDGES_WEB_ROOT        searchd/web
  BRIDGES_CHROMIUM        the browser (default /usr/bin/chromium)
  BRIDGES_CHROMEDRIVER    its driver (default /usr/bin/chromedriver)
  BRIDGES_SCREENSHOT_DIR  where screenshots go (default <source>/build/screenshots)

Debian packages only: chromium, chromium-driver, python3-selenium and
fonts-noto-cjk (scripts/debian-packages.txt).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'pylib'))
import bridges_daemon  # noqa: E402

bridges_daemon.import_debian_module('selenium', 'python3-selenium chromium-driver chromium')

import atexit
import contextlib
import json
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common import utils as selenium_utils
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.support.ui import Select, WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))

class LoopbackService(Service):
    """chromedriver reached at 127.0.0.1, not "localhost": a minimal Debian
    root has no /etc/hosts, and Selenium 4.8 would wait for a name that never
    resolves."""

    @property
    def service_url(self):
        return f"http://127.0.0.1:{self.port}"

    def is_connectable(self):
        return selenium_utils.is_connectable(self.port, host="127.0.0.1")

SOURCE = os.path.abspath(os.environ.get('BRIDGES_SOURCE_DIR') or os.path.join(HERE, '..', '..'))
INDEXER = os.environ.get('BRIDGES_INDEXER') or os.path.join(SOURCE, 'build', 'bin', 'bridges-indexer')
SEARCHD = os.environ.get('BRIDGES_SEARCHD') or os.path.join(SOURCE, 'build', 'bin', 'bridges-searchd')
ADMIN = os.environ.get('BRIDGES_ADMIN') or os.path.join(SOURCE, 'build', 'bin', 'bridges-admin')
CORPUS = os.environ.get('BRIDGES_CORPUS') or os.path.join(SOURCE, 'corpus')
WEB_ROOT = os.environ.get('BRIDGES_WEB_ROOT') or os.path.join(SOURCE, 'searchd', 'web')
CHROMIUM = os.environ.get('BRIDGES_CHROMIUM') or '/usr/bin/chromium'
CHROMEDRIVER = os.environ.get('BRIDGES_CHROMEDRIVER') or '/usr/bin/chromedriver'
SHOTS = os.environ.get('BRIDGES_SCREENSHOT_DIR') or os.path.join(SOURCE, 'build', 'screenshots')
CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']

# Seconds. Generous: the machine has 2 cores and may be busy with a build.
STEP_TIMEOUT = 40       # one wait for something on the page, one API call (CI shares 2 cores with ctest -j2)
NAV_TIMEOUT = 45        # a page load
COMMAND_TIMEOUT = 120   # one WebDriver command, whatever it is
TEST_TIMEOUT = 240      # one scenario
INDEX_TIMEOUT = 300
DAEMON_TIMEOUT = 60     # searchd's start, seeding a store included
DESKTOP = (1280, 800)
PHONE = (375, 740)

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def vocab(name):
    with open(os.path.join(SOURCE, 'schema', 'vocabularies', name + '.json'), encoding='utf-8') as f:
        return json.load(f)['entries']



# ---------- helpers ----------

# JavaScript's \s, so that text is normalized as the page's own code would.
JS_SPACE = '\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'


def trim(s):
    return re.sub('^[%s]+|[%s]+$' % (JS_SPACE, JS_SPACE), '', s or '')


def collapse(s):
    return trim(re.sub('[%s]+' % JS_SPACE, ' ', s or ''))


class Fatal(AssertionError):
    """Fails a wait at once instead of being retried."""


class ScenarioTimeout(BaseException):
    """Raised by the per-scenario watchdog (a BaseException, so no wait swallows it)."""


def eventually(fn, what, timeout=STEP_TIMEOUT):
    """Polls fn until it returns a truthy value; fails with the last value seen."""
    state = {'last': None}

    def probe(_):
        try:
            value = fn()
        except Fatal:
            raise
        except Exception as err:  # the page may re-render under a probe: try again
            state['last'] = err
            return False
        state['last'] = value
        return value

    try:
        return WebDriverWait(None, timeout, poll_frequency=0.1).until(probe)
    except TimeoutException:
        last = state['last']
        shown = '%s: %s' % (type(last).__name__, str(last).strip().splitlines()[0] if str(last).strip() else '') \
            if isinstance(last, BaseException) else json.dumps(last, ensure_ascii=False, default=str)
        raise AssertionError('timed out after %s s waiting for %s (last: %s)' % (timeout, what, shown)) from None


class Query:
    """new URL(url).searchParams"""

    def __init__(self, url):
        self.pairs = urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query, keep_blank_values=True)

    def get(self, name):
        return next((v for k, v in self.pairs if k == name), None)

    def get_all(self, name):
        return [v for k, v in self.pairs if k == name]

    def has(self, name):
        return any(k == name for k, _ in self.pairs)


def search_of(url):
    """new URL(url).search"""
    query = urllib.parse.urlsplit(url).query
    return '?' + query if query else ''


def path_and_query(url):
    return (urllib.parse.urlsplit(url).path or '/') + search_of(url)



# ---------- the page, through WebDriver ----------

# Finds elements as a Playwright locator does: each step is [selector, hasText,
# first], hasText a case-insensitive substring of the whitespace-normalized text.
# Then does one thing with the first match, in the same call (nothing goes
# stale in between).
LOCATE_JS = r"""
const [steps, op, arg] = arguments;
const norm = (s) => String(s || '').replace(/\s+/g, ' ').trim().toLowerCase();
let found = [document];
for (const [sel, hasText, first] of steps) {
  const next = [];
  for (const root of found) for (const n of root.querySelectorAll(sel)) if (!next.includes(n)) next.push(n);
  found = hasText === null ? next : next.filter((n) => norm(n.textContent).includes(norm(hasText)));
  if (first) found = found.slice(0, 1);
}
const visible = (e) => {
  if (!e.isConnected) return false;
  const s = getComputedStyle(e);
  if (s.visibility !== 'visible') return false;
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
};
if (op === 'texts') return { count: found.length, value: found.map((e) => e.textContent) };
if (op === 'count-visible') return { count: found.filter(visible).length };
const e = found[0];
const out = { count: found.length };
if (!e) return out;
out.visible = visible(e);
out.enabled = !e.disabled;
if (op === 'text') out.value = e.textContent;
else if (op === 'attr') out.value = e.getAttribute(arg);
else if (op === 'checked') out.value = !!e.checked;
else if (op === 'value') out.value = e.value;
else if (op === 'element') out.value = e;
else if (op === 'focus') e.focus();
else if (op === 'fill') {
  e.focus();
  if (typeof e.select === 'function') e.select();
} else if (op === 'reveal') {
  const r = e.getBoundingClientRect();
  if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) e.scrollIntoView({ block: 'center', inline: 'center' });
  out.value = e;
}
return out;
"""


class Locator:
    """What the original did with playwright-core's locators, on WebDriver."""

    def __init__(self, page, steps):
        self.page = page
        self.steps = steps

    def __repr__(self):
        return ' >> '.join(sel + ('' if text is None else ' (has text %r)' % text) + (' (first)' if first else '')
                           for sel, text, first in self.steps)

    def locator(self, selector, has_text=None):
        return Locator(self.page, self.steps + [[selector, has_text, False]])

    def first(self):
        steps = [list(s) for s in self.steps]
        steps[-1][2] = True
        return Locator(self.page, steps)

    def _run(self, op=None, arg=None):
        return self.page.driver.execute_script(LOCATE_JS, self.steps, op, arg)

    def _strict(self, r):
        if r['count'] > 1:
            raise Fatal('strict mode violation: %r resolved to %d elements' % (self, r['count']))

    def _resolve(self, op=None, arg=None, visible=False, enabled=False, timeout=STEP_TIMEOUT):
        """Waits for exactly one match (or the first, after first()) in the wanted state."""
        def probe():
            r = self._run(op, arg)
            self._strict(r)
            if r['count'] == 0 or (visible and not r['visible']) or (enabled and not r['enabled']):
                return None
            return r
        state = ' to be visible' if visible else ''
        return eventually(probe, '%r%s' % (self, state), timeout)

    # Reading, as Playwright's locators do: wait for the element, then read.
    def text_content(self):
        return self._resolve('text')['value']

    def get_attribute(self, name):
        return self._resolve('attr', name)['value']

    def is_checked(self):
        return self._resolve('checked')['value']

    def input_value(self):
        return self._resolve('value')['value']

    def is_visible(self):  # no waiting
        r = self._run()
        self._strict(r)
        return bool(r['count'] and r['visible'])

    def count(self):
        return self._run()['count']

    def count_visible(self):  # locator('sel:visible').count()
        return self._run('count-visible')['count']

    def all_text_contents(self):
        return self._run('texts')['value']

    def wait_for(self, timeout=STEP_TIMEOUT):
        self._resolve(visible=True, timeout=timeout)

    # Acting.
    def click(self):
        # Retried while the click is intercepted, the element goes stale or is
        # not interactable yet: the page is still moving.
        def attempt():
            element = self._resolve('element', visible=True, enabled=True)['value']
            element.click()
            return True
        eventually(attempt, 'a click on %r' % self)

    def hover(self):
        def attempt():
            element = self._resolve('reveal', visible=True)['value']
            ActionChains(self.page.driver, duration=50).move_to_element(element).perform()
            return True
        eventually(attempt, 'hovering %r' % self)

    def focus(self):
        self._resolve('focus')

    def fill(self, value):
        """Selects the text and types value in one go (Input.insertText), or
        presses Delete for an empty value, as Playwright's fill does."""
        self._resolve('fill', visible=True, enabled=True)
        if value:
            self.page.driver.execute_cdp_cmd('Input.insertText', {'text': value})
        else:
            self.page.keyboard_press('Delete')

    def press_sequentially(self, text, delay=0.02):
        self._resolve('focus', visible=True)
        self.page.keyboard_type(text, delay)

    def select_option(self, value):
        def attempt():
            Select(self._resolve('element', visible=True, enabled=True)['value']).select_by_value(value)
            return True
        eventually(attempt, 'choosing %r in %r' % (value, self))


KEYS = {'Tab': Keys.TAB, 'Enter': Keys.RETURN, 'Escape': Keys.ESCAPE, 'ArrowDown': Keys.ARROW_DOWN, 'Delete': Keys.DELETE}


class Page:
    def __init__(self, driver, base):
        self.driver = driver
        self.base = base

    @property
    def url(self):
        return self.driver.current_url

    def query(self):
        return Query(self.url)

    def title(self):
        return self.driver.title

    def goto(self, path_or_url):
        absolute = re.match(r'[A-Za-z][A-Za-z0-9+.-]*:', path_or_url)
        self.driver.get(path_or_url if absolute else self.base + path_or_url)

    def go_back(self):
        self.driver.back()

    def evaluate(self, script, *args):
        return self.driver.execute_script(script, *args)

    def locator(self, selector, has_text=None):
        return Locator(self, [[selector, has_text, False]])

    # page.click(selector) and friends act on the first match.
    def click(self, selector):
        self.locator(selector).first().click()

    def fill(self, selector, value):
        self.locator(selector).first().fill(value)

    def get_attribute(self, selector, name):
        return self.locator(selector).first().get_attribute(name)

    def select_option(self, selector, value):
        self.locator(selector).first().select_option(value)

    def text(self, selector):
        return collapse(self.locator(selector).first().text_content())

    def active_id(self):
        return self.evaluate('return document.activeElement && document.activeElement.id')

    def keyboard_press(self, key):
        ActionChains(self.driver).send_keys(KEYS[key]).perform()

    def keyboard_type(self, text, delay=0.0):
        for ch in text:
            ActionChains(self.driver).send_keys(ch).perform()
            if delay:
                time.sleep(delay)

    def mouse_move(self, x, y):
        builder = ActionBuilder(self.driver, duration=50)
        builder.pointer_action.move_to_location(x, y)
        builder.perform()

    def screenshot(self, path):
        if not self.driver.save_screenshot(path):
            raise AssertionError('could not write ' + path)



# ---------- processes ----------

def _stop(process, grace):
    """SIGTERM, then SIGKILL if it is still running after grace seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def _interrupt(signum, frame):
    raise KeyboardInterrupt('signal %d' % signum)



class BrowserTestCase(unittest.TestCase):
    """One browser and one daemon for a suite of scenarios. A subclass starts
    its daemon in start_daemon(), sets cls.base, and may leave files in
    cls.work_dir (removed at the end)."""

    maxDiff = None
    work_dir = None
    profile_dir = None
    daemon = None
    daemon_log = None
    driver = None
    browser = None
    base = None
    user_agent = None
    _saved_signals = None
    REQUIRED = [('searchd', SEARCHD), ('chromium', CHROMIUM), ('chromedriver', CHROMEDRIVER), ('web root', WEB_ROOT)]

    # ----- the daemon and the browser -----

    @classmethod
    def setUpClass(cls):
        atexit.register(cls._cleanup)
        cls._saved_signals = {s: signal.signal(s, _interrupt) for s in (signal.SIGTERM, signal.SIGHUP)}
        try:
            cls._start()
        except BaseException:
            cls._cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        cls._cleanup()

    @classmethod
    def start_daemon(cls):
        raise NotImplementedError

    @classmethod
    def spawn_searchd(cls, args):
        """Starts bridges-searchd with args on a free loopback port and waits
        for the address it prints; sets cls.daemon and cls.base."""
        cls.daemon_log = open(os.path.join(cls.work_dir, 'searchd.stderr'), 'w+b')
        cls.daemon = subprocess.Popen([SEARCHD] + args + ['--listen', '127.0.0.1:0', '--web-root', WEB_ROOT],
                                      stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=cls.daemon_log,
                                      preexec_fn=bridges_daemon.die_with_parent)
        cls.base = bridges_daemon.read_address(cls.daemon, cls.daemon_log, DAEMON_TIMEOUT)

    @classmethod
    def _start(cls):
        for name, path in cls.REQUIRED:
            if not os.path.exists(path):
                raise AssertionError('%s not found at %s (Debian packages: chromium chromium-driver python3-selenium)'
                                     % (name, path))
        cls.work_dir = tempfile.mkdtemp(prefix='bridges-browser-')
        cls.start_daemon()

        RemoteConnection.set_timeout(COMMAND_TIMEOUT)
        cls.profile_dir = tempfile.mkdtemp(prefix='bridges-chromium-')
        # We start Chromium ourselves and let chromedriver attach to it at
        # 127.0.0.1: chromedriver's own launch reaches the browser through
        # "localhost", which a minimal Debian root (no /etc/hosts) cannot resolve.
        cls.browser = subprocess.Popen(
            [CHROMIUM] + CHROMIUM_ARGS + ['--user-data-dir=' + cls.profile_dir, '--window-size=%d,%d' % DESKTOP,
                                          '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0',
                                          'about:blank'],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(cls.profile_dir, 'DevToolsActivePort')

        def port_text():
            with contextlib.suppress(OSError), open(port_file) as f:
                return f.read().strip()
            return ''
        deadline = time.monotonic() + 30
        while not port_text():
            if time.monotonic() > deadline or cls.browser.poll() is not None:
                raise AssertionError('Chromium did not open its DevTools port within 30 s')
            time.sleep(0.05)
        devtools_port = int(port_text().split()[0])
        options = webdriver.ChromeOptions()
        options.add_experimental_option('debuggerAddress', '127.0.0.1:%d' % devtools_port)
        options.set_capability('goog:loggingPrefs', {'browser': 'ALL', 'performance': 'ALL'})
        options.add_experimental_option('perfLoggingPrefs', {'enableNetwork': True, 'enablePage': False})
        cls.driver = webdriver.Chrome(service=LoopbackService(CHROMEDRIVER), options=options)
        cls.driver.set_page_load_timeout(NAV_TIMEOUT)
        cls.driver.set_script_timeout(STEP_TIMEOUT)
        cls.driver.implicitly_wait(0)
        cls.user_agent = cls.driver.execute_cdp_cmd('Browser.getVersion', {})['userAgent']

    @classmethod
    def _cleanup(cls):
        """Quits the browser, stops the daemon, removes the temporary folders.
        Safe to call more than once, and from atexit."""
        driver, cls.driver = cls.driver, None
        if driver is not None:
            try:
                driver.quit()
            except Exception:
                process = getattr(driver.service, 'process', None)
                if process is not None and process.poll() is None:
                    process.kill()
        browser, cls.browser = getattr(cls, 'browser', None), None
        if browser is not None:
            _stop(browser, 10)
        daemon, cls.daemon = cls.daemon, None
        if daemon is not None:
            _stop(daemon, 12)
            if daemon.stdout:
                daemon.stdout.close()
        if cls.daemon_log is not None:
            cls.daemon_log.close()
            cls.daemon_log = None
        for attr in ('work_dir', 'profile_dir'):
            folder = getattr(cls, attr)
            setattr(cls, attr, None)
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
        saved, cls._saved_signals = cls._saved_signals, None
        for sig, handler in (saved or {}).items():
            with contextlib.suppress(Exception):
                signal.signal(sig, handler)

    def setUp(self):
        self.assertIsNotNone(self.driver, 'the browser is running')

        def timed_out(signum, frame):
            raise ScenarioTimeout('the scenario took longer than %d s' % TEST_TIMEOUT)
        signal.signal(signal.SIGALRM, timed_out)
        signal.alarm(TEST_TIMEOUT)

    def tearDown(self):
        signal.alarm(0)

    # ----- pages -----

    def open_page(self, path='/', viewport=DESKTOP, locale='en-US', base=None):
        """A fresh tab (fresh history and sessionStorage, empty HTTP cache),
        with the original's browser context settings: viewport, locale and
        reduced motion."""
        d = self.driver
        old = d.current_window_handle
        d.switch_to.new_window('tab')
        new = d.current_window_handle
        d.switch_to.window(old)
        d.close()
        d.switch_to.window(new)
        width, height = viewport
        d.execute_cdp_cmd('Network.clearBrowserCache', {})
        d.execute_cdp_cmd('Emulation.setDeviceMetricsOverride',
                          {'width': width, 'height': height, 'deviceScaleFactor': 1, 'mobile': False})
        d.execute_cdp_cmd('Emulation.setLocaleOverride', {'locale': locale})
        d.execute_cdp_cmd('Emulation.setUserAgentOverride', {'userAgent': self.user_agent, 'acceptLanguage': locale})
        d.execute_cdp_cmd('Emulation.setEmulatedMedia',
                          {'media': '', 'features': [{'name': 'prefers-reduced-motion', 'value': 'reduce'}]})
        d.get_log('browser')
        d.get_log('performance')
        page = Page(d, base or self.base)
        if path is not None:
            page.goto(path)
        return page

    def close_page(self, page):
        """Leaves the page; returns the uncaught errors it threw."""
        entries = page.driver.get_log('browser')
        errors = [e['message'] for e in entries if e.get('source') == 'javascript' and e.get('level') == 'SEVERE']
        page.driver.get('about:blank')
        return errors

    @contextlib.contextmanager
    def page(self, path='/', **options):
        """Runs the block with a fresh page, always leaving it, and asserts the
        page threw no uncaught error."""
        page = self.open_page(path, **options)
        try:
            yield page
        except BaseException as err:
            with contextlib.suppress(Exception):
                errors = self.close_page(page)
                if errors:
                    err.add_note('the page also threw: %s' % errors)
            raise
        self.assertEqual(self.close_page(page), [], 'the page threw no uncaught error')

    # ----- helpers that assert -----

    def call(self, path, method='GET', token=None, body=None, headers=None):
        """One API request, as a client other than the page: (status, response
        headers, parsed JSON body or None). body is sent as JSON."""
        headers = dict(headers or {})
        if token:
            headers['Authorization'] = 'Bearer ' + token
        data = None
        if body is not None:
            data = json.dumps(body).encode('utf-8')
            headers['Content-Type'] = 'application/json'
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with NO_PROXY.open(request, timeout=STEP_TIMEOUT) as r:
                status, reply_headers, raw = r.status, r.headers, r.read()
        except urllib.error.HTTPError as err:
            status, reply_headers, raw = err.code, err.headers, err.read()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return status, reply_headers, parsed

    def api(self, path, method='GET', token=None, body=None, headers=None):
        """The body of a request that must answer 200."""
        status, _, parsed = self.call(path, method, token, body, headers)
        self.assertEqual(status, 200, '%s %s: %s' % (method, path, parsed))
        return parsed

    @staticmethod
    def focus_by_tab(page, predicate, what, most=200):
        """Presses Tab until the JavaScript expression predicate holds."""
        for i in range(most):
            page.keyboard_press('Tab')
            if page.evaluate('return !!(%s)' % predicate):
                return i + 1
        raise AssertionError('%s: not reached within %d presses of Tab' % (what, most))

    @staticmethod
    def contrast_of(page, selector):
        """WCAG contrast of an element's text against its effective background."""
        return page.evaluate("""
          const node = document.querySelector(arguments[0]);
          if (!node) throw new Error('no element matches ' + arguments[0]);
          const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
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
          return (a + 0.05) / (b + 0.05);""", selector)

    @staticmethod
    def overflow(page):
        return page.evaluate('return document.documentElement.scrollWidth - window.innerWidth')
