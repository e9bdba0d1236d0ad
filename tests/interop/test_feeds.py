"""Atom feeds, OpenSearch and sitemaps, read the way other systems read them:
feeds through Debian's python3-feedparser, sitemaps and descriptions as XML,
against the real indexer and searchd on loopback (issue 8)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'pylib'))
import bridges_daemon  # noqa: E402

feedparser = bridges_daemon.import_debian_module('feedparser', 'python3-feedparser')

import glob
import shutil
import tempfile
import time
import unittest
import urllib.parse
import xml.etree.ElementTree as ET


ATOM = '{http://www.w3.org/2005/Atom}'
SITEMAP = '{http://www.sitemaps.org/schemas/sitemap/0.9}'
XHTML = '{http://www.w3.org/1999/xhtml}'
OPENSEARCH = '{http://a9.com/-/spec/opensearch/1.1/}'

NEW_RECORD = '''<?xml version="1.0" encoding="UTF-8"?>
<collection>
  <document id="feed-test-guide-pl" work="feed-test-guide" type="guide" lang="pl">
    <title>Przewodnik po kawiarniach antyplotkowych</title>
    <summary>Jak prowadzić rozmowy o plotkach w bibliotekach miejskich.</summary>
    <domains><domain>anti-rumours</domain></domains>
    <cities><city>wroclaw</city></cities>
    <year>2026</year>
    <published>2026-11-20</published>
  </document>
</collection>
'''


def corpus_ids():
    """Every document id of the shipped corpus, read from its XML files."""
    ids = []
    for path in glob.glob(os.path.join(bridges_daemon.CORPUS, '**', '*.xml'), recursive=True):
        ids += [d.get('id') for d in ET.parse(path).getroot().iter('document')]
    return ids


class FeedsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix='bridges-feeds-')
        cls.db = os.path.join(cls.work, 'index')
        bridges_daemon.index(cls.db, [bridges_daemon.CORPUS])
        cls.daemon = bridges_daemon.Daemon(cls.db)

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()
        shutil.rmtree(cls.work, ignore_errors=True)

    def feed(self, query, headers=None):
        status, response_headers, body = self.daemon.get('/v1/search.atom?' + query, headers)
        self.assertEqual(status, 200, body[:300])
        self.assertTrue(response_headers['Content-Type'].startswith('application/atom+xml'))
        parsed = feedparser.parse(body)
        self.assertFalse(parsed.bozo, parsed.get('bozo_exception'))
        return parsed, response_headers

    def test_entries_carry_title_summary_links_languages_and_domains(self):
        parsed, _ = self.feed('domain=anti-rumours&per_page=20')
        self.assertEqual(parsed.version, 'atom10')
        self.assertGreater(len(parsed.entries), 5)
        for entry in parsed.entries:
            self.assertTrue(entry.title)
            self.assertTrue(entry.summary)
            self.assertTrue(entry.updated_parsed)
            page = [l for l in entry.links if l.rel == 'alternate' and l.href == entry.id]
            self.assertEqual(len(page), 1, entry.links)
            self.assertTrue(urllib.parse.urlparse(entry.link).path.startswith('/doc/'))
            self.assertEqual(entry.title_detail.language, page[0].hreflang)
            self.assertTrue(any(t.term == 'anti-rumours' for t in entry.tags), entry.tags)
        # The handbook's entry links to each of its language versions.
        handbook = [e for e in parsed.entries if '/doc/anti-rumours-handbook-' in e.id]
        self.assertEqual(len(handbook), 1)
        hreflangs = {l.hreflang for l in handbook[0].links if l.rel == 'alternate'}
        self.assertTrue({'en', 'es', 'pl', 'uk', 'ja'} <= hreflangs, hreflangs)

    def test_entry_language_follows_the_filter(self):
        parsed, _ = self.feed('q=rumores&lang=es')
        self.assertGreater(len(parsed.entries), 0)
        for entry in parsed.entries:
            self.assertEqual(entry.title_detail.language, 'es')
            # Domain labels in the entry's language.
            self.assertIn('Antirrumores', [t.label for t in entry.tags])

    def test_feed_is_newest_first_by_default(self):
        parsed, _ = self.feed('per_page=30')
        dates = [e.updated_parsed for e in parsed.entries]
        self.assertEqual(dates, sorted(dates, reverse=True))

    def test_conditional_get_answers_304_until_the_index_changes(self):
        query = 'q=intercultural&lang=en'
        _, headers = self.feed(query)
        etag, modified = headers['ETag'], headers['Last-Modified']
        self.assertTrue(etag and modified)
        status, _, body = self.daemon.get('/v1/search.atom?' + query, {'If-None-Match': etag})
        self.assertEqual((status, body), (304, b''))
        status, _, _ = self.daemon.get('/v1/search.atom?' + query, {'If-Modified-Since': modified})
        self.assertEqual(status, 304)
        status, _, _ = self.daemon.get('/v1/search.atom?' + query, {'If-None-Match': '"stale"'})
        self.assertEqual(status, 200)

    def test_a_new_document_appears_in_the_feed_once_indexed(self):
        query = 'q=plotki'
        before, headers = self.feed(query)
        self.assertNotIn('feed-test-guide-pl', ' '.join(e.id for e in before.entries))
        new_dir = os.path.join(self.work, 'new')
        os.makedirs(new_dir, exist_ok=True)
        with open(os.path.join(new_dir, 'guide.xml'), 'w', encoding='utf-8') as f:
            f.write(NEW_RECORD)
        bridges_daemon.index(self.db, [new_dir])
        deadline = time.monotonic() + 5
        while True:
            after, after_headers = self.feed(query)
            if after.entries and after.entries[0].id.endswith('/doc/feed-test-guide-pl'):
                break
            self.assertLess(time.monotonic(), deadline, [e.id for e in after.entries])
            time.sleep(0.1)
        self.assertEqual(after.entries[0].title_detail.language, 'pl')
        self.assertNotEqual(after_headers['ETag'], headers['ETag'])
        status, _, _ = self.daemon.get('/v1/search.atom?' + query, {'If-None-Match': headers['ETag']})
        self.assertEqual(status, 200)

    def test_opensearch_description_templates_work(self):
        status, headers, body = self.daemon.get('/opensearch.xml')
        self.assertEqual(status, 200)
        root = ET.fromstring(body)
        self.assertEqual(root.tag, OPENSEARCH + 'OpenSearchDescription')
        urls = {u.get('type'): u.get('template') for u in root.iter(OPENSEARCH + 'Url')}
        for kind in ('text/html', 'application/atom+xml', 'application/json'):
            self.assertIn('{searchTerms}', urls[kind])
            self.assertIn('{language?}', urls[kind])
        atom = urls['application/atom+xml'].replace('{searchTerms}', 'rumores').replace('{language?}', 'es')
        atom = atom.replace('{startPage?}', '1').replace('{count?}', '10')
        parsed = feedparser.parse(self.daemon.get(urllib.parse.urlparse(atom).path + '?' + urllib.parse.urlparse(atom).query)[2])
        self.assertGreater(len(parsed.entries), 0)
        # Every page links the description, so browsers offer to add it.
        page = self.daemon.get('/')[2].decode()
        self.assertIn('rel="search" type="application/opensearchdescription+xml"', page)

    def test_sitemap_lists_every_document_once_with_its_alternates(self):
        status, _, body = self.daemon.get('/sitemap.xml')
        self.assertEqual(status, 200)
        root = ET.fromstring(body)
        self.assertEqual(root.tag, SITEMAP + 'urlset')
        locs = [u.find(SITEMAP + 'loc').text for u in root.iter(SITEMAP + 'url')]
        listed = [urllib.parse.unquote(urllib.parse.urlparse(l).path[len('/doc/'):]) for l in locs]
        expected = corpus_ids() + (['feed-test-guide-pl'] if 'feed-test-guide-pl' in listed else [])
        self.assertEqual(sorted(listed), sorted(expected))
        for url in root.iter(SITEMAP + 'url'):
            loc = url.find(SITEMAP + 'loc').text
            alternates = {a.get('hreflang'): a.get('href') for a in url.iter(XHTML + 'link')}
            if '/doc/anti-rumours-handbook-pl' in loc:
                self.assertIn(loc, alternates.values())
                self.assertGreaterEqual(len(alternates), 8, alternates)
        status, _, robots = self.daemon.get('/robots.txt')
        self.assertIn(b'Sitemap: ' + self.daemon.base.encode() + b'/sitemap.xml', robots)


if __name__ == '__main__':
    unittest.main()
