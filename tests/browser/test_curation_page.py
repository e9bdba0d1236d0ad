#!/usr/bin/env python3
"""Browser test of the curator's pages (searchd/web/curate.js): sign-in, the
edit form, drafts, publishing and the changes since an edition.

It starts the real bridges-searchd with a real curation store seeded from the
corpus, makes a curator's and an editor's token with the real bridges-admin,
and drives Debian's Chromium as test_search_page.py does (harness.py). Each
scenario edits its own documents, so the scenarios do not depend on each
other's order. Run by ctest (see tests/CMakeLists.txt), or by hand from this
folder:

    python3 -m unittest -v test_curation_page

The environment and the Debian packages are those of harness.py.
"""
import os
import re
import subprocess
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (  # noqa: E402  (harness re-runs this under Debian's python3 when needed)
    ADMIN, CORPUS, PHONE, SHOTS, WEB_ROOT, BrowserTestCase, collapse, eventually, path_and_query)

EDITION = '2024'


def quoted(path):
    return urllib.parse.quote(path, safe="-_.!~*'()")


class CurationPageTest(BrowserTestCase):
    """A curator and an editor at work in Chromium, against bridges-searchd
    with a store."""

    REQUIRED = BrowserTestCase.REQUIRED + [('bridges-admin', ADMIN), ('corpus', CORPUS)]
    curator = None
    editor = None

    @classmethod
    def start_daemon(cls):
        store = os.path.join(cls.work_dir, 'store.sqlite')
        cls.curator = cls.make_token(store, 'curator', 'carla')
        cls.editor = cls.make_token(store, 'editor', 'edith')
        cls.spawn_searchd(['--db', os.path.join(cls.work_dir, 'index'), '--store', store, '--seed', CORPUS])
        # The seeded corpus is the edition's content: "changes since 2024"
        # are the scenarios' own.
        status, _, body = cls.call(cls, '/v1/editions', 'POST', cls.editor, {'name': EDITION, 'date': '2024-10-15'})
        if status != 200:
            raise AssertionError('recording the edition failed (%d): %s' % (status, body))

    @staticmethod
    def make_token(store, role, name):
        made = subprocess.run([ADMIN, 'token', 'create', '--role', role, '--name', name, '--store', store],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
        if made.returncode != 0:
            raise AssertionError('bridges-admin failed (%d): %s' % (made.returncode, made.stderr))
        return made.stdout.split('\n')[0].strip()

    # ----- the API, as another client -----

    def record(self, doc_id, token=None):
        """The newest revision (with a token) or the published record, without
        what the API adds to it."""
        doc = self.api('/v1/documents/%s%s' % (quoted(doc_id), '?include=drafts' if token else ''), token=token)
        return {k: v for k, v in doc.items() if k not in ('translations', 'related', 'curation')}, doc.get('curation')

    def put(self, token, doc_id, changes, base=None):
        """Changes a document through the API as someone else would; returns the write."""
        record, state = self.record(doc_id, self.editor) if base is None else (base, None)
        record = dict(record, **changes)
        record['cities'] = [c['id'] if isinstance(c, dict) else c for c in record.get('cities', [])]
        headers = {'If-Match': '"%d"' % state['revision']} if state else {}
        return self.api('/v1/documents/' + quoted(doc_id), 'PUT', token, record, headers)

    def drafts(self):
        return self.api('/v1/search?include=drafts&per_page=1&facets=false', token=self.curator)['drafts']

    def search_total(self, q):
        return self.api('/v1/search?' + urllib.parse.urlencode({'q': q}))['total']

    # ----- the page -----

    def sign_in(self, page, token, name, role, locale_role=None):
        page.goto('/?view=signin')
        page.locator('#signin-token').fill(token)
        page.click('#signin-submit')
        eventually(lambda: page.text('.curator-who') == 'Signed in as %s (%s)' % (name, locale_role or role),
                   'the curator bar naming %s' % name)

    def open_editor(self, page, doc_id):
        page.goto('/doc/%s?view=edit' % quoted(doc_id))
        page.locator('#edit-form').wait_for()
        eventually(lambda: page.locator('#f-id').input_value() == doc_id, 'the form of %s' % doc_id)

    @staticmethod
    def flash(page):
        page.locator('#flash').wait_for()
        return page.text('#flash')

    @staticmethod
    def listed_ids(page, selector):
        return page.evaluate("return [...document.querySelectorAll(arguments[0])].map((li) => li.dataset.id);", selector)

    def screenshot(self, page, name):
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(os.path.join(SHOTS, name + '.png'))

    # ---------- tests ----------

    def test_01_strings_and_assets(self):
        """curator strings exist in every interface language, every key curate.js names exists,
        and readers' pages never load the curator's files"""
        with open(os.path.join(WEB_ROOT, 'i18n-curate.js'), encoding='utf-8') as f:
            code = f.read()
        with open(os.path.join(WEB_ROOT, 'curate.js'), encoding='utf-8') as f:
            curate = f.read()
        with self.page(None) as page:
            strings = page.evaluate("const w = {BridgesI18n: {STRINGS: {en: {}, fr: {}}}};"
                                    "new Function('window', arguments[0])(w); return w.BridgesI18n.CURATE_STRINGS;", code)
        self.assertEqual(sorted(strings), ['en', 'fr'])
        for lang in strings:
            missing = [k for k in strings['en'] if not strings[lang].get(k)]
            self.assertEqual(missing, [], 'curator strings missing in %s' % lang)
        named = set(re.findall(r"\bt\('([A-Za-z0-9_]*[A-Za-z0-9])'[,)]", curate))  # not the t('prefix_' + x) ones
        with open(os.path.join(WEB_ROOT, 'i18n.js'), encoding='utf-8') as f:
            reader_keys = set(re.findall(r"^\s+([A-Za-z0-9_]+): '", f.read(), re.M))
        self.assertEqual(sorted(named - set(strings['en']) - reader_keys), [], 'keys curate.js uses that no file defines')
        for name in ['curate.js', 'i18n-curate.js', 'curate.css']:
            with open(os.path.join(WEB_ROOT, name), encoding='utf-8') as f:
                self.assertNotRegex(f.read(), r'''(src|href)=["']?(https?:)?//|@import|url\(["']?https?:''', name)

        with self.page('/doc/intercultural-profile-riga-en') as page:
            eventually(lambda: page.text('#doc-view h1') != '', 'the document page')
            self.assertTrue(page.locator('#signin-link').is_visible(), 'readers see the sign-in entry')
            self.assertEqual(page.text('#signin-link'), 'Curator sign-in')
            self.assertFalse(page.locator('#curator-bar').is_visible())
            self.assertEqual(page.locator('#curation-h').count(), 0, 'no curation panel for readers')
            self.assertEqual(page.locator('#edit-link').count(), 0)
            loaded = page.evaluate("return performance.getEntriesByType('resource').map((e) => e.name);")
            self.assertEqual([u for u in loaded if 'curate' in u], [], 'readers load no curator file')

    def test_02_sign_in_and_out(self):
        """a bad token is refused beside the field; a curator's token signs in for this tab only; sign-out forgets it"""
        with self.page('/doc/intercultural-profile-riga-en') as page:
            page.locator('#signin-link').click()
            eventually(lambda: page.query().get('view') == 'signin', 'the sign-in page')
            self.assertEqual(page.query().get('next'), '/doc/intercultural-profile-riga-en', 'it comes back here')
            eventually(lambda: page.active_id() == 'curate-title', 'focus on the sign-in heading')
            self.assertEqual(page.text('#curate-title'), 'Curator sign-in')
            self.assertEqual(page.text('label[for="signin-token"]'), 'Token')

            page.locator('#signin-token').fill('bridges_' + '0' * 64)
            page.click('#signin-submit')
            eventually(lambda: page.locator('#field-token-error').is_visible(), 'the error beside the token')
            self.assertEqual(page.text('#field-token-error'), 'Error: This token was not accepted: the token is not valid.')
            self.assertEqual(page.get_attribute('#signin-token', 'aria-invalid'), 'true')
            self.assertIn('field-token-error', page.get_attribute('#signin-token', 'aria-describedby').split())
            self.assertEqual(page.active_id(), 'signin-token', 'focus back on the token')
            self.assertIsNone(page.evaluate("return sessionStorage.getItem('bridges.token');"))

            page.locator('#signin-token').fill(self.curator)
            page.click('#signin-submit')
            eventually(lambda: path_and_query(page.url) == '/doc/intercultural-profile-riga-en', 'back on the document')
            self.assertEqual(self.flash(page), 'Signed in as carla (curator).')
            eventually(lambda: page.active_id() == 'flash', 'focus on the message')
            self.assertEqual(page.text('.curator-who'), 'Signed in as carla (curator)')
            self.assertEqual(page.locator('#signin-link').is_visible(), False)
            self.assertEqual(page.evaluate("return sessionStorage.getItem('bridges.token');"), self.curator)
            self.assertEqual(page.evaluate("return localStorage.length;"), 0, 'the token is kept in this tab only')
            page.locator('#edit-link').wait_for()
            self.assertEqual(page.locator('#publish-button').count(), 0, 'a curator cannot publish')
            self.assertEqual(page.locator('#delete-button').count(), 0, 'a curator cannot delete')
            self.assertEqual(page.locator('#nav-new').count(), 1)

            page.click('#sign-out')
            eventually(lambda: self.flash(page) == 'You are signed out.', 'the signed-out message')
            self.assertFalse(page.locator('#curator-bar').is_visible())
            self.assertIsNone(page.evaluate("return sessionStorage.getItem('bridges.token');"))
            eventually(lambda: page.locator('#edit-link').count() == 0, 'the curator controls to go')
            self.assertTrue(page.locator('#signin-link').is_visible())

    def test_03_curator_saves_a_draft(self):
        """the form shows every field of the record; a curator's save is a draft that the API shows and readers' search does not"""
        doc_id = 'intercultural-profile-tampere-en'
        before, state = self.record(doc_id, self.curator)
        with self.page() as page:
            self.sign_in(page, self.curator, 'carla', 'curator')
            page.goto('/doc/' + doc_id)
            page.locator('#edit-link').click()
            eventually(lambda: page.query().get('view') == 'edit', 'the edit form')
            page.locator('#edit-form').wait_for()
            eventually(lambda: page.active_id() == 'curate-title', 'focus on the form heading')
            # Every field holds the record's value.
            self.assertEqual(page.locator('#f-title').input_value(), before['title'])
            self.assertEqual(page.locator('#f-summary').input_value(), before['summary'])
            self.assertEqual(page.locator('#f-type').input_value(), before['type'])
            self.assertEqual(page.locator('#f-lang').input_value(), before['lang'])
            self.assertEqual(page.locator('#f-status').input_value(), before['status'])
            self.assertEqual(page.locator('#f-year').input_value(), str(before['year']))
            self.assertEqual(page.locator('#f-work').input_value(), before['work'])
            self.assertEqual(page.get_attribute('#f-id', 'readonly'), '')
            checked = page.evaluate("return [...document.querySelectorAll('input[name=\"f-domains\"]:checked')].map((c) => c.value);")
            self.assertEqual(sorted(checked), sorted(before['domains']))
            tags = page.evaluate("return [...document.querySelectorAll('#f-cities-list li')].map((li) => li.dataset.value);")
            self.assertEqual(tags, [c['id'] for c in before['cities']])
            self.assertEqual(page.locator('.section-edit').count(), len(before['body']))
            self.assertEqual(page.locator('#f-body-0-heading').input_value(), before['body'][0].get('heading', ''))
            self.assertEqual(page.locator('#f-body-0-paragraphs').input_value(), '\n\n'.join(before['body'][0]['paragraphs']))
            self.assertEqual(page.text('#edit-save'), 'Save as draft')
            self.assertEqual(page.text('label[for="f-title"]'), 'Title (required)')

            # Change the title, add a city with the keyboard (Enter adds, it does not submit) and a domain.
            page.locator('#f-title').fill('Tampere intercultural profile, quokkaville edition')
            page.locator('#f-cities-add').fill('Turku')
            page.keyboard_press('Enter')
            eventually(lambda: 'turku' in page.evaluate(
                "return [...document.querySelectorAll('#f-cities-list li')].map((li) => li.dataset.value);"), 'Turku added')
            self.assertEqual(page.query().get('view'), 'edit', 'Enter in the city box does not submit the form')
            page.click('input[name="f-domains"][value="youth"]')
            page.click('#edit-save')

            eventually(lambda: path_and_query(page.url) == '/doc/' + doc_id, 'the document page after saving')
            self.assertEqual(self.flash(page), 'Saved as draft revision %d. Readers still see revision %d until an editor publishes it.'
                             % (state['revision'] + 1, state['published_revision']))
            eventually(lambda: page.active_id() == 'flash', 'focus on the message')
            eventually(lambda: page.text('#doc-view h1') == 'Tampere intercultural profile, quokkaville edition', 'the draft shown to its curator')
            page.locator('#draft-notice').wait_for()
            self.screenshot(page, 'curation-draft-saved')

        after, after_state = self.record(doc_id, self.curator)
        self.assertEqual(after_state['draft_revision'], state['revision'] + 1)
        self.assertEqual(after['title'], 'Tampere intercultural profile, quokkaville edition')
        self.assertEqual([c['id'] for c in after['cities']], [c['id'] for c in before['cities']] + ['turku'])
        self.assertEqual(sorted(after['domains']), sorted(before['domains'] + ['youth']))
        for field in ['summary', 'body', 'type', 'lang', 'work', 'year', 'url', 'organisations', 'countries', 'networks', 'published']:
            self.assertEqual(after.get(field), before.get(field), '%s is kept as it was' % field)
        self.assertEqual(self.record(doc_id)[0]['title'], before['title'], 'readers still get the published record')
        self.assertEqual(self.search_total('quokkaville'), 0, "readers' search does not find the draft")
        self.assertIn(doc_id, [d['id'] for d in self.drafts()])

    def test_04_field_errors(self):
        """invalid values come back as the API's errors beside their fields, with a summary that takes the focus"""
        doc_id = 'intercultural-profile-vaasa-en'
        before, state = self.record(doc_id, self.curator)
        cities = [c['id'] for c in before['cities']]

        def refused(changes):
            """What the API says about these very mistakes: {field: reason}."""
            status, _, body = self.call('/v1/documents/' + doc_id, 'PUT', self.curator, dict(dict(before, cities=cities), **changes))
            self.assertEqual(status, 422)
            return {e['field']: e['reason'] for e in body['error']['errors']}
        no_title = refused({'title': ''})
        out_of_range = refused({'year': 1850, 'cities': cities + ['Atlantis']})
        self.assertEqual(sorted(no_title), ['title'])
        self.assertEqual(sorted(out_of_range), ['cities/1', 'year'])

        def expect_errors(page, reasons, controls):
            page.locator('#error-summary').wait_for()
            eventually(lambda: page.active_id() == 'error-summary', 'focus on the error summary')
            links = page.evaluate("return [...document.querySelectorAll('#error-summary a')].map((a) => [a.getAttribute('href'), a.textContent]);")
            self.assertEqual(sorted(links), sorted(['#' + controls[path], '%s: %s' % (name, reasons[path])]
                                                   for path, name in [('title', 'Title'), ('year', 'Year'), ('cities/1', 'Cities')]
                                                   if path in reasons))
            for path, control in controls.items():
                field = path.split('/')[0]
                if path in reasons:
                    self.assertEqual(page.text('#field-%s-error' % field), 'Error: ' + reasons[path])
                    self.assertEqual(page.get_attribute('#' + control, 'aria-invalid'), 'true', control)
                    self.assertIn('field-%s-error' % field, page.get_attribute('#' + control, 'aria-describedby').split())
                else:
                    self.assertIsNone(page.get_attribute('#' + control, 'aria-invalid'), control)
                    self.assertFalse(page.locator('#field-%s-error' % field).is_visible())

        controls = {'title': 'f-title', 'year': 'f-year', 'cities/1': 'f-cities-add'}
        with self.page() as page:
            self.sign_in(page, self.curator, 'carla', 'curator')
            self.open_editor(page, doc_id)
            page.locator('#f-title').fill('')
            page.click('#edit-save')
            expect_errors(page, no_title, controls)
            self.assertEqual(page.text('#error-summary h2'), 'The document was not saved: fix 1 problem')

            page.locator('#f-title').fill(before['title'])
            page.locator('#f-year').fill('1850')
            page.locator('#f-cities-add').fill('Atlantis')
            page.keyboard_press('Enter')
            page.click('#edit-save')
            eventually(lambda: page.get_attribute('#f-year', 'aria-invalid') == 'true', 'the second round of errors')
            expect_errors(page, out_of_range, controls)
            self.assertEqual(page.text('#error-summary h2'), 'The document was not saved: fix 2 problems')
            self.assertEqual(page.get_attribute('#f-year', 'aria-describedby').split()[0], 'f-year-hint', 'the hint is still read')
            self.assertEqual(page.locator('#f-cities-list li.is-invalid').get_attribute('data-value'), 'Atlantis')
            self.assertEqual(page.locator('#error-summary').count(), 1)
            self.screenshot(page, 'curation-field-errors')

            # A summary link leads to its field.
            page.locator('#error-summary a[href="#f-year"]').click()
            eventually(lambda: page.active_id() == 'f-year', 'the year field focused from the summary')
            self.assertEqual(page.query().get('view'), 'edit')

            # Fixed, the change is saved.
            page.locator('#f-year').fill('2023')
            page.locator('#f-cities-list li[data-value="Atlantis"] button').click()
            page.click('#edit-save')
            eventually(lambda: path_and_query(page.url) == '/doc/' + doc_id, 'saved once fixed')
        after, after_state = self.record(doc_id, self.curator)
        self.assertEqual(after['year'], 2023)
        self.assertEqual(after_state['revision'], state['revision'] + 1, 'the refused saves stored nothing')

    def test_05_conflict(self):
        """a change saved by someone else between loading and saving is reported, with a way to load it"""
        doc_id = 'intercultural-profile-riga-en'
        with self.page() as page:
            self.sign_in(page, self.curator, 'carla', 'curator')
            self.open_editor(page, doc_id)
            _, state = self.record(doc_id, self.curator)
            self.put(self.editor, doc_id, {'title': 'Riga: intercultural profile (changed elsewhere)'})
            page.locator('#f-summary').fill('My own summary, written meanwhile.')
            # Unsaved changes hold a link back until the curator chooses to leave.
            page.click('#nav-drafts')
            page.locator('#confirm-dialog').wait_for()
            self.assertEqual(page.text('#confirm-h'), 'Leave without saving?')
            page.click('#confirm-no')
            eventually(lambda: page.locator('#confirm-dialog').count() == 0, 'the dialog to close')
            self.assertEqual(page.query().get('view'), 'edit', 'still on the form')
            page.click('#edit-save')
            page.locator('#form-notice').wait_for()
            eventually(lambda: page.active_id() == 'form-notice', 'focus on the conflict')
            self.assertEqual(page.text('#form-notice h2'), 'Someone else changed this document')
            self.assertIn('after you opened revision %d' % state['revision'], page.text('#form-notice'))
            self.assertEqual(page.locator('#f-summary').input_value(), 'My own summary, written meanwhile.', 'the edits stay in the form')
            self.assertIn('from=%d' % state['revision'], page.get_attribute('#conflict-compare', 'href'))
            self.assertEqual(self.record(doc_id, self.curator)[0]['title'], 'Riga: intercultural profile (changed elsewhere)',
                             'nothing was overwritten')
            page.click('#conflict-reload')
            eventually(lambda: page.locator('#f-title').input_value() == 'Riga: intercultural profile (changed elsewhere)',
                       'their version in the form')
            self.assertIn('revision %d' % (state['revision'] + 1), page.text('#editing-note'))
            page.locator('#f-summary').fill('My own summary, on top of theirs.')
            page.click('#edit-save')
            eventually(lambda: path_and_query(page.url) == '/doc/' + doc_id, 'saved on top of their version')
        after, _ = self.record(doc_id, self.curator)
        self.assertEqual((after['title'], after['summary']),
                         ('Riga: intercultural profile (changed elsewhere)', 'My own summary, on top of theirs.'))

    def test_06_editor_publishes_archives_deletes(self):
        """an editor publishes a draft from the drafts list and the change becomes searchable; archive and delete ask first"""
        doc_id = 'intercultural-profile-kuopio-en'
        self.put(self.curator, doc_id, {'title': 'Kuopio intercultural profile with zebrafinch notes'})
        self.assertEqual(self.search_total('zebrafinch'), 0)
        with self.page() as page:
            self.sign_in(page, self.editor, 'edith', 'editor')
            page.goto('/?view=drafts')
            page.locator('#drafts-list').wait_for()
            self.assertIn(doc_id, self.listed_ids(page, '#drafts-list > li'))
            button = page.locator('#drafts-list li[data-id="%s"] button' % doc_id)
            self.assertEqual(button.get_attribute('aria-label'), 'Publish “Kuopio intercultural profile with zebrafinch notes”')
            button.click()
            eventually(lambda: self.flash(page).startswith('“Kuopio intercultural profile with zebrafinch notes” is published'),
                       'the published message')
            eventually(lambda: page.active_id() == 'flash', 'focus on the message')
            eventually(lambda: doc_id not in self.listed_ids(page, '#drafts-list > li'), 'the draft to leave the list')
            self.assertEqual(self.search_total('zebrafinch'), 1, 'the change is searchable')
            self.assertNotIn(doc_id, [d['id'] for d in self.drafts()])

            # Archive: a dialog asks; Escape keeps the document as it is.
            page.goto('/doc/' + doc_id)
            page.locator('#archive-button').click()
            page.locator('#confirm-dialog').wait_for()
            self.assertEqual(page.active_id(), 'confirm-no', 'the safe choice has the focus')
            self.assertEqual(page.text('#confirm-h'), 'Archive “Kuopio intercultural profile with zebrafinch notes”?')
            page.keyboard_press('Escape')
            eventually(lambda: page.locator('#confirm-dialog').count() == 0, 'the dialog to close')
            self.assertEqual(page.active_id(), 'archive-button', 'focus back on the button')
            self.assertEqual(self.record(doc_id)[0]['status'], 'current')
            page.locator('#archive-button').click()
            page.click('#confirm-yes')
            eventually(lambda: self.flash(page).startswith('“Kuopio intercultural profile with zebrafinch notes” is archived'),
                       'the archived message')
            self.assertEqual(self.record(doc_id)[0]['status'], 'archived')
            eventually(lambda: 'Archived' in page.text('#curation-state'), 'the archived state')

            page.locator('#delete-button').click()
            page.click('#confirm-yes')
            eventually(lambda: self.flash(page) == '“Kuopio intercultural profile with zebrafinch notes” is deleted.', 'the deleted message')
            status, _, _ = self.call('/v1/documents/' + doc_id)
            self.assertEqual(status, 404, 'readers no longer find it')
            eventually(lambda: page.text('#draft-notice').startswith('Deleted on'), 'the deleted state')
            self.assertEqual(page.locator('#edit-link').count(), 0)

    def test_07_new_document_and_drafts_list(self):
        """a curator creates a document; the drafts list shows exactly the API's drafts and links to each draft's page"""
        doc_id = 'tampere-welcome-desk-en'
        with self.page() as page:
            self.sign_in(page, self.curator, 'carla', 'curator')
            page.click('#nav-new')
            eventually(lambda: page.query().get('view') == 'new', 'the new document form')
            page.locator('#edit-form').wait_for()
            self.assertIsNone(page.get_attribute('#f-id', 'readonly'))
            page.locator('#f-id').fill(doc_id)
            page.locator('#f-work').fill('tampere-welcome-desk')
            page.select_option('#f-type', 'good-practice')
            page.locator('#f-lang').fill('en')
            page.locator('#f-title').fill('Welcome desk for newcomers in Tampere')
            page.locator('#f-summary').fill('A one-stop desk where newcomers find advice on housing, work and language courses.')
            page.click('#f-body-add')
            eventually(lambda: page.active_id() == 'f-body-0-heading', 'focus on the new section')
            page.locator('#f-body-0-heading').fill('How it works')
            page.locator('#f-body-0-paragraphs').fill('Advisers meet newcomers.\n\nThe library hosts it.')
            page.locator('#f-cities-add').fill('Tampere')
            page.click('#f-cities-add-button')
            page.locator('#f-countries-add').fill('fi')
            page.keyboard_press('Enter')
            page.click('input[name="f-domains"][value="welcoming"]')
            page.click('#edit-save')
            eventually(lambda: path_and_query(page.url) == '/doc/' + doc_id, 'the new document page')
            self.assertEqual(self.flash(page), 'Saved as draft revision 1. Readers cannot find this document until an editor publishes it.')
            self.assertEqual(page.text('#doc-view h1'), 'Welcome desk for newcomers in Tampere')
            self.assertEqual(page.text('#curation-state'), 'Not published yet: draft revision 1 waits for an editor.')

            page.click('#nav-drafts')
            page.locator('#drafts-list').wait_for()
            expected = self.drafts()
            self.assertEqual(sorted(self.listed_ids(page, '#drafts-list > li')), sorted(d['id'] for d in expected))
            self.assertEqual(page.text('#drafts-count'), '%d drafts' % len(expected))
            self.assertEqual(page.get_attribute('#nav-drafts', 'aria-current'), 'page')
            self.assertEqual(page.locator('#drafts-list button').count(), 0, 'curators cannot publish')
            page.locator('#drafts-list li[data-id="%s"] h2 a' % doc_id).click()
            eventually(lambda: page.text('#doc-view h1') == 'Welcome desk for newcomers in Tampere', "the draft's page")
        created, state = self.record(doc_id, self.curator)
        self.assertEqual(created, {
            'id': doc_id, 'work': 'tampere-welcome-desk', 'type': 'good-practice', 'lang': 'en', 'status': 'current',
            'title': 'Welcome desk for newcomers in Tampere',
            'summary': 'A one-stop desk where newcomers find advice on housing, work and language courses.',
            'body': [{'heading': 'How it works', 'paragraphs': ['Advisers meet newcomers.', 'The library hosts it.']}],
            'domains': ['welcoming'], 'cities': [{'id': 'tampere', 'country': 'FI'}], 'countries': ['FI']})
        self.assertIsNone(state['published_revision'])
        self.assertEqual(self.call('/v1/documents/' + doc_id)[0], 404, 'readers cannot find it')

    def test_08_changes_since_the_edition(self):
        """the changes view lists what the API lists since the edition, by kind, with links to each document and diff"""
        self.put(self.editor, 'icc-index-report-turku-en', {'summary': 'Turku in the ICC Index, revised.'})
        self.put(self.editor, 'porto-intercultural-plan-en', {}, base={
            'id': 'porto-intercultural-plan-en', 'work': 'porto-intercultural-plan', 'type': 'strategy-framework',
            'lang': 'en', 'title': 'Porto intercultural plan'})
        self.api('/v1/documents/icc-index-report-reggio-emilia-en/archive', 'POST', self.editor)
        self.api('/v1/documents/icc-index-report-hameenlinna-en', 'DELETE', self.editor)
        self.put(self.curator, 'intercultural-profile-botkyrka-en', {'title': 'Botkyrka intercultural profile (draft)'})
        expected = self.api('/v1/changes?edition=' + EDITION, token=self.curator)
        with self.page() as page:
            self.sign_in(page, self.editor, 'edith', 'editor')
            page.click('#nav-changes')
            eventually(lambda: page.text('#curate-title') == 'Changes since the 2024 edition', 'the changes since the newest edition')
            self.assertEqual(page.locator('#f-edition').input_value(), EDITION)
            for group in ['added', 'changed', 'archived', 'removed', 'pending']:
                shown = self.listed_ids(page, '#changes-%s-list > li' % group)
                self.assertEqual(sorted(shown), sorted(i['id'] for i in expected[group]), group)
            self.assertIn('porto-intercultural-plan-en', self.listed_ids(page, '#changes-added-list > li'))
            self.assertIn('icc-index-report-turku-en', self.listed_ids(page, '#changes-changed-list > li'))
            self.assertIn('icc-index-report-reggio-emilia-en', self.listed_ids(page, '#changes-archived-list > li'))
            self.assertIn('icc-index-report-hameenlinna-en', self.listed_ids(page, '#changes-removed-list > li'))
            self.assertIn('intercultural-profile-botkyrka-en', self.listed_ids(page, '#changes-pending-list > li'))
            turku = '#changes-changed-list li[data-id="icc-index-report-turku-en"]'
            self.assertIn('changed: Summary', page.text(turku + ' .hit-meta'))
            self.screenshot(page, 'curation-changes')

            # The diff link shows the fields the API's diff lists.
            page.locator(turku + ' .curate-actions a').click()
            eventually(lambda: page.query().get('view') == 'diff', 'the diff page')
            page.locator('#diff-table').wait_for()
            item = next(i for i in expected['changed'] if i['id'] == 'icc-index-report-turku-en')
            diff = self.api('/v1/documents/icc-index-report-turku-en/diff?from=%d&to=%d' % (item['from_revision'], item['revision']),
                            token=self.curator)
            rows = page.evaluate("return [...document.querySelectorAll('#diff-table tbody tr')].map((tr) => tr.dataset.field);")
            self.assertEqual(rows, [c['field'] for c in diff['changes']])
            self.assertEqual(page.text('#diff-table tr[data-field="summary"] .diff-to'), 'Turku in the ICC Index, revised.')
            page.go_back()

            # Since a date: every change of the scenarios is after yesterday.
            eventually(lambda: page.query().get('view') == 'changes', 'back on the changes')
            page.locator('#f-since').fill('2000-01-01')
            page.click('#changes-submit')
            eventually(lambda: page.query().get('since') == '2000-01-01', 'since= in the URL')
            eventually(lambda: page.text('#curate-title').startswith('Changes since'), 'the changes since the date')
            since = self.api('/v1/changes?since=2000-01-01', token=self.curator)
            eventually(lambda: sorted(self.listed_ids(page, '#changes-added-list > li')) == sorted(i['id'] for i in since['added']),
                       'the documents added since 2000')

            # A malformed date is the API's error beside the date field.
            page.locator('#f-since').fill('yesterday')
            page.click('#changes-submit')
            page.locator('#error-summary').wait_for()
            self.assertEqual(page.get_attribute('#f-since', 'aria-invalid'), 'true')
            self.assertIn("not 'yesterday'", page.text('#field-since-error'))

    def test_09_french(self):
        """the curator's pages speak French"""
        with self.page('/?view=signin&ui=fr') as page:
            eventually(lambda: page.text('#curate-title') == 'Connexion des curateurs', 'the French sign-in page')
            self.assertEqual(page.text('label[for="signin-token"]'), 'Jeton')
            self.assertEqual(page.text('#signin-submit'), 'Se connecter')
            page.locator('#signin-token').fill(self.curator)
            page.click('#signin-submit')
            eventually(lambda: page.text('.curator-who') == 'Connecté·e : carla (curateur)', 'the French curator bar')
            page.goto('/doc/intercultural-profile-turku-en?view=edit&ui=fr')
            page.locator('#edit-form').wait_for()
            eventually(lambda: page.text('label[for="f-title"]') == 'Titre (obligatoire)', 'French labels')
            self.assertEqual(page.text('#edit-save'), 'Enregistrer le brouillon')
            self.assertEqual(page.text('#field-domains legend'), 'Domaines')
            self.assertIn('Antirumeurs', page.text('#field-domains'))
            self.assertEqual(page.text('#f-status option[value="current"]'), 'En vigueur')
            page.locator('#f-title').fill('')
            page.click('#edit-save')
            page.locator('#error-summary').wait_for()
            self.assertEqual(page.text('#error-summary h2'), 'Le document n’a pas été enregistré : corrigez 1 problème')
            self.assertTrue(page.text('#field-title-error').startswith('Erreur :'))

    def test_10_screenshots_and_phone(self):
        """the edit form fits a phone without horizontal scrolling"""
        with self.page(viewport=PHONE) as page:
            self.sign_in(page, self.editor, 'edith', 'editor')
            self.open_editor(page, 'icc-index-report-tampere-en')
            overflow = self.overflow(page)
            self.assertLessEqual(overflow, 0, 'no horizontal scrolling on a phone (overflow %spx)' % overflow)
            self.assertEqual(page.text('#edit-save'), 'Save and publish')
            self.screenshot(page, 'curation-edit-phone')

    def test_11_curator_attaches_and_removes_a_file(self):
        """a curator attaches a Word file from the document page: a draft, searchable once an editor publishes it;
        removing it asks first and makes a new revision"""
        doc_id = 'intercultural-profile-hameenlinna-en'
        docx = os.path.join(self.work_dir, 'Hämeenlinna walks.docx')
        made = subprocess.run(['pandoc', '--from', 'markdown', '--output', docx],
                              input='# Walks\n\nNeighbours meet at the ptarmigan fountain every spring.\n'.encode(),
                              capture_output=True, timeout=120)
        self.assertEqual(made.returncode, 0, made.stderr)
        with self.page() as page:
            self.sign_in(page, self.curator, 'carla', 'curator')
            page.goto('/doc/' + doc_id)
            page.locator('#upload-form').wait_for()
            self.assertEqual(page.text('#curation-files'), 'No files.')
            page.click('#upload-submit')
            eventually(lambda: page.text('#upload-error') == 'Choose a file to attach.', 'the missing-file message')
            self.assertEqual(page.active_id(), 'upload-file')
            page.locator('#upload-file').first()._resolve('element')['value'].send_keys(docx)
            page.select_option('#upload-role', 'annex')
            page.click('#upload-submit')
            eventually(lambda: self.flash(page).startswith('“Hämeenlinna walks.docx” is attached to'), 'the attached message')
            self.assertIn('in draft revision', self.flash(page))
            self.assertIn('Word document (DOCX) · its text reads as English.', self.flash(page),
                          'what the file is, read before anyone publishes it')
            listed = page.locator('#curation-files li[data-name="Hämeenlinna walks.docx"]')
            eventually(lambda: 'Annex' in collapse(listed.text_content()), 'the file in the draft, with its role')
            self.assertEqual(self.search_total('ptarmigan'), 0, 'a draft is not searchable')
            # The curator opens the draft's file with the token (readers cannot).
            page.click('#curation-files .file-open')
            eventually(lambda: page.evaluate(
                "return performance.getEntriesByType('resource').map((e) => e.name)"
                ".filter((n) => n.endsWith('/files/0?include=drafts')).length") == 1, 'the draft file fetched')
            self.assertEqual(page.locator('#curation-files .action-error').count(), 0)
            self.assertEqual(self.call('/v1/documents/%s/files/0?include=drafts' % doc_id)[0], 401)

            record, state = self.record(doc_id, self.curator)
            self.assertEqual([(f['path'], f['role']) for f in record['files']], [('Hämeenlinna walks.docx', 'annex')])
            self.assertRegex(record['files'][0]['sha256'], '^[0-9a-f]{64}$')
            self.api('/v1/documents/%s/publish' % doc_id, 'POST', self.editor,
                     headers={'If-Match': '"%d"' % state['revision']})
            found = self.api('/v1/search?q=ptarmigan')
            self.assertEqual([h['id'] for h in found['hits']], [doc_id], 'published: the file\'s words find the record')
            self.assertIn('<mark>ptarmigan</mark>', found['hits'][0]['passages'][0]['snippet'])

            page.goto('/doc/' + doc_id)
            page.click('#curation-files .file-remove')
            page.locator('#confirm-dialog').wait_for()
            self.assertEqual(page.text('#confirm-h'), 'Remove “Hämeenlinna walks.docx”?')
            page.click('#confirm-yes')
            eventually(lambda: self.flash(page).startswith('“Hämeenlinna walks.docx” is removed from'), 'the removed message')
            eventually(lambda: page.text('#curation-files') == 'No files.', 'the draft without the file')
            self.assertNotIn('files', self.record(doc_id, self.curator)[0])
            self.assertEqual(self.search_total('ptarmigan'), 1, 'readers keep the published file until the next publish')


if __name__ == '__main__':
    unittest.main()
