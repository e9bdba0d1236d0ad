#!/usr/bin/env python3
"""Browser test of the Bridges search page (searchd/web).

It indexes the real corpus with the real indexer, starts the real
bridges-searchd on a free loopback port and drives Debian's Chromium through
Debian's chromedriver and python3-selenium: every step asserts what a reader
sees. Run by ctest (see tests/CMakeLists.txt), or by hand from this folder:

    python3 -m unittest -v test_search_page

Environment (defaults suit a build in <source>/build):
  BRIDGES_SOURCE_DIR      the repository (default: two folders up)
  BRIDGES_INDEXER         bridges-indexer   BRIDGES_SEARCHD  bridges-searchd
  BRIDGES_CORPUS          the corpus folder BRIDGES_WEB_ROOT searchd/web
  BRIDGES_CHROMIUM        the browser (default /usr/bin/chromium)
  BRIDGES_CHROMEDRIVER    its driver (default /usr/bin/chromedriver)
  BRIDGES_SCREENSHOT_DIR  where screenshots go (default <source>/build/screenshots)

Debian packages only: chromium, chromium-driver, python3-selenium and
fonts-noto-cjk (scripts/debian-packages.txt).
"""
import os
import sys

DEBIAN_PYTHON = '/usr/bin/python3'

try:
    import selenium  # noqa: F401  (Debian's python3-selenium)
except ImportError:
    # python3-selenium is installed for Debian's own interpreter only; when
    # another python3 comes first on PATH (pyenv, a virtualenv), run this
    # module again under Debian's.
    if (os.path.exists(DEBIAN_PYTHON) and not os.environ.get('BRIDGES_TEST_REEXEC')
            and os.path.realpath(sys.executable) != os.path.realpath(DEBIAN_PYTHON)):
        os.environ['BRIDGES_TEST_REEXEC'] = '1'
        if __name__ == '__main__':
            argv = [DEBIAN_PYTHON] + sys.argv
        else:  # python3 -m unittest ...: sys.argv[0] stands for "python -m unittest"
            argv = [DEBIAN_PYTHON, '-m', 'unittest'] + sys.argv[1:]
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(DEBIAN_PYTHON, argv)
    raise ImportError('python3-selenium is missing: apt-get install python3-selenium chromium-driver chromium')

import atexit
import contextlib
import ctypes
import json
import math
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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
sys.path.insert(0, HERE)
import vocab_sync  # noqa: E402


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
CORPUS = os.environ.get('BRIDGES_CORPUS') or os.path.join(SOURCE, 'corpus')
WEB_ROOT = os.environ.get('BRIDGES_WEB_ROOT') or os.path.join(SOURCE, 'searchd', 'web')
CHROMIUM = os.environ.get('BRIDGES_CHROMIUM') or '/usr/bin/chromium'
CHROMEDRIVER = os.environ.get('BRIDGES_CHROMEDRIVER') or '/usr/bin/chromedriver'
SHOTS = os.environ.get('BRIDGES_SCREENSHOT_DIR') or os.path.join(SOURCE, 'build', 'screenshots')
CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']

# Seconds. Generous: the machine has 2 cores and may be busy with a build.
STEP_TIMEOUT = 20       # one wait for something on the page, one API call
NAV_TIMEOUT = 45        # a page load
COMMAND_TIMEOUT = 120   # one WebDriver command, whatever it is
TEST_TIMEOUT = 240      # one scenario
INDEX_TIMEOUT = 300
DESKTOP = (1280, 800)
PHONE = (375, 740)

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def vocab(name):
    with open(os.path.join(SOURCE, 'schema', 'vocabularies', name + '.json'), encoding='utf-8') as f:
        return json.load(f)['entries']


TYPES = {e['id']: e for e in vocab('types')}
DOMAINS = {e['id']: e for e in vocab('domains')}

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


def facet_input(facet, value):
    """The id app.js gives the checkbox of a facet value, as a selector."""
    units = value.encode('utf-16-le')
    out = []
    for i in range(0, len(units), 2):
        c = int.from_bytes(units[i:i + 2], 'little')
        out.append(chr(c) if re.fullmatch(r'[A-Za-z0-9_-]', chr(c)) else '_' + format(c, 'x'))
    return '#f-%s-%s' % (facet, ''.join(out))


def inject_initial(html, payload):
    """index.html with payload as the server-embedded first answer."""
    data = json.dumps(payload, ensure_ascii=False, separators=(',', ':')).replace('<', '\\u003c')
    tag = '<script type="application/json" id="bridges-initial">%s</script>' % data
    existing = re.compile(r'<script type="application/json" id="bridges-initial">[\s\S]*?</script>')
    if existing.search(html):
        return existing.sub(lambda _: tag, html, count=1)
    if '<!--bridges:initial-->' not in html:
        raise AssertionError('index.html keeps the <!--bridges:initial--> placeholder')
    return html.replace('<!--bridges:initial-->', tag, 1)


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


class RequestLog:
    """The requests the page sends whose path starts with prefix, read from
    Chrome's performance log (Network.requestWillBeSent)."""

    def __init__(self, page, prefix):
        self.page = page
        self.prefix = prefix
        self._seen = []
        self._keys = set()
        page.driver.get_log('performance')  # forget what came before

    def seen(self):
        for entry in self.page.driver.get_log('performance'):
            message = json.loads(entry['message'])['message']
            if message.get('method') != 'Network.requestWillBeSent':
                continue
            params = message['params']
            url = params['request']['url']
            key = (params.get('requestId'), url)
            if urllib.parse.urlsplit(url).path.startswith(self.prefix) and key not in self._keys:
                self._keys.add(key)
                self._seen.append(url)
        return list(self._seen)


