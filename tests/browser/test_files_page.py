#!/usr/bin/env python3
"""Browser test of attached files on the search page: a hit shows the pages of
its file where the words are ("p. 7"), and following that link opens the PDF
at that page; a hit in a Word file opens the document page at the passage, in
context. Fixtures are made by real producers: Debian's Chromium prints the
PDF, pandoc writes the DOCX. Run by ctest, or from this folder:

    python3 -m unittest -v test_files_page
"""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (  # noqa: E402  (harness re-runs this under Debian's python3 when needed)
    CHROMIUM, INDEX_TIMEOUT, INDEXER, SHOTS, BrowserTestCase, collapse, eventually)

WORD_ON_PAGE_7 = 'quillwort'
FILLER = ('Intercultural cities invite residents of every origin to shape local policy together. '
          'Volunteers train officers to answer rumours with facts, and libraries host open discussions. ') * 6


def print_pdf(html, dest, work):
    """Prints html to dest with headless Chromium."""
    source = os.path.join(work, 'page.html')
    with open(source, 'w', encoding='utf-8') as f:
        f.write(html)
    done = subprocess.run([CHROMIUM, '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
                           '--disable-background-networking', '--disable-component-update', '--disable-sync',
                           '--no-pdf-header-footer', '--user-data-dir=' + os.path.join(work, 'print-profile'),
                           '--print-to-pdf=' + dest, 'file://' + source],
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=INDEX_TIMEOUT)
    if done.returncode != 0 or not os.path.exists(dest):
        raise AssertionError('chromium --print-to-pdf failed: %s' % done.stderr.decode(errors='replace')[-2000:])


def pandoc(markdown, dest):
    done = subprocess.run(['pandoc', '--from', 'markdown', '--output', dest], input=markdown.encode(),
                          capture_output=True, timeout=INDEX_TIMEOUT)
    if done.returncode != 0:
        raise AssertionError('pandoc failed: %s' % done.stderr.decode(errors='replace'))


class FilesPageTest(BrowserTestCase):
    """A reader finds words inside attached files and opens them where they are."""

    @classmethod
    def start_daemon(cls):
        work = cls.work_dir
        corpus = os.path.join(work, 'corpus')
        os.makedirs(os.path.join(corpus, 'files'))
        pages = [FILLER] * 9
        pages[6] = FILLER + ' The %s workshop meets on Thursdays.' % WORD_ON_PAGE_7
        html = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rumour handbook</title>'
                '<style>.page{break-after:page}</style></head><body>' +
                ''.join('<div class="page"><p>%s</p></div>' % p for p in pages) + '</body></html>')
        print_pdf(html, os.path.join(corpus, 'files', 'rumour-handbook.en.pdf'), work)
        sections = ['# Section %d\n\n%s\n' % (i, FILLER) for i in range(1, 9)]
        sections[5] = '# Lantern processions\n\nNeighbours walk with marigold lanterns through the old town.\n'
        pandoc('\n'.join(sections), os.path.join(corpus, 'files', 'walks-guide.docx'))
        with open(os.path.join(corpus, 'records.xml'), 'w', encoding='utf-8') as f:
            f.write('''<?xml version="1.0" encoding="UTF-8"?>
<collection>
  <document id="rumour-handbook-en" work="rumour-handbook" type="handbook" lang="en">
    <title>Rumour handbook</title>
    <summary>How cities answer rumours about migrants.</summary>
    <domains><domain>anti-rumours</domain></domains>
    <year>2018</year>
    <files><file path="files/rumour-handbook.en.pdf" role="full-text"/></files>
  </document>
  <document id="walks-guide-en" work="walks-guide" type="guide" lang="en">
    <title>Guide to neighbourhood walks</title>
    <domains><domain>participation</domain></domains>
    <year>2020</year>
    <files><file path="files/walks-guide.docx" role="full-text" label="Guide (Word)"/></files>
  </document>
</collection>
''')
        db = os.path.join(work, 'db')
        done = subprocess.run([INDEXER, '--quiet', '--db', db, corpus], stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=INDEX_TIMEOUT)
        if done.returncode != 0:
            raise AssertionError('indexing failed (%d): %s' % (done.returncode, done.stderr))
        cls.spawn_searchd(['--db', db])

    @staticmethod
    def screenshot_to(page, name):
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(os.path.join(SHOTS, name + '.png'))

    def test_p7_link_opens_the_pdf_at_page_7(self):
        with self.page('/?q=' + WORD_ON_PAGE_7) as page:
            link = page.locator('.hit .passage-link')
            eventually(lambda: collapse(link.text_content()) == 'p. 7', 'the hit\'s "p. 7" link')
            self.assertEqual(link.get_attribute('aria-label'), 'Page 7 of the file of “Rumour handbook”')
            snippet = page.locator('.hit .passage-snippet mark')
            self.assertEqual(collapse(snippet.text_content()).lower(), WORD_ON_PAGE_7)
            self.screenshot_to(page, 'files-hit-passages')
            link.click()
            eventually(lambda: page.url.endswith('/v1/documents/rumour-handbook-en/files/0#page=7'),
                       'the browser at the file, page 7')
            # The browser shows the PDF itself (its viewer, not a download
            # or an error page).
            eventually(lambda: page.evaluate('return document.contentType') == 'application/pdf',
                       'a PDF document in the tab')

    def test_passage_in_a_word_file_opens_in_context(self):
        with self.page('/?q=marigold') as page:
            link = page.locator('.hit .passage-link')
            eventually(lambda: collapse(link.text_content()).startswith('Passage'), 'the hit\'s passage link')
            href = link.get_attribute('href')
            self.assertTrue(href.startswith('/doc/walks-guide-en?file=0&hl=marigold#passage-0-'), href)
            link.click()
            target = href.split('#')[1]
            eventually(lambda: page.active_id() == target, 'focus on the passage the link named')
            self.assertIn('marigold lanterns', page.text('#' + target))
            self.assertIn('is-target', page.get_attribute('#' + target, 'class'))
            marks = page.locator('#%s mark' % target).all_text_contents()
            self.assertEqual(marks, ['marigold'], 'the words searched for are marked in the file\'s text')
            self.assertEqual(page.text('#file-text-h'), 'Text of walks-guide.docx')
            # Its neighbours are there too: the passage is read in context.
            self.assertGreater(page.locator('.file-passage').count(), 1)
            in_view = page.evaluate('const r = document.getElementById(arguments[0]).getBoundingClientRect();'
                                    'return r.top >= 0 && r.bottom <= innerHeight;', target)
            self.assertTrue(in_view, 'the passage is scrolled into view')
            self.screenshot_to(page, 'files-passage-in-context')

    def test_document_page_lists_its_files(self):
        with self.page('/doc/rumour-handbook-en') as page:
            link = page.locator('#doc-aside .file-link')
            eventually(lambda: collapse(link.text_content()) == 'rumour-handbook.en.pdf', 'the file link')
            self.assertEqual(link.get_attribute('href'), '/v1/documents/rumour-handbook-en/files/0')
            facts = page.text('#doc-aside .file-facts')
            self.assertIn('9 pages', facts)
            self.assertIn('English', facts)


if __name__ == '__main__':
    unittest.main()
