"""What the Python test suites share (tests/browser, tests/interop): running
them under Debian's interpreter, and the real bridges-indexer and
bridges-searchd.

Every daemon binds 127.0.0.1 on a free port and dies with its test process.
"""
import ctypes
import importlib
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

SOURCE = os.environ.get('BRIDGES_SOURCE_DIR') or os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DEBIAN_PYTHON = '/usr/bin/python3'
INDEXER = os.environ.get('BRIDGES_INDEXER') or os.path.join(SOURCE, 'build', 'bin', 'bridges-indexer')
SEARCHD = os.environ.get('BRIDGES_SEARCHD') or os.path.join(SOURCE, 'build', 'bin', 'bridges-searchd')
CORPUS = os.path.join(SOURCE, 'corpus')


def import_debian_module(name, packages):
    """Imports a module Debian installs for its own interpreter only (Selenium,
    feedparser). When another python3 comes first on PATH (pyenv, a
    virtualenv), the test is run again under Debian's."""
    try:
        return importlib.import_module(name)
    except ImportError:
        if (os.path.exists(DEBIAN_PYTHON) and not os.environ.get('BRIDGES_TEST_REEXEC')
                and os.path.realpath(sys.executable) != os.path.realpath(DEBIAN_PYTHON)):
            os.environ['BRIDGES_TEST_REEXEC'] = '1'
            if os.path.isfile(sys.argv[0]):  # python3 test_x.py
                argv = [DEBIAN_PYTHON] + sys.argv
            else:  # python3 -m unittest ...: sys.argv[0] stands for "python -m unittest"
                argv = [DEBIAN_PYTHON, '-m', 'unittest'] + sys.argv[1:]
            sys.stdout.flush()
            sys.stderr.flush()
            os.execv(DEBIAN_PYTHON, argv)
        raise ImportError('%s is missing: apt-get install %s' % (name, packages)) from None


def die_with_parent():
    """In the child: SIGKILL when the test process dies, however it dies."""
    ctypes.CDLL('libc.so.6', use_errno=True).prctl(1, signal.SIGKILL)


def read_address(proc, log, timeout):
    """Waits for a starting bridges-searchd to print its address; returns it.
    Keeps reading its stdout, so the daemon never blocks on a full pipe."""
    lines = queue.Queue()

    def pump(stream):
        for raw in iter(stream.readline, b''):
            lines.put(raw.decode('utf-8', 'replace'))
        lines.put(None)
    threading.Thread(target=pump, args=(proc.stdout,), daemon=True).start()
    deadline = time.monotonic() + timeout
    out = ''
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError('bridges-searchd did not print its address within %d s' % timeout)
        try:
            line = lines.get(timeout=remaining)
        except queue.Empty:
            continue
        if line is None:
            code = proc.wait(10)
            log.seek(0)
            raise AssertionError('bridges-searchd exited with %s: %s' % (code, log.read().decode('utf-8', 'replace')))
        out += line
        m = re.search(r'listening on (http://127\.0\.0\.1:\d+)/', out)
        if m:
            return m.group(1)


def index(db, paths, extra=()):
    """Runs the indexer; raises with its stderr if it fails."""
    done = subprocess.run([INDEXER, '--quiet', '--db', db] + list(extra) + list(paths), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=300)
    if done.returncode not in (0,):
        raise AssertionError('bridges-indexer failed (%d): %s' % (done.returncode, done.stderr))
    return done


class Daemon:
    """bridges-searchd on 127.0.0.1 and a free port; stop() or the test's end stops it."""

    def __init__(self, db, extra=()):
        self.work_dir = tempfile.mkdtemp(prefix='bridges-daemon-')
        self.log = open(os.path.join(self.work_dir, 'searchd.stderr'), 'w+b')
        self.proc = subprocess.Popen([SEARCHD, '--db', db, '--listen', '127.0.0.1:0'] + list(extra),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.log,
                                     preexec_fn=die_with_parent)
        self.base = read_address(self.proc, self.log, 60)

    def get(self, path, headers=None, data=None, method=None):
        """(status, headers, body bytes) of a request; HTTP errors are returned, not raised."""
        request = urllib.request.Request(self.base + path, headers=headers or {}, data=data, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
