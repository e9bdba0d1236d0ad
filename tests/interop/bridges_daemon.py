"""Runs the real bridges-indexer and bridges-searchd for the Python tests
(feeds read with feedparser, OAI-PMH harvests with Debian's harvester).

Every daemon binds 127.0.0.1 on a free port and dies with its test process.
"""
import ctypes
import os
import queue
import re
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

SOURCE = os.environ.get('BRIDGES_SOURCE_DIR') or os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
INDEXER = os.environ.get('BRIDGES_INDEXER') or os.path.join(SOURCE, 'build', 'bin', 'bridges-indexer')
SEARCHD = os.environ.get('BRIDGES_SEARCHD') or os.path.join(SOURCE, 'build', 'bin', 'bridges-searchd')
CORPUS = os.path.join(SOURCE, 'corpus')


def _die_with_parent():
    # PR_SET_PDEATHSIG: the daemon goes when the test process goes, even on a crash.
    ctypes.CDLL('libc.so.6', use_errno=True).prctl(1, signal.SIGTERM)


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
                                     preexec_fn=_die_with_parent)
        lines = queue.Queue()

        def pump(stream):  # keeps reading, so the daemon never blocks on a full pipe
            for raw in iter(stream.readline, b''):
                lines.put(raw.decode('utf-8', 'replace'))
            lines.put(None)
        threading.Thread(target=pump, args=(self.proc.stdout,), daemon=True).start()
        deadline = time.monotonic() + 60
        out = ''
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError('bridges-searchd did not print its address within 60 s')
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                code = self.proc.wait(10)
                self.log.seek(0)
                raise AssertionError('bridges-searchd exited with %s: %s' % (code, self.log.read().decode('utf-8', 'replace')))
            out += line
            m = re.search(r'listening on (http://127\.0\.0\.1:\d+)/', out)
            if m:
                self.base = m.group(1)
                return

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