class InjectingProxy:
    """A loopback proxy in front of bridges-searchd that puts payload into the
    search page as the server-embedded first answer (the original routed the
    browser context's document requests for / and /doc/ through route.fetch
    and fulfilled them with the injected body)."""

    SKIP = {'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'server', 'date'}

    def __init__(self, upstream, payload):
        self.errors = []
        self.injected = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                try:
                    headers = {h: self.headers[h] for h in ('Accept', 'Accept-Language', 'User-Agent') if self.headers.get(h)}
                    request = urllib.request.Request(upstream + self.path, headers=headers)
                    try:
                        with NO_PROXY.open(request, timeout=STEP_TIMEOUT) as r:
                            status, reply_headers, body = r.status, r.headers, r.read()
                    except urllib.error.HTTPError as err:
                        status, reply_headers, body = err.code, err.headers, err.read()
                    path = urllib.parse.urlsplit(self.path).path
                    dest = self.headers.get('Sec-Fetch-Dest')
                    is_document = dest == 'document' if dest else 'text/html' in (self.headers.get('Accept') or '')
                    if (path == '/' or path.startswith('/doc/')) and is_document:
                        body = inject_initial(body.decode('utf-8'), payload).encode('utf-8')
                        proxy.injected += 1
                    self.send_response(status)
                    for k, v in reply_headers.items():
                        if k.lower() not in InjectingProxy.SKIP:
                            self.send_header(k, v)
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except Exception as err:  # reported by the test, not lost in this thread
                    proxy.errors.append('%s %s: %r' % (self.command, self.path, err))
                    with contextlib.suppress(Exception):
                        self.send_error(502)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.server.daemon_threads = True
        self.base = 'http://127.0.0.1:%d' % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={'poll_interval': 0.1}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


# ---------- processes ----------

_LIBC = ctypes.CDLL(None, use_errno=True)
PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """In the child: get SIGKILL when this test process dies, however it dies."""
    _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _interrupt(signum, frame):
    raise KeyboardInterrupt('signal %d' % signum)


class SearchPageTest(unittest.TestCase):
    """The search page in Chromium against the real indexer and bridges-searchd.
    Each test is one scenario; they run in the original's order."""

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
    def _start(cls):
        for name, path in [('indexer', INDEXER), ('searchd', SEARCHD), ('chromium', CHROMIUM),
                           ('chromedriver', CHROMEDRIVER), ('corpus', CORPUS), ('web root', WEB_ROOT)]:
            if not os.path.exists(path):
                raise AssertionError('%s not found at %s (Debian packages: chromium chromium-driver python3-selenium)'
                                     % (name, path))
        cls.work_dir = tempfile.mkdtemp(prefix='bridges-browser-')
        db = os.path.join(cls.work_dir, 'index')
        try:
            indexed = subprocess.run([INDEXER, '--quiet', '--db', db, CORPUS], stdin=subprocess.DEVNULL,
                                     capture_output=True, text=True, timeout=INDEX_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise AssertionError('the indexer took longer than %d s' % INDEX_TIMEOUT) from None
        if indexed.returncode != 0:
            raise AssertionError('the indexer failed (%d): %s' % (indexed.returncode, indexed.stderr))

        cls.daemon_log = open(os.path.join(cls.work_dir, 'searchd.stderr'), 'w+b')
        cls.daemon = subprocess.Popen([SEARCHD, '--db', db, '--listen', '127.0.0.1:0', '--web-root', WEB_ROOT],
                                      stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=cls.daemon_log,
                                      preexec_fn=_die_with_parent)
        lines = queue.Queue()

        def pump(stream):  # keeps reading, so the daemon never blocks on a full pipe
            for raw in iter(stream.readline, b''):
                lines.put(raw.decode('utf-8', 'replace'))
            lines.put(None)
        threading.Thread(target=pump, args=(cls.daemon.stdout,), daemon=True).start()
        deadline = time.monotonic() + 20
        out = ''
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError('timed out after 20 s: bridges-searchd to print its address')
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                code = cls.daemon.wait(10)
                cls.daemon_log.seek(0)
                raise AssertionError('bridges-searchd exited with %s: %s' % (code, cls.daemon_log.read().decode('utf-8', 'replace')))
            out += line
            m = re.search(r'listening on (http://127\.0\.0\.1:\d+)/', out)
            if m:
                cls.base = m.group(1)
                break

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
        deadline = time.monotonic() + 30
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            if time.monotonic() > deadline or cls.browser.poll() is not None:
                raise AssertionError('Chromium did not open its DevTools port within 30 s')
            time.sleep(0.05)
        devtools_port = int(open(port_file).read().split()[0])
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
        if browser is not None and browser.poll() is None:
            browser.terminate()
            try:
                browser.wait(10)
            except subprocess.TimeoutExpired:
                browser.kill()
                browser.wait(10)
        daemon, cls.daemon = cls.daemon, None
        if daemon is not None:
            if daemon.poll() is None:
                daemon.terminate()
                try:
                    daemon.wait(12)
                except subprocess.TimeoutExpired:
                    daemon.kill()
                    daemon.wait(5)
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

    def api(self, path):
        try:
            with NO_PROXY.open(self.base + path, timeout=STEP_TIMEOUT) as r:
                status, body = r.status, r.read()
        except urllib.error.HTTPError as err:
            status, body = err.code, err.read()
        self.assertEqual(status, 200, 'GET %s' % path)
        return json.loads(body)

    @staticmethod
    def shown_total(page):
        """The number a reader sees at the start of the result count ("24 results · page 1 of 3")."""
        s = page.text('#result-count')
        m = re.match('[0-9%s.,]+' % JS_SPACE, s)
        if m:
            digits = re.sub('[^0-9]', '', m.group(0))
            return int(digits) if digits else 0
        return 0 if re.search('no results|aucun', s, re.I) else math.nan

    @staticmethod
    def results_settled(page):
        return page.evaluate("return !document.querySelector('#results-body[aria-busy]')"
                             " && !!document.querySelector('#result-count').textContent")

    def expect_results_match_api(self, page, what):
        """Waits until the page shows exactly what /v1/search answers for its own URL."""
        answer = {}

        def probe():
            if not self.results_settled(page):
                return False
            answer['value'] = self.api('/v1/search' + search_of(page.url))
            return self.shown_total(page) == answer['value']['total']
        eventually(probe, "%s: the shown total to equal /v1/search's" % what)
        titles = page.locator('.hit-title a').all_text_contents()
        self.assertEqual([trim(s) for s in titles], [h['title'] for h in answer['value']['hits']],
                         "%s: the result titles are the API's" % what)
        return answer['value']

    @staticmethod
    def shown_facets(page):
        return page.evaluate("""
          return Array.from(document.querySelectorAll('#facets .facet[data-facet]')).flatMap((s) =>
            Array.from(s.querySelectorAll('.facet-item')).map((li) => ({
              facet: s.dataset.facet, value: li.dataset.value, label: li.querySelector('.facet-label').textContent,
              count: Number(li.querySelector('.count-num').textContent.replace(/\\D/g, '')),
              checked: li.querySelector('input').checked, hidden: li.hidden
            })));""")

    def tick(self, page, facet, value):
        selector = facet_input(facet, value)
        if not page.locator(selector).is_visible():
            page.click('#facet-more-' + facet)
        page.click(selector)
        eventually(lambda: value in page.query().get_all(facet), 'the URL to carry %s=%s' % (facet, value))
        eventually(lambda: self.results_settled(page) and page.locator(selector).is_checked(),
                   '%s to be checked after the update' % selector)

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

    # ---------- tests ----------

    def test_01_strings_and_vocabulary(self):
        """the interface strings are complete in every language and the vocabulary snapshot is current"""
        with open(os.path.join(WEB_ROOT, 'i18n.js'), encoding='utf-8') as f:
            code = f.read()
        # As node:vm did: run i18n.js with a bare object for window (in a blank tab).
        with self.page(None) as page:
            i18n = page.evaluate("return new Function('window', arguments[0] + '\\n;return window.BridgesI18n;')({});", code)
        strings, ui_langs = i18n['STRINGS'], i18n['UI_LANGS']
        self.assertTrue('en' in ui_langs and 'fr' in ui_langs)
        for lang in ui_langs:
            missing = [k for k in strings['en'] if k not in strings[lang] or not strings[lang][k]]
            self.assertEqual(missing, [], 'interface strings missing in %s' % lang)
        self.assertIsNone(vocab_sync.check_snapshot(SOURCE))

    def test_02_assets(self):
        """own assets are small and load nothing from elsewhere"""
        total = 0
        for name in ['index.html', 'app.js', 'style.css', 'i18n.js']:
            with open(os.path.join(WEB_ROOT, name), 'rb') as f:
                raw = f.read()
            body = raw.decode('utf-8')
            total += len(raw)
            self.assertNotRegex(body, r'''(src|href)=["']?(https?:)?//''', '%s loads nothing from another origin' % name)
            self.assertNotRegex(body, r'''@import|url\(["']?https?:''', '%s imports nothing' % name)
        self.assertLess(total, 100 * 1024, 'assets total %d bytes, under 100 KB' % total)

    def test_03_suggestions_and_query(self):
        """typing a query suggests completions and Enter shows the results"""
        with self.page() as page:
            eventually(lambda: page.text('#results-heading') == 'All documents', 'the browse page')
            eventually(lambda: self.shown_total(page) > 0, 'a result count on the browse page')

            box = page.locator('#q')
            box.click()
            box.press_sequentially('anti-rum', 0.02)
            page.locator('#suggestions [role="option"]').first().wait_for()
            self.assertEqual(box.get_attribute('aria-expanded'), 'true')
            self.assertEqual(box.get_attribute('role'), 'combobox')
            page.keyboard_press('ArrowDown')
            active = box.get_attribute('aria-activedescendant')
            self.assertTrue(active, 'ArrowDown makes an option active')
            self.assertEqual(page.locator('#' + active).get_attribute('aria-selected'), 'true')
            page.keyboard_press('Escape')
            eventually(lambda: box.get_attribute('aria-expanded') == 'false', 'Escape to close the list')

            box.fill('anti-rumours')
            page.keyboard_press('Enter')
            eventually(lambda: page.query().get('q') == 'anti-rumours', 'the URL to carry q=anti-rumours')
            self.assertEqual(page.text('#results-heading'), 'Results for “anti-rumours”')
            answer = self.expect_results_match_api(page, 'anti-rumours')
            self.assertGreater(answer['total'], 5)
            self.assertRegex(page.text('#result-count'), '^%d results' % answer['total'])
            self.assertGreater(page.locator('.hit .snippet mark').count(), 0, 'snippets highlight the query')
            self.assertEqual(page.title(), '“anti-rumours” – Bridges – Intercultural Cities library')

            # A city suggestion becomes a filter.
            box.fill('')
            box.press_sequentially('bres', 0.02)
            option = page.locator('#suggestions [role="option"]', has_text='Wrocław')
            option.wait_for()
            self.assertRegex(option.text_content(), 'City')
            page.keyboard_press('ArrowDown')
            page.keyboard_press('Enter')
            eventually(lambda: page.query().get('city') == 'wroclaw' and not page.query().has('q'), 'city=wroclaw in the URL')
            page.locator('.chip', has_text='City: Wrocław').wait_for()
            self.expect_results_match_api(page, 'city=wroclaw')

    def test_04_facets_also_in_and_back(self):
        """two ticked facets filter at once, counts match the API, an "also in" chip opens a translation and Back restores the results"""
        with self.page('/?q=anti-rumours') as page:
            first = self.expect_results_match_api(page, 'anti-rumours')
            type_ = first['facets']['type'][0]['value']
            self.tick(page, 'type', type_)
            typed = self.expect_results_match_api(page, 'type=%s' % type_)
            lang = 'en' if any(e['value'] == 'en' for e in typed['facets']['lang']) else typed['facets']['lang'][0]['value']
            self.tick(page, 'lang', lang)

            params = page.query()
            self.assertEqual(params.get('q'), 'anti-rumours')
            self.assertEqual(params.get_all('type'), [type_])
            self.assertEqual(params.get_all('lang'), [lang])
            answer = self.expect_results_match_api(page, 'type=%s&lang=%s' % (type_, lang))
            self.assertGreater(answer['total'], 0)
            for hit in answer['hits']:
                self.assertEqual(hit['type'], type_)

            # Every count beside a value is the API's count for this very URL.
            shown = self.shown_facets(page)
            for facet, entries in answer['facets'].items():
                if facet == 'year':
                    continue
                for e in entries:
                    s = next((x for x in shown if x['facet'] == facet and x['value'] == e['value']), None)
                    self.assertTrue(s, 'facet %s shows %s' % (facet, e['value']))
                    self.assertEqual(s['count'], e['count'], 'count of %s=%s' % (facet, e['value']))
            for s in shown:
                e = next((x for x in answer['facets'].get(s['facet']) or [] if x['value'] == s['value']), None)
                if e:
                    self.assertEqual(s['count'], e['count'], 'count of %s=%s' % (s['facet'], s['value']))

            def shown_item(facet, value):
                return next(s for s in shown if s['facet'] == facet and s['value'] == value)
            self.assertTrue(shown_item('type', type_)['checked'])
            self.assertTrue(shown_item('lang', lang)['checked'])
            chips = [trim(s.replace('×', '')) for s in page.locator('#active-filters .chip').all_text_contents()]
            self.assertEqual(sorted(chips), sorted(['Language: %s' % shown_item('lang', lang)['label'],
                                                    'Type: %s' % TYPES[type_]['labels']['en']]))

            # "Also in" chip → another language version.
            results_url = path_and_query(page.url)
            result_titles = page.locator('.hit-title a').all_text_contents()
            chip = page.locator('.hit .also-in a.lang-chip').first()
            hreflang = chip.get_attribute('hreflang')
            href = chip.get_attribute('href')
            self.assertEqual(trim(chip.text_content()), hreflang.upper())
            chip.click()
            eventually(lambda: urllib.parse.urlsplit(page.url).path == href.split('?')[0], 'the URL to become %s' % href)
            doc_id = urllib.parse.unquote(href.split('/doc/')[1].split('?')[0])
            doc = self.api('/v1/documents/' + urllib.parse.quote(doc_id, safe="-_.!~*'()"))
            self.assertEqual(doc['lang'], hreflang)
            eventually(lambda: page.text('#doc-view h1') == collapse(doc['title']), "the translation's title")
            self.assertEqual(page.locator('#doc-view h1').get_attribute('lang'), hreflang)

            # Back: the same results, filters still ticked.
            page.go_back()
            eventually(lambda: path_and_query(page.url) == results_url, 'Back to return to the results URL')
            eventually(lambda: '|'.join(page.locator('.hit-title a').all_text_contents()) == '|'.join(result_titles),
                       'the previous results')
            self.assertTrue(page.locator('#f-type-%s' % type_).is_checked())
            self.assertTrue(page.locator('#f-lang-%s' % lang).is_checked())
            self.assertEqual(self.shown_total(page), answer['total'])
            self.assertEqual(page.locator('#q').input_value(), 'anti-rumours')

            # Removing a chip removes its filter.
            page.locator('#active-filters .chip', has_text='Type:').click()
            eventually(lambda: not page.query().has('type') and page.query().get('lang') == lang, 'the type filter to go')
            self.expect_results_match_api(page, 'after removing the type chip')

    def test_05_document_page(self):
        """a document page shows its title, language versions, tags and related documents"""
        doc_id = 'anti-rumours-handbook-pl'
        doc = self.api('/v1/documents/' + doc_id)
        with self.page('/doc/' + doc_id) as page:
            eventually(lambda: page.text('#doc-view h1') == doc['title'], 'the document title')
            self.assertEqual(page.title(), '%s – Bridges' % doc['title'])
            self.assertEqual(page.locator('#doc-view h1').get_attribute('lang'), 'pl')
            self.assertEqual(page.text('.doc-summary'), collapse(doc['summary']))
            self.assertEqual(page.locator('.doc-section h2').count(), len([s for s in doc['body'] if s.get('heading')]))

            # Versions: every translation is a link, the current one is marked.
            versions = page.locator('.versions li')
            self.assertEqual(versions.count(), len(doc['translations']) + 1)
            self.assertEqual(page.text('.versions [aria-current="page"] .version-title'), doc['title'])
            for tr in doc['translations']:
                link = page.locator('.versions a[href="/doc/%s"]' % tr['id'])
                self.assertEqual(link.count(), 1, 'a link to the %s version' % tr['lang'])
                self.assertEqual(trim(link.locator('.version-title').text_content()), tr['title'])
            self.assertEqual(page.text('.versions a[hreflang="en"] .version-lang'), 'English')

            # Related documents.
            related = [trim(s) for s in page.locator('.related a').all_text_contents()]
            self.assertEqual(related, [r['title'] for r in doc['related']])
            self.assertGreater(len(related), 0)

            # The type label explains itself on hover and on keyboard focus.
            badge = page.locator('#doc-view button.type-badge')
            tip = page.locator('#doc-view .tooltip')
            self.assertEqual(trim(badge.text_content()), TYPES[doc['type']]['labels']['en'])
            self.assertEqual(tip.is_visible(), False)
            badge.hover()
            eventually(tip.is_visible, 'the tooltip on hover')
            self.assertEqual(trim(tip.text_content()), TYPES[doc['type']]['definition']['en'])
            page.mouse_move(0, 0)
            eventually(lambda: not tip.is_visible(), 'the tooltip to hide')
            page.locator('.back-link').focus()
            self.focus_by_tab(page, "document.activeElement.classList.contains('type-badge')", 'the type label', 5)
            eventually(tip.is_visible, 'the tooltip on keyboard focus')
            self.assertEqual(badge.get_attribute('aria-describedby'), tip.get_attribute('id'))
            page.keyboard_press('Escape')
            eventually(lambda: not tip.is_visible(), 'Escape to hide the tooltip')

            # A tag starts a filtered search.
            tag = page.locator('.tags a[href="/?domain=anti-rumours"]')
            self.assertEqual(trim(tag.text_content()), DOMAINS['anti-rumours']['labels']['en'])
            tag.click()
            eventually(lambda: path_and_query(page.url) == '/?domain=anti-rumours', 'the domain search')
            page.locator('.chip', has_text='Domain: Anti-rumours').wait_for()
            self.assertTrue(page.locator('#f-domain-anti-rumours').is_checked())
            self.expect_results_match_api(page, 'domain=anti-rumours')
        with self.page('/doc/no-such-document') as page:
            eventually(lambda: page.text('#doc-view h1') == 'Document not found', 'the not-found page')
            self.assertRegex(page.text('#doc-view .notice p'), 'no-such-document')

    def test_06_french(self):
        """the interface switches to French, follows the browser language, and the API labels follow"""
        fr_domain = DOMAINS['anti-rumours']['labels']['fr']
        with self.page('/?q=anti-rumours') as page:
            self.expect_results_match_api(page, 'anti-rumours')
            self.assertEqual(page.text('#facet-h-domain'), 'Domain')
            page.click('#ui-lang a[data-ui="fr"]')
            eventually(lambda: page.query().get('ui') == 'fr', 'ui=fr in the URL')
            eventually(lambda: page.get_attribute('html', 'lang') == 'fr', '<html lang="fr">')
            eventually(lambda: any(s['facet'] == 'domain' and s['label'] == fr_domain for s in self.shown_facets(page)),
                       'the domain label "%s"' % fr_domain)
            self.assertEqual(fr_domain, 'Antirumeurs')
            self.assertEqual(page.text('#facet-h-domain'), 'Domaine')
            self.assertEqual(page.text('#facet-h-type'), 'Type de document')
            self.assertEqual(page.text('#facet-h-lang'), 'Langue')
            self.assertEqual(page.text('#filters-heading'), 'Filtres')
            self.assertEqual(page.text('#results-heading'), 'Résultats pour « anti-rumours »')
            self.assertEqual(page.text('label[for="sort"]'), 'Trier par')
            self.assertEqual(page.text('.search-button'), 'Rechercher')
            self.assertEqual(page.text('#ui-lang a[aria-current]'), 'FR – Français')
            self.assertRegex(page.text('#result-count'), r'^[0-9]+ résultats')
            self.assertEqual(page.text('.also-in-label'), 'Aussi en :')
            self.assertEqual(page.locator('#q').get_attribute('placeholder'), 'Manuels, notes d’orientation, bonnes pratiques, villes…')
            fr_types = {e['labels']['fr'] for e in TYPES.values()}
            for b in page.locator('.hit .type-badge').all_text_contents():
                self.assertIn(trim(b), fr_types, 'type label "%s" is French' % b)
            first_type = self.api('/v1/search?q=anti-rumours')['hits'][0]['type']
            self.assertEqual(trim(page.locator('.hit .tooltip').first().text_content()), TYPES[first_type]['definition']['fr'])
            answer = self.expect_results_match_api(page, 'anti-rumours in French')
            lang_labels = [s['label'] for s in self.shown_facets(page) if s['facet'] == 'lang']
            self.assertEqual(lang_labels, [e['label'] for e in answer['facets']['lang']],
                             'language labels come from the API in French')
            self.assertIn('Anglais', lang_labels)

            # Links keep the chosen language.
            href = page.locator('.hit-title a').first().get_attribute('href')
            self.assertRegex(href, r'\?ui=fr$')
            page.locator('.hit-title a').first().click()
            eventually(lambda: page.text('#versions-h') == 'Versions linguistiques', 'the French document page')
            self.assertEqual(page.text('#related-h'), 'Documents liés')
            page.go_back()
            eventually(lambda: page.text('#facet-h-domain') == 'Domaine', 'French results after Back')

            page.click('#ui-lang a[data-ui="en"]')
            eventually(lambda: page.text('#facet-h-domain') == 'Domain' and page.query().get('ui') == 'en', 'English again')
            eventually(lambda: any(s['facet'] == 'domain' and s['label'] == 'Anti-rumours' for s in self.shown_facets(page)),
                       'English domain labels')
        # Without ui= the browser's language decides, and the URL then says so.
        with self.page('/', locale='fr-FR') as page:
            eventually(lambda: page.text('#results-heading') == 'Tous les documents', 'French from navigator.language')
            self.assertEqual(page.get_attribute('html', 'lang'), 'fr')
            self.assertEqual(page.query().get('ui'), 'fr')
            self.expect_results_match_api(page, 'browse in French')
            eventually(lambda: any(s['label'] == 'Antirumeurs' for s in self.shown_facets(page)), 'French facet labels')

    def test_07_keyboard_only(self):
        """a keyboard-only reader can search and open a result"""
        with self.page() as page:
            eventually(lambda: self.shown_total(page) > 0, 'the browse page')
            # The first Tab shows the skip link; it leads to the results.
            page.keyboard_press('Tab')
            self.assertEqual(page.active_id(), 'skip-link')
            self.assertTrue(page.locator('#skip-link').is_visible(), 'the skip link shows when focused')
            self.assertEqual(page.text('#skip-link'), 'Skip to results')
            page.keyboard_press('Enter')
            self.assertEqual(page.active_id(), 'main')
            self.assertEqual(urllib.parse.urlsplit(page.url).fragment, '', 'the skip link leaves the URL alone')
            page.locator('#skip-link').focus()
            self.focus_by_tab(page, "document.activeElement && document.activeElement.id === 'q'", 'the search box', 10)
            page.keyboard_type('handbook', 0.015)
            page.keyboard_press('Enter')
            eventually(lambda: page.query().get('q') == 'handbook', 'q=handbook in the URL')
            self.expect_results_match_api(page, 'handbook')
            self.focus_by_tab(page, "document.activeElement.closest('.hit-title')", 'a result title', 150)
            focused = page.evaluate("""
              const a = document.activeElement;
              const s = getComputedStyle(a);
              return { text: a.textContent.trim(), href: a.getAttribute('href'), outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };""")
            self.assertNotEqual(focused['outline'], 'none', 'the focused link shows a focus ring')
            self.assertGreaterEqual(focused['width'], 2, 'the focus ring is at least 2px')
            page.keyboard_press('Enter')
            eventually(lambda: path_and_query(page.url) == focused['href'], 'Enter to open the result')
            eventually(lambda: page.text('#doc-view h1') == focused['text'], 'the opened document')
            self.assertEqual(page.active_id(), 'doc-title', 'focus moves to the document title')

    def test_08_did_you_mean_and_empty(self):
        """"did you mean" and an empty result with buttons to remove each filter"""
        with self.page('/?q=intercultral+citys') as page:
            answer = self.api('/v1/search?q=intercultral+citys')
            corrected = answer['query'].get('corrected')
            self.assertTrue(corrected, 'the API corrects this query')
            link = page.locator('#did-you-mean a')
            link.wait_for()
            self.assertEqual(trim(link.text_content()), corrected)
            self.assertEqual(page.text('#did-you-mean'), 'Did you mean %s?' % corrected)
            link.click()
            eventually(lambda: page.query().get('q') == corrected, 'the corrected search')
            self.expect_results_match_api(page, 'the corrected query')
        empty = '/?q=anti-rumours&type=declaration&lang=uk'
        self.assertEqual(self.api('/v1/search' + empty[1:])['total'], 0)
        with self.page(empty) as page:
            page.locator('.empty').wait_for()
            self.assertEqual(page.text('.empty h2'), 'No documents match “anti-rumours”')
            self.assertEqual(page.text('#result-count'), 'No results')
            buttons = [trim(s) for s in page.locator('.empty button').all_text_contents()]
            self.assertEqual(buttons, ['Remove “Type: Declaration”', 'Remove “Language: Ukrainian”', 'Clear all filters'])
            page.locator('.empty button', has_text='Type: Declaration').click()
            eventually(lambda: not page.query().has('type') and page.query().get('lang') == 'uk', 'the type filter to go')
            answer = self.expect_results_match_api(page, 'after removing a filter')
            self.assertGreater(answer['total'], 0)

    def test_09_embedded_first_answer(self):
        """the page uses the server-embedded first answer when it matches the URL, and fetches otherwise"""
        real = self.api('/v1/search?q=anti-rumours')
        embedded = json.loads(json.dumps(real))
        embedded['hits'][0]['title'] = 'Embedded first hit'
        doc = self.api('/v1/documents/anti-rumours-handbook-pl')
        embedded_doc = dict(doc, title='Embedded document title')

        @contextlib.contextmanager
        def served(payload):
            """A fresh page whose documents carry payload; yields it, the
            proxy's address, and the proxy (checked at the end)."""
            proxy = InjectingProxy(self.base, payload)
            try:
                with self.page(None, base=proxy.base) as page:
                    yield page
                self.assertEqual(proxy.errors, [], 'the proxy served every request')
                self.assertGreater(proxy.injected, 0, 'the page came with the embedded answer')
            finally:
                proxy.close()

        with served({'kind': 'search', 'params': 'q=anti-rumours', 'response': embedded}) as page:
            seen = RequestLog(page, '/v1/search')
            page.goto('/?q=anti-rumours')
            eventually(lambda: page.text('.hit-title a') == 'Embedded first hit', 'the embedded first hit')
            self.assertEqual(self.shown_total(page), real['total'])
            time.sleep(0.5)
            self.assertEqual(seen.seen(), [], 'no /v1/search request when the embedded answer matches')

        with served({'kind': 'search', 'params': 'q=something-else', 'response': embedded}) as page:
            seen = RequestLog(page, '/v1/search')
            page.goto('/?q=anti-rumours')
            eventually(lambda: page.text('.hit-title a') == real['hits'][0]['title'], 'the fetched first hit')
            self.assertEqual(len(seen.seen()), 1, 'one /v1/search request when the embedded answer is for another URL')

        with served({'kind': 'document', 'id': 'anti-rumours-handbook-pl', 'response': embedded_doc}) as page:
            seen = RequestLog(page, '/v1/documents/')
            page.goto('/doc/anti-rumours-handbook-pl')
            eventually(lambda: page.text('#doc-view h1') == 'Embedded document title', 'the embedded document')
            time.sleep(0.3)
            self.assertEqual(seen.seen(), [], 'no /v1/documents request when the embedded document matches')
            # Navigating on fetches as usual.
            page.locator('.versions a[hreflang="en"]').click()
            eventually(lambda: page.text('#doc-view h1') == 'Anti-rumours handbook', 'the English version, fetched')
            self.assertEqual(len(seen.seen()), 1)

    def test_10_accessibility_pagination_sort(self):
        """landmarks, labels, live region, contrast, pagination and sort"""
        with self.page('/?q=anti-rumours') as page:
            answer = self.expect_results_match_api(page, 'anti-rumours')
            for landmark in ['header', 'nav', 'main', 'aside', 'form[role="search"]']:
                self.assertTrue(page.locator(landmark).first().is_visible(), 'a visible %s' % landmark)
            self.assertEqual(page.locator('h1').count_visible(), 1)  # h1:visible
            self.assertEqual(page.get_attribute('#result-count', 'aria-live'), 'polite')
            unlabelled = page.evaluate("""
              return Array.from(document.querySelectorAll('input, select, button, a[href]')).filter((n) => {
                if (!n.getClientRects().length) return false;
                const name = n.getAttribute('aria-label') || n.getAttribute('aria-labelledby') || (n.labels && n.labels.length) || n.textContent.trim();
                return !name;
              }).map((n) => n.outerHTML.slice(0, 80));""")
            self.assertEqual(unlabelled, [], 'every control has a name')
            for selector in ['body', '#result-count', '.hit-title a', '.snippet', '.hit-meta', '.count-num', '.type-badge', '.lang-chip',
                             '.also-in-label', '.facet h3', '.facet-label', '.link-button', '.search-button', '.brand-tagline',
                             '#ui-lang a', '.sort label', '.page-of', '.site-footer']:
                ratio = self.contrast_of(page, selector)
                self.assertGreaterEqual(ratio, 4.5, 'contrast of %s is %.2f, at least 4.5' % (selector, ratio))

            # Pagination.
            pages = math.ceil(answer['total'] / answer['per_page'])
            self.assertEqual(page.text('.page-of'), 'page 1 of %d' % pages)
            page.locator('#pagination a[rel="next"]').click()
            eventually(lambda: page.query().get('page') == '2', 'page=2 in the URL')
            self.expect_results_match_api(page, 'page 2')
            self.assertEqual(page.text('.page-of'), 'page 2 of %d' % pages)
            self.assertEqual(page.locator('.hits').get_attribute('start'), str(answer['per_page'] + 1))
            page.locator('#pagination a[rel="prev"]').click()
            eventually(lambda: not page.query().has('page'), 'back on page 1')

            # Sort.
            page.select_option('#sort', 'title')
            eventually(lambda: page.query().get('sort') == 'title', 'sort=title in the URL')
            self.expect_results_match_api(page, 'sorted by title')

            # An archived document carries a badge.
            page.goto('/?status=archived')
            archived = self.expect_results_match_api(page, 'status=archived')
            self.assertGreater(archived['total'], 0)
            self.assertEqual(page.locator('.hit .badge-archived').count(), len(archived['hits']))
            self.assertEqual(trim(page.locator('.hit .badge-archived').first().text_content()), 'Archived')
            self.assertGreaterEqual(self.contrast_of(page, '.badge-archived'), 4.5, 'the archived badge is legible')
            self.assertTrue(page.locator('#f-status-archived').is_checked())

            # Year range.
            page.goto('/')
            self.expect_results_match_api(page, 'browse')
            page.fill('#year-from', '2023')
            page.fill('#year-to', '2024')
            page.click('#year-apply')
            eventually(lambda: page.query().get('year_from') == '2023' and page.query().get('year_to') == '2024',
                       'the year range in the URL')
            page.locator('.chip', has_text='Year: 2023–2024').wait_for()
            self.expect_results_match_api(page, 'year range')

            # The city list is long: its filter box narrows it.
            page.fill('#city-filter', 'wroc')

            def only_wroclaw():
                visible = [s['label'] for s in self.shown_facets(page) if s['facet'] == 'city' and not s['hidden']]
                return visible == ['Wrocław']
            eventually(only_wroclaw, 'the city filter to leave Wrocław')

    def test_12_linked_data_opensearch_and_feed(self):
        """a document page carries schema.org JSON-LD naming every language version, the
        OpenSearch link and hreflang alternates; a search offers its Atom feed"""
        doc_id = 'anti-rumours-handbook-pl'
        doc = self.api('/v1/documents/' + doc_id)
        with self.page('/doc/' + doc_id) as page:
            eventually(lambda: page.text('#doc-view h1') == doc['title'], 'the document title')
            search = page.evaluate("const l = document.querySelector('head link[rel=search]');"
                                   "return l ? [l.type, l.href] : null;")
            self.assertEqual(search, ['application/opensearchdescription+xml', self.base + '/opensearch.xml'])
            blocks = page.evaluate("return [...document.querySelectorAll('script[type=\"application/ld+json\"]')]"
                                   ".map(s => s.textContent);")
            self.assertEqual(len(blocks), 1)
            ld = json.loads(blocks[0])
            self.assertEqual(ld['@context'], 'https://schema.org')
            self.assertEqual(ld['name'], doc['title'])
            self.assertEqual(ld['inLanguage'], 'pl')
            self.assertEqual(ld['description'], doc['summary'])
            self.assertEqual(ld['datePublished'][:4], str(doc['year']))
            self.assertIn('anti-rumours', [a['termCode'] for a in ld['about']])
            # Not the original: it points to the English work and lists the other translations.
            self.assertEqual(ld['translationOfWork']['inLanguage'], 'en')
            named = {ld['translationOfWork']['inLanguage']} | {v['inLanguage'] for v in ld['workTranslation']}
            self.assertEqual(named, {t['lang'] for t in doc['translations']})
            for version in [ld['translationOfWork']] + ld['workTranslation']:
                self.assertTrue(version['url'].startswith(self.base + '/doc/anti-rumours-handbook-'))
            alternates = page.evaluate("return [...document.querySelectorAll('head link[rel=alternate][hreflang]')]"
                                       ".map(l => l.hreflang);")
            self.assertEqual(sorted(alternates), sorted(['pl'] + [t['lang'] for t in doc['translations']]))
        with self.page('/?q=rumores&lang=es') as page:
            page.locator('.hits > li').first().wait_for()
            href = page.get_attribute('#follow-link', 'href')
            self.assertEqual(path_and_query(href), '/v1/search.atom?q=rumores&lang=es')
            status = urllib.request.urlopen(self.base + path_and_query(href), timeout=10).status
            self.assertEqual(status, 200)

    def test_11_screenshots(self):
        """screenshots of the results and document pages at desktop and phone widths"""
        os.makedirs(SHOTS, exist_ok=True)
        written = []
        for name, viewport in [('desktop', DESKTOP), ('phone', PHONE)]:
            with self.page('/?q=anti-rumours', viewport=viewport) as page:
                self.expect_results_match_api(page, 'results (%s)' % name)
                overflow = self.overflow(page)
                self.assertLessEqual(overflow, 0, 'no horizontal scrolling at %dpx (overflow %spx)' % (viewport[0], overflow))
                if name == 'phone':
                    self.assertEqual(page.locator('#facets').is_visible(), False, 'facets collapse on a phone')
                    self.assertTrue(page.locator('#filters-toggle').is_visible())
                path = os.path.join(SHOTS, 'results-%s.png' % name)
                page.screenshot(path)
                written.append(path)
                if name == 'phone':
                    page.click('#filters-toggle')
                    self.assertEqual(page.get_attribute('#filters-toggle', 'aria-expanded'), 'true')
                    page.locator('#facets').wait_for()
                    self.tick(page, 'type', 'guide')
                    self.assertTrue(page.locator('#facets').is_visible(), 'the panel stays open while filtering')
                    self.expect_results_match_api(page, 'phone filter')
                    panel = os.path.join(SHOTS, 'results-phone-filters.png')
                    page.screenshot(panel)
                    written.append(panel)
                    done = page.locator('#filters-done')
                    self.assertEqual(trim(done.text_content()), 'Show results (%s)' % self.shown_total(page))
                    done.click()
                    self.assertEqual(page.locator('#facets').is_visible(), False, '"Show results" closes the panel')
                    self.assertEqual(page.get_attribute('#filters-toggle', 'aria-expanded'), 'false')
                    self.assertEqual(page.active_id(), 'results-heading')
                    self.assertEqual(page.text('#filters-count'), '1')
            with self.page('/doc/anti-rumours-handbook-en', viewport=viewport) as page:
                eventually(lambda: page.text('#doc-view h1') == 'Anti-rumours handbook', 'the document (%s)' % name)
                page.locator('.related a').first().wait_for()
                overflow = self.overflow(page)
                self.assertLessEqual(overflow, 0, 'no horizontal scrolling at %dpx (overflow %spx)' % (viewport[0], overflow))
                path = os.path.join(SHOTS, 'document-%s.png' % name)
                page.screenshot(path)
                written.append(path)
        for path in written:
            self.assertTrue(os.path.exists(path), path)


if __name__ == '__main__':
    unittest.main()
