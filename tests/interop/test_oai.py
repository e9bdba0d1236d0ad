"""The OAI-PMH data provider, harvested the way libraries harvest it: with
Debian's OAI-PMH harvester (`oai_pmh` from libhttp-oai-perl) through several
resumption tokens, selectively by set and by date, after a deletion and across
a restart; every protocol error and the structure of every kind of response
checked against the specification (issue 8)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'pylib'))
import bridges_daemon  # noqa: E402

feedparser = bridges_daemon.import_debian_module('feedparser', 'python3-feedparser')

import glob
import json
import re
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.parse
import xml.etree.ElementTree as ET


OAI = '{http://www.openarchives.org/OAI/2.0/}'
OAI_DC = '{http://www.openarchives.org/OAI/2.0/oai_dc/}'
DC = '{http://purl.org/dc/elements/1.1/}'
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
BRIDGES_NS = '{urn:bridges:document:1}'
HARVESTER = '/usr/bin/oai_pmh'
ADMIN = os.environ.get('BRIDGES_ADMIN') or os.path.join(bridges_daemon.SOURCE, 'build', 'bin', 'bridges-admin')
PAGE = 20
SECONDS = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$')
SET_SPEC = re.compile(r"^([A-Za-z0-9\-_.!~*'()])+(:[A-Za-z0-9\-_.!~*'()]+)*$")


def corpus_documents():
    """id -> (lang, element) of every shipped record, read from corpus/ itself."""
    docs = {}
    for path in glob.glob(os.path.join(bridges_daemon.CORPUS, '**', '*.xml'), recursive=True):
        for d in ET.parse(path).getroot().iter('document'):
            docs[d.get('id')] = d
    return docs


def harvest(base, *args):
    """Runs the real harvester; returns [(identifier, datestamp, status)] in order."""
    done = subprocess.run([HARVESTER] + list(args) + [base + '/oai'], capture_output=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise AssertionError('oai_pmh failed (%d): %s' % (done.returncode, done.stderr.decode('utf-8', 'replace')))
    out = done.stdout.decode('utf-8', 'replace')
    records = []
    # Each record: its header as "name: value" lines, then its metadata;
    # records follow each other without a line break.
    for header in re.finditer(r'identifier: (\S+)\ndatestamp: (\S+)\nstatus: ?(\S*)\n', out):
        records.append(header.groups())
    return records


class OaiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for tool in (HARVESTER, ADMIN):
            if not os.path.exists(tool):
                raise AssertionError('%s is missing (libhttp-oai-perl; bridges-admin is built with the project)' % tool)
        cls.work = tempfile.mkdtemp(prefix='bridges-oai-')
        cls.store = os.path.join(cls.work, 'store.sqlite')
        cls.config = os.path.join(cls.work, 'searchd.json')
        with open(cls.config, 'w') as f:
            json.dump({'oai_page_size': PAGE, 'oai_repository_identifier': 'bridges.test'}, f)
        cls.corpus = corpus_documents()
        cls.start()
        token = subprocess.run([ADMIN, 'token', 'create', '--role', 'editor', '--name', 'oai-test', '--store', cls.store],
                               capture_output=True, text=True, timeout=60)
        assert token.returncode == 0, token.stderr
        cls.token = token.stdout.strip().splitlines()[0]

    @classmethod
    def start(cls):
        cls.daemon = bridges_daemon.Daemon(os.path.join(cls.work, 'index'),
                                           ['--store', cls.store, '--seed', bridges_daemon.CORPUS,
                                            '--config', cls.config])

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()
        shutil.rmtree(cls.work, ignore_errors=True)

    # ---- helpers ----------------------------------------------------------

    def oai(self, query, post=False):
        """The parsed response to one request, checked for the envelope every response shares."""
        if post:
            status, headers, body = self.daemon.get('/oai', {'Content-Type': 'application/x-www-form-urlencoded'},
                                                    data=query.encode(), method='POST')
        else:
            status, headers, body = self.daemon.get('/oai?' + query)
        self.assertEqual(status, 200, body[:300])
        self.assertTrue(headers['Content-Type'].startswith('text/xml'))
        root = ET.fromstring(body)
        self.assertEqual(root.tag, OAI + 'OAI-PMH')
        self.assertIn('http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd',
                      root.get('{http://www.w3.org/2001/XMLSchema-instance}schemaLocation'))
        children = list(root)
        self.assertEqual([c.tag for c in children[:2]], [OAI + 'responseDate', OAI + 'request'])
        self.assertRegex(children[0].text, SECONDS)
        self.assertEqual(children[1].text, self.daemon.base + '/oai')
        rest = children[2:]
        self.assertGreater(len(rest), 0)
        errors = [c for c in rest if c.tag == OAI + 'error']
        if errors:
            self.assertEqual(len(errors), len(rest), 'errors come alone')
        else:
            self.assertEqual(len(rest), 1)
        return root

    def error_codes(self, query, post=False):
        root = self.oai(query, post)
        return sorted(e.get('code') for e in root.findall(OAI + 'error')), root.find(OAI + 'request')

    def check_header(self, header):
        self.assertEqual([c.tag for c in header][:2], [OAI + 'identifier', OAI + 'datestamp'])
        self.assertTrue(header.find(OAI + 'identifier').text.startswith('oai:bridges.test:'))
        self.assertRegex(header.find(OAI + 'datestamp').text, SECONDS)
        for spec in header.findall(OAI + 'setSpec'):
            self.assertRegex(spec.text, SET_SPEC)

    def list_all(self, verb, query):
        """Follows resumption tokens by hand; returns (headers, token elements)."""
        headers, tokens = [], []
        root = self.oai('verb=%s&%s' % (verb, query))
        while True:
            body = root.find(OAI + verb)
            self.assertIsNotNone(body, ET.tostring(root)[:400])
            if verb == 'ListRecords':
                headers += [r.find(OAI + 'header') for r in body.findall(OAI + 'record')]
            else:
                headers += body.findall(OAI + 'header')
            token = body.find(OAI + 'resumptionToken')
            if token is None:
                return headers, tokens
            tokens.append(token)
            if not token.text:
                return headers, tokens
            root = self.oai('verb=%s&resumptionToken=%s' % (verb, urllib.parse.quote(token.text)))

    def put(self, record):
        status, _, body = self.daemon.get('/v1/documents/' + record['id'],
                                          {'Authorization': 'Bearer ' + self.token, 'Content-Type': 'application/json'},
                                          data=json.dumps(record).encode(), method='PUT')
        self.assertEqual(status, 200, body)

    # ---- the tests ----------------------------------------------------------

    def test_1_full_harvest_with_a_real_harvester(self):
        records = harvest(self.daemon.base, '--metadataPrefix', 'oai_dc')
        ids = [r[0] for r in records]
        self.assertEqual(len(ids), len(set(ids)), 'a record came twice')
        self.assertEqual(sorted(ids), sorted('oai:bridges.test:' + i for i in self.corpus))
        # Through several resumption tokens: the page size is lowered to PAGE.
        _, tokens = self.list_all('ListIdentifiers', 'metadataPrefix=oai_dc')
        self.assertEqual(len(tokens), (len(self.corpus) + PAGE - 1) // PAGE)
        self.assertEqual([int(t.get('cursor')) for t in tokens], [PAGE * i for i in range(len(tokens))])
        self.assertTrue(all(int(t.get('completeListSize')) == len(self.corpus) for t in tokens))
        self.assertEqual(tokens[-1].text, None, 'the last page closes the list with an empty token')

    def test_2_records_in_both_formats(self):
        root = self.oai('verb=GetRecord&identifier=oai:bridges.test:anti-rumours-handbook-pl&metadataPrefix=oai_dc')
        record = root.find(OAI + 'GetRecord/' + OAI + 'record')
        self.check_header(record.find(OAI + 'header'))
        dc = record.find(OAI + 'metadata/' + OAI_DC + 'dc')
        self.assertIsNotNone(dc)
        for element in dc:
            self.assertTrue(element.tag.startswith(DC), element.tag)
            self.assertTrue(element.get(XML_LANG), 'xml:lang on %s' % element.tag)
        source = self.corpus['anti-rumours-handbook-pl']
        self.assertEqual(dc.find(DC + 'title').text, source.find('title').text)
        self.assertEqual(dc.find(DC + 'title').get(XML_LANG), 'pl')
        self.assertEqual(dc.find(DC + 'language').text, 'pl')
        self.assertEqual(dc.find(DC + 'identifier').text, self.daemon.base + '/doc/anti-rumours-handbook-pl')
        subjects = {(s.text, s.get(XML_LANG)) for s in dc.findall(DC + 'subject')}
        self.assertIn(('Anti-rumours', 'en'), subjects)
        relations = {r.get(XML_LANG): r.text for r in dc.findall(DC + 'relation')}
        self.assertEqual(relations['en'], self.daemon.base + '/doc/anti-rumours-handbook-en')
        self.assertIn('ja', relations)
        # The bridges format: the record itself, valid against the project's schema.
        root = self.oai('verb=GetRecord&identifier=oai:bridges.test:anti-rumours-handbook-pl&metadataPrefix=bridges')
        document = root.find(OAI + 'GetRecord/' + OAI + 'record/' + OAI + 'metadata/' + BRIDGES_NS + 'document')
        self.assertIsNotNone(document)
        self.assertEqual(document.get('id'), 'anti-rumours-handbook-pl')
        path = os.path.join(self.work, 'record.xml')
        with open(path, 'wb') as f:
            f.write(ET.tostring(document))
        valid = subprocess.run(['/usr/bin/xmllint', '--noout', '--schema',
                                os.path.join(bridges_daemon.SOURCE, 'schema', 'oai', 'bridges.xsd'), path],
                               capture_output=True, text=True)
        self.assertEqual(valid.returncode, 0, valid.stderr)
        # The schema it names is served.
        status, _, _ = self.daemon.get('/schema/oai/bridges.xsd')
        self.assertEqual(status, 200)

    def test_3_selective_harvest_by_set(self):
        records = harvest(self.daemon.base, '--metadataPrefix', 'oai_dc', '--set', 'lang:pl')
        expected = sorted('oai:bridges.test:' + i for i, d in self.corpus.items() if d.get('lang') == 'pl')
        self.assertGreater(len(expected), 3)
        self.assertEqual(sorted(r[0] for r in records), expected)
        headers, _ = self.list_all('ListIdentifiers', 'metadataPrefix=oai_dc&set=domain:anti-rumours')
        expected = sorted('oai:bridges.test:' + i for i, d in self.corpus.items()
                          if 'anti-rumours' in [x.text for x in d.iter('domain')])
        self.assertEqual(sorted(h.find(OAI + 'identifier').text for h in headers), expected)
        # A parent set holds its children's records.
        headers, _ = self.list_all('ListIdentifiers', 'metadataPrefix=oai_dc&set=edition')
        expected = sorted('oai:bridges.test:' + i for i, d in self.corpus.items() if d.find('edition') is not None)
        self.assertEqual(sorted(h.find(OAI + 'identifier').text for h in headers), expected)
        sets = [s.find(OAI + 'setSpec').text for s in self.oai('verb=ListSets').iter(OAI + 'set')]
        for spec in ('domain:anti-rumours', 'lang:pl', 'type:handbook', 'network:reci', 'country:ES', 'edition:2024'):
            self.assertIn(spec, sets)
        for spec in sets:
            self.assertRegex(spec, SET_SPEC)

    def test_4_incremental_harvest_by_date_sees_publications_and_deletions(self):
        headers, _ = self.list_all('ListIdentifiers', 'metadataPrefix=oai_dc')
        seed_end = max(h.find(OAI + 'datestamp').text for h in headers)
        time.sleep(1.1)  # datestamps have second granularity
        record = {'id': 'oai-test-guide-en', 'work': 'oai-test-guide', 'type': 'guide', 'lang': 'en',
                  'title': 'A guide published after the seed', 'summary': 'Zanzibarian rumour clinics.',
                  'domains': ['anti-rumours'], 'year': 2026, 'published': '2026-11-20'}
        feed_query = '/v1/search.atom?q=zanzibarian'
        self.assertEqual(feedparser.parse(self.daemon.get(feed_query)[2]).entries, [])
        self.put(record)
        # A feed reader following the search sees the new entry once an editor publishes.
        entries = feedparser.parse(self.daemon.get(feed_query)[2]).entries
        self.assertEqual([e.id for e in entries], [self.daemon.base + '/doc/oai-test-guide-en'])
        self.assertEqual(entries[0].title_detail.language, 'en')
        added = self.oai('verb=GetRecord&identifier=oai:bridges.test:oai-test-guide-en&metadataPrefix=oai_dc')
        stamp = added.find('.//' + OAI + 'datestamp').text
        self.assertGreater(stamp, seed_end)
        records = harvest(self.daemon.base, '--metadataPrefix', 'oai_dc', '--from', stamp)
        self.assertEqual([r[0] for r in records], ['oai:bridges.test:oai-test-guide-en'])
        # until, at second and at day granularity.
        until_seed = harvest(self.daemon.base, '--metadataPrefix', 'oai_dc', '--until', seed_end)
        self.assertEqual(len(until_seed), len(self.corpus))
        headers, _ = self.list_all('ListIdentifiers', 'metadataPrefix=oai_dc&from=%s&until=%s' % (stamp[:10], stamp[:10]))
        self.assertIn('oai:bridges.test:oai-test-guide-en', [h.find(OAI + 'identifier').text for h in headers])
        # The changes feed lists it as added; anyone may read it.
        self.assertEqual(self.changes_feed(stamp), {'oai-test-guide-en': 'added'})

        time.sleep(1.1)
        seeded_fi = sorted(i for i, d in self.corpus.items() if d.get('lang') == 'fi')[0]
        for doc_id in ('oai-test-guide-en', seeded_fi):
            status, _, body = self.daemon.get('/v1/documents/' + doc_id, {'Authorization': 'Bearer ' + self.token},
                                              method='DELETE')
            self.assertEqual(status, 200, body)
        deleted = self.oai('verb=GetRecord&identifier=oai:bridges.test:oai-test-guide-en&metadataPrefix=oai_dc')
        header = deleted.find('.//' + OAI + 'header')
        self.assertEqual(header.get('status'), 'deleted')
        self.assertIsNone(deleted.find('.//' + OAI + 'metadata'))
        later = header.find(OAI + 'datestamp').text
        self.assertGreater(later, stamp)
        records = harvest(self.daemon.base, '--metadataPrefix', 'oai_dc', '--from', later)
        self.assertEqual(sorted((r[0], r[2]) for r in records),
                         sorted([('oai:bridges.test:oai-test-guide-en', 'deleted'), ('oai:bridges.test:' + seeded_fi, 'deleted')]))
        # Added then removed since `stamp`: only the seeded document counts as removed.
        self.assertEqual(self.changes_feed(stamp), {seeded_fi: 'removed'})
        type(self).corpus = {i: d for i, d in self.corpus.items() if i != seeded_fi}

    def changes_feed(self, since):
        """{document id: kind} of /v1/changes.atom?since=…, after checking its validators."""
        ATOM = '{http://www.w3.org/2005/Atom}'
        status, headers, body = self.daemon.get('/v1/changes.atom?since=' + urllib.parse.quote(since))
        self.assertEqual(status, 200, body[:300])
        self.assertTrue(headers['Content-Type'].startswith('application/atom+xml'))
        status, _, _ = self.daemon.get('/v1/changes.atom?since=' + urllib.parse.quote(since),
                                       {'If-None-Match': headers['ETag']})
        self.assertEqual(status, 304)
        feed = ET.fromstring(body)
        self.assertEqual(feed.tag, ATOM + 'feed')
        out = {}
        for entry in feed.findall(ATOM + 'entry'):
            link = entry.find(ATOM + 'link').get('href')
            out[link.rsplit('/doc/', 1)[1]] = entry.find(ATOM + 'category').get('term')
        return out

    def test_5_a_token_taken_before_a_restart_works_after_it(self):
        first = self.oai('verb=ListIdentifiers&metadataPrefix=oai_dc&set=lang:en')
        body = first.find(OAI + 'ListIdentifiers')
        seen = [h.find(OAI + 'identifier').text for h in body.findall(OAI + 'header')]
        token = body.find(OAI + 'resumptionToken').text
        self.assertTrue(token)
        type(self).daemon.stop()
        type(self).start()
        root = self.oai('verb=ListIdentifiers&resumptionToken=' + urllib.parse.quote(token))
        while True:
            body = root.find(OAI + 'ListIdentifiers')
            self.assertIsNotNone(body, ET.tostring(root)[:300])
            seen += [h.find(OAI + 'identifier').text for h in body.findall(OAI + 'header')]
            token = body.find(OAI + 'resumptionToken')
            if token is None or not token.text:
                break
            root = self.oai('verb=ListIdentifiers&resumptionToken=' + urllib.parse.quote(token.text))
        expected = sorted('oai:bridges.test:' + i for i, d in self.corpus.items() if d.get('lang') == 'en')
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(sorted(i for i in seen if i != 'oai:bridges.test:oai-test-guide-en'), expected)

    def test_6_every_error_condition(self):
        cases = [
            ('', ['badVerb']),
            ('verb=Frobnicate', ['badVerb']),
            ('verb=Identify&verb=Identify', ['badVerb']),
            ('verb=Identify&extra=1', ['badArgument']),
            ('verb=ListRecords', ['badArgument']),
            ('verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc', ['badArgument']),
            ('verb=ListRecords&metadataPrefix=oai_dc&from=2024-13-01', ['badArgument']),
            ('verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-06-01T00:00:00Z', ['badArgument']),
            ('verb=ListRecords&metadataPrefix=oai_dc&from=2025-01-01&until=2024-01-01', ['badArgument']),
            ('verb=ListRecords&resumptionToken=abc&metadataPrefix=oai_dc', ['badArgument']),
            ('verb=GetRecord&identifier=oai:bridges.test:anti-rumours-handbook-en', ['badArgument']),
            ('verb=ListRecords&metadataPrefix=marc21', ['cannotDisseminateFormat']),
            ('verb=GetRecord&identifier=oai:bridges.test:anti-rumours-handbook-en&metadataPrefix=mods', ['cannotDisseminateFormat']),
            ('verb=GetRecord&identifier=oai:bridges.test:no-such-document&metadataPrefix=oai_dc', ['idDoesNotExist']),
            ('verb=GetRecord&identifier=oai:elsewhere.org:anti-rumours-handbook-en&metadataPrefix=oai_dc', ['idDoesNotExist']),
            ('verb=ListMetadataFormats&identifier=oai:bridges.test:no-such-document', ['idDoesNotExist']),
            ('verb=ListRecords&metadataPrefix=oai_dc&from=2099-01-01', ['noRecordsMatch']),
            ('verb=ListIdentifiers&metadataPrefix=oai_dc&set=lang:xx', ['noRecordsMatch']),
            ('verb=ListRecords&resumptionToken=not-a-token', ['badResumptionToken']),
            ('verb=ListSets&resumptionToken=anything', ['badResumptionToken']),
        ]
        for query, expected in cases:
            with self.subTest(query=query):
                codes, request = self.error_codes(query)
                self.assertEqual(sorted(set(codes)), expected)
                if expected[0] in ('badVerb', 'badArgument'):
                    self.assertEqual(request.attrib, {}, 'badVerb and badArgument echo the base URL only')
                else:
                    self.assertEqual(request.get('verb'), dict(urllib.parse.parse_qsl(query))['verb'])
        # A token for one verb is refused by another.
        body = self.oai('verb=ListIdentifiers&metadataPrefix=oai_dc').find(OAI + 'ListIdentifiers')
        token = body.find(OAI + 'resumptionToken').text
        codes, _ = self.error_codes('verb=ListRecords&resumptionToken=' + urllib.parse.quote(token))
        self.assertEqual(codes, ['badResumptionToken'])
        # POST carries the same protocol.
        codes, _ = self.error_codes('verb=Frobnicate', post=True)
        self.assertEqual(codes, ['badVerb'])

    def test_7_structure_of_every_kind_of_response(self):
        root = self.oai('verb=Identify', post=True)
        identify = root.find(OAI + 'Identify')
        self.assertEqual([c.tag[len(OAI):] for c in identify][:7],
                         ['repositoryName', 'baseURL', 'protocolVersion', 'adminEmail', 'earliestDatestamp',
                          'deletedRecord', 'granularity'])
        self.assertEqual(identify.find(OAI + 'protocolVersion').text, '2.0')
        self.assertEqual(identify.find(OAI + 'deletedRecord').text, 'persistent')
        self.assertEqual(identify.find(OAI + 'granularity').text, 'YYYY-MM-DDThh:mm:ssZ')
        self.assertRegex(identify.find(OAI + 'earliestDatestamp').text, SECONDS)

        formats = self.oai('verb=ListMetadataFormats').find(OAI + 'ListMetadataFormats')
        for f in formats.findall(OAI + 'metadataFormat'):
            self.assertEqual([c.tag[len(OAI):] for c in f], ['metadataPrefix', 'schema', 'metadataNamespace'])
        self.assertEqual(sorted(f.find(OAI + 'metadataPrefix').text for f in formats), ['bridges', 'oai_dc'])
        prefixes = self.oai('verb=ListMetadataFormats&identifier=oai:bridges.test:anti-rumours-handbook-en')
        self.assertEqual(len(prefixes.findall('.//' + OAI + 'metadataFormat')), 2)

        for s in self.oai('verb=ListSets').iter(OAI + 'set'):
            self.assertEqual([c.tag[len(OAI):] for c in s], ['setSpec', 'setName'])

        records = self.oai('verb=ListRecords&metadataPrefix=oai_dc').find(OAI + 'ListRecords')
        for r in records.findall(OAI + 'record'):
            self.assertEqual([c.tag[len(OAI):] for c in r], ['header', 'metadata'])
            self.check_header(r.find(OAI + 'header'))
        self.assertEqual(list(records)[-1].tag, OAI + 'resumptionToken')
        identifiers = self.oai('verb=ListIdentifiers&metadataPrefix=bridges', post=True).find(OAI + 'ListIdentifiers')
        for h in identifiers.findall(OAI + 'header'):
            self.check_header(h)
        request = self.oai('verb=ListIdentifiers&metadataPrefix=bridges&set=lang:pl').find(OAI + 'request')
        self.assertEqual(request.attrib, {'verb': 'ListIdentifiers', 'metadataPrefix': 'bridges', 'set': 'lang:pl'})


if __name__ == '__main__':
    unittest.main()
