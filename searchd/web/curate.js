/* Bridges curator tools: sign-in, the edit form, drafts, changes since an
 * edition and revision diffs, over the curation API (docs/api.md#curation).
 * app.js loads this file only for a curator's view or a signed-in curator and
 * hands it its helpers; the API stays the judge of what is valid and who may
 * do what (/v1/me says what the token may do), so nothing here repeats those
 * rules: a refused change shows the API's own reasons beside its fields. */
window.BridgesCurate = function (app) {
  'use strict';

  const { h, t, el, VOCAB } = app;
  let me = null;        // {name, role, permissions} of the signed-in token
  let checking = null;  // the /v1/me request of this page load
  let flash = null;     // a message for the next page shown

  const may = (permission) => !!me && me.permissions.includes(permission);
  const docApi = (id, rest) => '/v1/documents/' + encodeURIComponent(id) + (rest || '');
  const ifMatch = (revision) => ({ 'If-Match': '"' + revision + '"' });

  function viewHref(view, extra) {
    return app.searchHref(app.keepUi(new URLSearchParams(Object.assign({ view }, extra))));
  }

  function docViewHref(id, view, extra) {
    const p = app.keepUi(new URLSearchParams(Object.assign({ view }, extra)));
    return '/doc/' + encodeURIComponent(id) + '?' + p.toString();
  }

  // The differences between two revisions; without them, the API's default
  // (the newest revision against what readers see, or the one before it).
  function diffHref(id, from, to) {
    const range = {};
    if (from != null) range.from = from;
    if (to != null) range.to = to;
    return docViewHref(id, 'diff', range);
  }

  // Only a path of this site: ?next= must not send anyone elsewhere.
  function safeNext(next) {
    return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
  }

  // Says text to screen readers without moving focus.
  function say(text) {
    el.status.textContent = '';
    setTimeout(() => { el.status.textContent = text; }, 50);
  }

  function dateTime(s) {
    const d = new Date(s);
    if (!s || isNaN(d)) return s || '';
    try {
      return new Intl.DateTimeFormat(app.ui(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d) + ' UTC';
    } catch (e) {
      return s;
    }
  }

  // The interface name of a record field (or of a path in it, "cities/0").
  function fieldName(path) {
    const key = 'field_' + String(path).split('/')[0];
    const name = t(key);
    return name === key ? path : name;
  }

  // ---------- who is signed in ----------

  // The holder of the stored token, asked once per page load; a token that
  // expired or was revoked since is forgotten.
  function whoAmI() {
    if (!app.storage(app.TOKEN_KEY)) {
      me = null;
      return Promise.resolve(null);
    }
    checking = checking || app.apiFetch('/v1/me').then((r) => (me = r.body), (err) => {
      checking = null;
      me = null;
      if (err.status === 401) {
        app.storage(app.TOKEN_KEY, null);
        el.signIn.hidden = false;
        say(t('signInEnded', { message: err.message }));
      }
      return null;
    });
    return checking;
  }

  function signOut() {
    app.storage(app.TOKEN_KEY, null);
    me = null;
    checking = null;
    app.forget();
    flash = t('signedOut');
    if (app.params().get('view')) app.navigate(viewHref('signin'), { focus: 'flash' });
    else app.render({ focus: 'flash', scroll: 'top' });
  }

  // Runs on every page: the curator's bar, and the message of the last action.
  function chrome() {
    const old = document.getElementById('flash');
    if (old) old.remove();
    if (flash) {
      el.main.prepend(h('div', { id: 'flash', class: 'notice notice-success flash', tabindex: '-1', role: 'status' }, flash));
      flash = null;
    }
    return whoAmI().then(renderBar);
  }

  function renderBar() {
    if (!me) {
      el.curatorBar.hidden = true;
      el.curatorBar.replaceChildren();
      return;
    }
    const here = location.pathname === '/' ? app.params().get('view') : null;
    const link = (view, key) => h('li', null,
      h('a', { href: viewHref(view), id: 'nav-' + view, 'aria-current': here === view ? 'page' : null }, t(key)));
    el.curatorBar.replaceChildren(h('nav', { class: 'curator-nav', 'aria-label': t('curation') },
      h('p', { class: 'curator-who' }, app.tNode('signedInAs', 'name', h('strong', null, me.name), { role: t('role_' + me.role) })),
      h('ul', null, link('drafts', 'drafts'), link('changes', 'changes'), may('propose') && link('new', 'newDocument')),
      h('button', { type: 'button', class: 'curator-signout', id: 'sign-out', onclick: signOut }, t('signOut'))));
    el.curatorBar.hidden = false;
    el.signIn.hidden = true;
  }

  // ---------- views ----------

  async function show(r, p, seq) {
    app.setView('curate');
    await whoAmI();
    if (!app.current(seq)) return;
    if (r.view === 'signin') return showSignIn(p, false);
    if (!me) return showSignIn(p, true);
    const views = { drafts: showDrafts, changes: showChanges, new: showEditor, edit: showEditor, diff: showDiff };
    return views[r.view](r, p, seq);
  }

  // A curator's page: its heading (after the way back, when it has one) and content.
  function view(title, ...children) {
    document.title = title + ' – ' + t('siteName');
    children = children.filter(Boolean);
    const back = children.length && children[0].classList && children[0].classList.contains('crumbs') ? [children.shift()] : [];
    el.curateView.removeAttribute('aria-busy');
    el.curateView.replaceChildren(...back, h('h1', { id: 'curate-title', tabindex: '-1', dir: 'auto' }, title), ...children);
  }

  function loading() {
    el.curateView.setAttribute('aria-busy', 'true');
    el.curateView.replaceChildren(h('p', { class: 'loading' }, t('loading')));
  }

  function failed(err) {
    view(t('errorLoading'), h('div', { class: 'notice notice-error' }, h('p', null, err.message),
      h('button', { type: 'button', class: 'button', onclick: () => app.render({ focus: 'heading' }) }, t('retry'))));
  }

  function backToDoc(id) {
    return h('nav', { class: 'crumbs', 'aria-label': t('backToDocument') },
      h('a', { href: app.docHref(id), class: 'back-link' }, '← ' + t('backToDocument')));
  }

  function busy(button, on) {
    button.disabled = on;
    button.setAttribute('aria-busy', String(on));
  }

  // ---------- fields and their errors ----------

  function errorSlot(fieldId) {
    return h('p', { class: 'field-error', id: fieldId + '-error', hidden: true });
  }

  function hintNode(id, text) {
    return text ? h('p', { class: 'hint', id: id + '-hint' }, text) : null;
  }

  function labelText(name, opts) {
    return [opts.label || t('field_' + name), opts.required && h('span', { class: 'required' }, ' ' + t('required'))];
  }

  // One labelled control, id f-NAME inside div#field-NAME, with its hint and
  // a place for its error between the label and the control.
  function textField(name, value, opts) {
    opts = opts || {};
    const id = 'f-' + name;
    const control = h(opts.multiline ? 'textarea' : 'input', {
      id, name: id, type: opts.multiline ? null : opts.type || 'text', rows: opts.rows, dir: opts.dir,
      inputmode: opts.inputmode, list: opts.list, readonly: opts.readonly, placeholder: opts.placeholder,
      autocomplete: 'off', spellcheck: opts.spellcheck, 'aria-describedby': opts.hint ? id + '-hint' : null,
      'aria-required': opts.required ? 'true' : null
    });
    control.value = value == null ? '' : String(value);
    return h('div', { class: 'field', id: 'field-' + name },
      h('label', { for: id }, labelText(name, opts)), hintNode(id, opts.hint), errorSlot('field-' + name), control);
  }

  function selectField(name, value, entries, opts) {
    opts = opts || {};
    if (value && !entries.some(([v]) => v === value)) entries = entries.concat([[value, value]]);
    const id = 'f-' + name;
    const select = h('select', { id, name: id, 'aria-describedby': opts.hint ? id + '-hint' : null, 'aria-required': opts.required ? 'true' : null },
      opts.empty && h('option', { value: '' }, opts.empty),
      entries.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
    return h('div', { class: 'field', id: 'field-' + name },
      h('label', { for: id }, labelText(name, opts)), hintNode(id, opts.hint), errorSlot('field-' + name), select);
  }

  // A vocabulary as checkboxes; values outside it stay, so the API can say why.
  function checksField(name, values, entries) {
    const all = entries.concat(values.filter((v) => !entries.some(([e]) => e === v)).map((v) => [v, v]));
    return h('fieldset', { class: 'field field-checks', id: 'field-' + name },
      h('legend', null, t('field_' + name)), errorSlot('field-' + name),
      h('ul', { class: 'check-grid' }, all.map(([value, text], i) => h('li', null,
        h('input', { type: 'checkbox', id: 'f-' + name + '-' + i, name: 'f-' + name, value, checked: values.includes(value) }),
        h('label', { for: 'f-' + name + '-' + i }, text)))));
  }

  // A list of values: each one a tag with a remove button, and a box (with
  // suggestions) where Enter adds one. resolve turns typed text into a value.
  function tagsField(name, values, opts) {
    const id = 'f-' + name;
    const show = opts.show || String;
    const input = h('input', { id: id + '-add', type: 'text', list: opts.options ? id + '-options' : null, autocomplete: 'off', 'aria-describedby': id + '-hint' });
    const list = h('ul', { class: 'tag-edit', id: id + '-list' });
    const item = (value) => {
      const li = h('li', { 'data-value': value }, h('span', { dir: 'auto' }, show(value)));
      li.append(h('button', {
        type: 'button', class: 'tag-remove', 'aria-label': t('removeValue', { value: show(value) }),
        onclick: () => {
          const next = li.nextElementSibling || li.previousElementSibling;
          li.remove();
          (next ? next.querySelector('button') : input).focus();
          say(t('valueRemoved', { value: show(value) }));
        }
      }, '×'));
      return li;
    };
    const add = () => {
      const value = opts.resolve(input.value.trim());
      input.value = '';
      if (!value) return;
      if (!tagValues(list).includes(value)) list.append(item(value));
      say(t('valueAdded', { value: show(value) }));
    };
    input.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter') return;
      ev.preventDefault();
      add();
    });
    values.forEach((v) => list.append(item(v)));
    return h('fieldset', { class: 'field field-tags', id: 'field-' + name, 'data-resolve': name },
      h('legend', null, t('field_' + name)), hintNode(id, t('hint_' + name)), errorSlot('field-' + name), list,
      h('div', { class: 'tag-add' },
        h('label', { for: id + '-add', class: 'visually-hidden' }, t('addValue', { field: t('field_' + name) })), input,
        h('button', { type: 'button', class: 'button button-secondary button-small', id: id + '-add-button', onclick: add }, t('add'))),
      opts.options && h('datalist', { id: id + '-options' }, opts.options.map(([v, text]) => h('option', { value: v }, text))));
  }

  function tagValues(list) {
    return Array.from(list.children, (li) => li.dataset.value);
  }

  // The wrapper of the field an API error path names ("title", "cities/0",
  // "body/1/paragraphs"), or null for the record as a whole.
  function fieldFor(form, path) {
    const parts = String(path).split('/');
    let id = 'field-' + parts[0];
    if (parts[0] === 'body' && parts.length > 1) id = 'field-body-' + parts[1] + '-' + (parts[2] === 'heading' ? 'heading' : 'paragraphs');
    return form.querySelector('#' + CSS.escape(id)) || (parts[0] === 'body' ? form.querySelector('#field-body') : null);
  }

  function controlsOf(wrap) {
    return Array.from(wrap.querySelectorAll('input, select, textarea')).filter((c) => c.type !== 'hidden');
  }

  function describedBy(control, id, on) {
    const ids = (control.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== id);
    if (on) ids.push(id);
    if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
    else control.removeAttribute('aria-describedby');
  }

  function clearErrors(form) {
    for (const n of form.querySelectorAll('.error-summary, .form-notice')) n.remove();
    for (const slot of form.querySelectorAll('.field-error')) {
      slot.hidden = true;
      slot.replaceChildren();
    }
    for (const wrap of form.querySelectorAll('.has-error')) {
      wrap.classList.remove('has-error');
      for (const c of controlsOf(wrap)) {
        c.removeAttribute('aria-invalid');
        describedBy(c, wrap.id + '-error', false);
      }
    }
    for (const n of form.querySelectorAll('.is-invalid')) n.classList.remove('is-invalid');
  }

  // Each error beside its field (aria-invalid, aria-describedby), and a
  // summary at the top that links to them and takes the focus.
  function showErrors(form, errors, heading) {
    const placed = errors.map((e) => ({ e, wrap: fieldFor(form, e.field) }));
    for (const { e, wrap } of placed) {
      if (!wrap) continue;
      const slot = wrap.querySelector('.field-error');
      slot.append(h('span', { class: 'visually-hidden' }, t('errorPrefix') + ' '), h('span', null, e.reason + ' '));
      slot.hidden = false;
      wrap.classList.add('has-error');
      for (const c of controlsOf(wrap)) {
        c.setAttribute('aria-invalid', 'true');
        describedBy(c, slot.id, true);
      }
      const index = /^[a-z]+\/(\d+)/.exec(e.field);
      const tag = index && wrap.querySelectorAll('.tag-edit > li')[Number(index[1])];
      if (tag) tag.classList.add('is-invalid');
    }
    const summary = h('div', { class: 'error-summary', id: 'error-summary', tabindex: '-1', 'aria-labelledby': 'error-summary-h' },
      h('h2', { id: 'error-summary-h' }, heading),
      h('ul', null, placed.map(({ e, wrap }) => {
        const control = wrap && controlsOf(wrap)[0];
        const text = (wrap ? fieldName(e.field) + ': ' : '') + e.reason;
        return h('li', null, control ? h('a', { href: '#' + control.id }, text) : text);
      })));
    form.prepend(summary);
    summary.focus();
  }

  // A problem that is not about one field, at the top of the form.
  function formNotice(form, title, ...children) {
    const box = h('div', { class: 'notice notice-error form-notice', id: 'form-notice', tabindex: '-1' },
      h('h2', null, title), ...children);
    form.prepend(box);
    box.focus();
    return box;
  }

  // ---------- sign-in ----------

  function showSignIn(p, needed) {
    const next = safeNext(p.get('next')) || (needed ? location.pathname + location.search : null);
    if (me) {
      view(t('signInTitle'),
        h('p', null, app.tNode('signedInAs', 'name', h('strong', null, me.name), { role: t('role_' + me.role) })),
        h('p', null, h('a', { href: next || viewHref('drafts'), class: 'button' }, t('continue'))));
      return;
    }
    const input = h('input', {
      id: 'signin-token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false',
      'aria-describedby': 'signin-token-hint', 'aria-required': 'true'
    });
    const button = h('button', { type: 'submit', class: 'button', id: 'signin-submit' }, t('signIn'));
    const form = h('form', { id: 'signin-form', class: 'curate-form signin-form', novalidate: true },
      h('div', { class: 'field', id: 'field-token' },
        h('label', { for: 'signin-token' }, t('token')),
        h('p', { class: 'hint', id: 'signin-token-hint' }, t('tokenHint')),
        errorSlot('field-token'), input),
      h('div', { class: 'form-actions' }, button));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      const token = input.value.trim();
      const refuse = (reason) => {
        showErrors(form, [{ field: 'token', reason }], t('signInFailed'));
        input.focus();
      };
      if (!token) return refuse(t('tokenMissing'));
      busy(button, true);
      try {
        me = (await app.apiFetch('/v1/me', { token })).body;
        app.storage(app.TOKEN_KEY, token);
        checking = Promise.resolve(me);
        app.forget();
        flash = t('signedInFlash', { name: me.name, role: t('role_' + me.role) });
        app.navigate(next || viewHref('drafts'), { focus: 'flash' });
      } catch (err) {
        me = null;
        refuse(err.status === 401 ? t('tokenRefused', { message: err.message }) : err.message);
      } finally {
        busy(button, false);
      }
    });
    view(t('signInTitle'),
      needed && h('p', { class: 'notice', id: 'signin-needed' }, t('signInNeeded')),
      h('p', null, t('signInIntro')), form);
  }

  // ---------- the edit form ----------

  function vocabEntries(kind) {
    return Object.keys(VOCAB[kind]).map((id) => [id, app.label(kind, id)]);
  }

  // Typed text to a vocabulary id: the id itself, or an English or French label.
  function vocabResolver(kind) {
    return (text) => {
      const folded = app.fold(text);
      for (const [id, labels] of Object.entries(VOCAB[kind]))
        if (id === text || labels.slice(0, 2).some((l) => app.fold(l) === folded)) return id;
      return text;
    };
  }

  // Every region code the browser can name: the country suggestions.
  let countries = null;
  function countryEntries() {
    if (!countries) {
      countries = [];
      for (let a = 65; a <= 90; a++) {
        for (let b = 65; b <= 90; b++) {
          const code = String.fromCharCode(a, b);
          const name = app.label('country', code);
          if (name !== code) countries.push([code, name]);
        }
      }
      countries.sort((x, y) => x[1].localeCompare(y[1], app.ui()));
    }
    return countries;
  }

  const RESOLVE = {
    cities: vocabResolver('city'),
    countries: (text) => {
      if (/^[A-Za-z]{2}$/.test(text)) return text.toUpperCase();
      const folded = app.fold(text);
      const hit = countryEntries().find(([, name]) => app.fold(name) === folded);
      return hit ? hit[0] : text;
    },
    organisations: (text) => text
  };

  async function showEditor(r, p, seq) {
    const creating = r.view === 'new';
    let doc = { id: '', work: '', type: '', lang: '', status: 'current', title: '' };
    if (!creating) {
      loading();
      try {
        doc = (await app.apiFetch(docApi(r.id, '?include=drafts'))).body;
      } catch (err) {
        if (app.current(seq)) failed(err);
        return;
      }
      if (!app.current(seq)) return;
    }
    renderEditor(doc, creating);
  }

  function renderEditor(doc, creating) {
    const c = doc.curation || { revision: 0 };
    const group = (key, ...fields) => h('fieldset', { class: 'form-group' }, h('legend', null, t(key)), ...fields);
    const sections = (doc.body || []).map((s) => ({ heading: s.heading || '', text: (s.paragraphs || []).join('\n\n') }));
    const save = h('button', { type: 'submit', class: 'button', id: 'edit-save' }, t(may('publish') ? 'saveAndPublish' : 'saveDraft'));
    const form = h('form', { id: 'edit-form', class: 'curate-form edit-form', novalidate: true },
      group('groupText',
        textField('title', doc.title, { required: true, dir: 'auto' }),
        textField('summary', doc.summary, { multiline: true, rows: 4, dir: 'auto' }),
        sectionsField(sections)),
      group('groupClassification',
        selectField('type', doc.type, vocabEntries('type'), { required: true, empty: t('choose') }),
        textField('lang', doc.lang, { required: true, list: 'f-lang-options', hint: t('hint_lang'), spellcheck: 'false' }),
        h('datalist', { id: 'f-lang-options' }, vocabEntries('lang').map(([v, text]) => h('option', { value: v }, text))),
        selectField('status', doc.status || 'current', ['current', 'archived'].map((s) => [s, t('status_' + s)])),
        checksField('domains', doc.domains || [], vocabEntries('domain')),
        checksField('networks', doc.networks || [], vocabEntries('network'))),
      group('groupPlaces',
        tagsField('cities', app.cityIds(doc.cities), { resolve: RESOLVE.cities, show: (v) => app.label('city', v), options: vocabEntries('city').map(([v, l]) => [l, v]) }),
        tagsField('countries', doc.countries || [], { resolve: RESOLVE.countries, show: (v) => app.label('country', v) + ' (' + v + ')', options: countryEntries().map(([v, l]) => [l, v]) }),
        tagsField('organisations', doc.organisations || [], { resolve: RESOLVE.organisations })),
      group('groupDates',
        textField('year', doc.year, { inputmode: 'numeric', hint: t('hint_year') }),
        textField('published', doc.published, { hint: t('hint_date'), placeholder: 'YYYY-MM-DD' }),
        textField('updated', doc.updated, { hint: t('hint_date'), placeholder: 'YYYY-MM-DD' }),
        textField('edition', doc.edition, { hint: t('hint_edition') }),
        textField('url', doc.url, { type: 'url', hint: t('hint_url'), spellcheck: 'false' })),
      group('groupIds',
        textField('id', doc.id, { required: true, readonly: !creating, hint: t(creating ? 'hint_id' : 'hint_idFixed'), spellcheck: 'false' }),
        textField('work', doc.work, { required: true, hint: t('hint_work'), spellcheck: 'false' })),
      h('div', { class: 'form-actions' }, save,
        !creating && h('a', { href: app.docHref(doc.id), class: 'button button-secondary', id: 'edit-cancel' }, t('cancel')),
        h('p', { class: 'hint', id: 'save-hint' }, t(may('publish') ? 'savePublishes' : 'saveMakesDraft'))));
    save.setAttribute('aria-describedby', 'save-hint');
    const edited = () => app.guard(() => confirmDialog(t('leaveTitle'), t('leaveText'), t('leave')));
    form.addEventListener('input', edited);
    form.addEventListener('click', (ev) => { if (ev.target.closest('button[type="button"]')) edited(); });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      submitRecord(form, doc, creating, c.revision, save);
    });
    view(creating ? t('newDocument') : t('editTitle', { title: doc.title }),
      !creating && backToDoc(doc.id),
      !creating && h('p', { class: 'notice editing-note', id: 'editing-note' }, editingNote(c)),
      form);
  }

  function editingNote(c) {
    if (c.draft_revision) return t('editingDraft', { n: c.revision });
    return t('editingPublished', { n: c.revision });
  }

  // Body sections: a heading and paragraphs (separated by an empty line) each.
  function sectionsField(sections) {
    const list = h('ol', { class: 'sections-edit', id: 'f-body-list' });
    const read = () => Array.from(list.children, (li) => ({
      heading: li.querySelector('input').value, text: li.querySelector('textarea').value
    }));
    const focusSection = (i, fallback) => (document.getElementById('f-body-' + i + '-heading') || fallback).focus();
    const fill = (all) => list.replaceChildren(...all.map((s, i) => h('li', { class: 'section-edit' },
      h('fieldset', null, h('legend', null, t('sectionN', { n: i + 1 })),
        textField('body-' + i + '-heading', s.heading, { label: t('sectionHeading'), dir: 'auto' }),
        textField('body-' + i + '-paragraphs', s.text, { label: t('sectionParagraphs'), multiline: true, rows: 6, hint: t('hint_paragraphs'), dir: 'auto' }),
        h('button', {
          type: 'button', class: 'link-button', id: 'f-body-' + i + '-remove',
          onclick: () => {
            const rest = read();
            rest.splice(i, 1);
            fill(rest);
            focusSection(Math.min(i, rest.length - 1), add);
            say(t('sectionRemoved', { n: i + 1 }));
          }
        }, t('removeSection', { n: i + 1 }))))));
    const add = h('button', {
      type: 'button', class: 'button button-secondary button-small', id: 'f-body-add',
      onclick: () => {
        const all = read().concat([{ heading: '', text: '' }]);
        fill(all);
        focusSection(all.length - 1, add);
      }
    }, t('addSection'));
    fill(sections);
    return h('fieldset', { class: 'field field-sections', id: 'field-body' },
      h('legend', null, t('field_body')), errorSlot('field-body'), list, add);
  }

  // The form as a record in the API's JSON form; empty optional fields are
  // left out, and what the form does not edit (files) is kept.
  function readRecord(form, doc, creating) {
    const value = (name) => form.querySelector('#f-' + name).value.trim();
    const record = {};
    for (const name of ['id', 'work', 'type', 'lang', 'status', 'title']) record[name] = value(name);
    if (!creating) record.id = doc.id;
    const summary = value('summary');
    if (summary) record.summary = summary;
    const body = [];
    form.querySelectorAll('.section-edit').forEach((li) => {
      const heading = li.querySelector('input').value.trim();
      const paragraphs = li.querySelector('textarea').value.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean);
      if (!heading && !paragraphs.length) return;  // a section added and left empty
      body.push(heading ? { heading, paragraphs } : { paragraphs });
    });
    if (body.length) record.body = body;
    for (const name of ['domains', 'networks']) {
      const checked = Array.from(form.querySelectorAll('input[name="f-' + name + '"]:checked'), (c) => c.value);
      if (checked.length) record[name] = checked;
    }
    for (const name of ['cities', 'countries', 'organisations']) {
      const values = tagValues(form.querySelector('#f-' + name + '-list'));
      const pending = RESOLVE[name](value(name + '-add'));  // typed but not added: meant all the same
      if (pending && !values.includes(pending)) values.push(pending);
      if (values.length) record[name] = values;
    }
    const year = value('year');
    if (year) record.year = /^-?\d+$/.test(year) ? Number(year) : year;
    for (const name of ['published', 'updated', 'edition', 'url']) if (value(name)) record[name] = value(name);
    if (doc.files) record.files = doc.files;
    return record;
  }

  async function submitRecord(form, doc, creating, revision, button) {
    clearErrors(form);
    const record = readRecord(form, doc, creating);
    if (!record.id) return showErrors(form, [{ field: 'id', reason: t('idMissing') }], t('notSaved'));
    busy(button, true);
    try {
      const written = (await app.apiFetch(docApi(record.id), { method: 'PUT', json: record, headers: ifMatch(revision) })).body;
      app.forget();
      app.guard(null);
      const published = written.document.published_revision;
      flash = written.action !== 'draft' ? t('savedPublished', { n: written.revision })
        : published ? t('savedDraft', { n: written.revision, published }) : t('savedDraftNew', { n: written.revision });
      app.navigate(app.docHref(record.id), { focus: 'flash' });
    } catch (err) {
      const errors = err.body && err.body.error && err.body.error.errors;
      if (err.status === 422 && errors) {
        showErrors(form, errors, errors.length === 1 ? t('notSavedOne') : t('notSavedMany', { n: app.num(errors.length) }));
      } else if (err.status === 409 && !creating) {
        formNotice(form, t('conflictTitle'),
          h('p', null, t('conflictText', { n: revision })), h('p', { class: 'muted' }, err.message),
          h('p', null, h('a', { href: diffHref(doc.id, revision, null), target: '_blank', id: 'conflict-compare' }, t('conflictCompare'))),
          h('p', null, h('button', { type: 'button', class: 'button button-secondary', id: 'conflict-reload', onclick: () => app.render({ focus: 'heading' }) }, t('conflictReload'))),
          h('p', { class: 'muted' }, t('conflictKeep')));
      } else {
        formNotice(form, t('notSaved'), h('p', null, err.status === 401 ? t('signInEnded', { message: err.message }) : err.message));
      }
    } finally {
      busy(button, false);
    }
  }

  // ---------- the document page, for curators ----------

  function stateText(doc) {
    const c = doc.curation;
    if (c.deleted) return t('stateDeleted', { date: dateTime(c.deleted_at) });
    if (c.draft_revision && c.published_revision) return t('stateDraft', { n: c.draft_revision, published: c.published_revision });
    if (c.draft_revision) return t('stateDraftNew', { n: c.draft_revision });
    return t(doc.status === 'archived' ? 'stateArchived' : 'statePublished', { n: c.published_revision });
  }

  // Publish, archive or delete one document; destructive ones ask first.
  async function transition(action, id, title, revision, trigger) {
    if (action !== 'publish' && !await confirmDialog(t('confirm_' + action, { title }), t('confirmText_' + action), t(action)))
      return;
    busy(trigger, true);
    try {
      const written = (await app.apiFetch(docApi(id, action === 'delete' ? '' : '/' + action),
        { method: action === 'delete' ? 'DELETE' : 'POST', headers: ifMatch(revision) })).body;
      app.forget();
      flash = t('done_' + action, { title, n: written.revision });
      app.render({ focus: 'flash', scroll: 'top' });
    } catch (err) {
      busy(trigger, false);
      const note = h('p', { class: 'field-error action-error', role: 'alert' }, err.message);
      const old = trigger.parentNode.querySelector('.action-error');
      if (old) old.remove();
      trigger.after(note);
    }
  }

  function confirmDialog(title, text, action) {
    return new Promise((resolve) => {
      const back = document.activeElement;
      const dialog = h('dialog', { class: 'confirm', id: 'confirm-dialog', 'aria-labelledby': 'confirm-h', 'aria-describedby': 'confirm-text' },
        h('form', { method: 'dialog' },
          h('h2', { id: 'confirm-h', dir: 'auto' }, title), h('p', { id: 'confirm-text' }, text),
          h('div', { class: 'form-actions' },
            h('button', { class: 'button button-danger', value: 'yes', id: 'confirm-yes' }, action),
            h('button', { class: 'button button-secondary', value: 'no', id: 'confirm-no', autofocus: true }, t('cancel')))));
      dialog.addEventListener('close', () => {
        dialog.remove();
        if (back && back.isConnected) back.focus();
        resolve(dialog.returnValue === 'yes');
      });
      document.body.append(dialog);
      dialog.showModal();
    });
  }

  function actionButton(id, key, onclick, danger) {
    return h('button', { type: 'button', id, class: 'button button-small ' + (danger ? 'button-danger' : 'button-secondary'), onclick }, t(key));
  }

  // The workflow beside a document: its state, what the role may do to it,
  // and its history.
  async function decorateDocument(doc, seq) {
    const c = doc.curation;
    if (!c) return;
    // The document can arrive before /v1/me has answered on a fresh page.
    await whoAmI();
    if (!me || !app.current(seq)) return;
    if (c.draft_revision || c.deleted)
      el.docView.querySelector('.crumbs').after(h('p', { class: 'notice notice-draft', id: 'draft-notice' }, stateText(doc)));
    const act = (action) => (ev) => transition(action, doc.id, doc.title, c.revision, ev.currentTarget);
    const actions = [
      !c.deleted && may('propose') && h('a', { class: 'button button-small', id: 'edit-link', href: docViewHref(doc.id, 'edit') }, t('edit')),
      c.draft_revision && c.published_revision && h('a', { class: 'button button-small button-secondary', href: diffHref(doc.id) }, t('reviewDraft')),
      c.draft_revision && may('publish') && actionButton('publish-button', 'publishDraft', act('publish')),
      c.published_revision && !c.draft_revision && !c.deleted && doc.status !== 'archived' && may('archive') &&
        actionButton('archive-button', 'archive', act('archive')),
      !c.deleted && may('delete') && actionButton('delete-button', 'delete', act('delete'), true)
    ].filter(Boolean);
    const history = h('ol', { class: 'history', id: 'history' }, h('li', { class: 'muted' }, t('loading')));
    el.docAside.prepend(h('section', { class: 'panel curation-panel', 'aria-labelledby': 'curation-h' },
      h('h2', { id: 'curation-h' }, t('curation')),
      h('p', { class: 'curation-state', id: 'curation-state' }, stateText(doc)),
      actions.length > 0 && h('ul', { class: 'curation-actions' }, actions.map((a) => h('li', null, a))),
      !c.deleted && may('propose') && filesPanel(doc),
      h('h3', null, t('history')), history));
    app.apiFetch(docApi(doc.id, '/revisions')).then((r) => {
      if (app.current(seq)) history.replaceChildren(...r.body.revisions.map((rev) => historyItem(doc.id, rev)));
    }, (err) => history.replaceChildren(h('li', { class: 'muted' }, err.message)));
  }

  // The newest revision's files, each removable, and a form that attaches
  // one: a curator's change makes a draft, an editor's is published, as for
  // the record itself. The API sniffs the file and says what it refuses.
  function filesPanel(doc) {
    const c = doc.curation;
    const files = doc.files || [];
    const error = h('p', { class: 'field-error', id: 'upload-error', role: 'alert', hidden: true });
    const input = h('input', { type: 'file', id: 'upload-file', 'aria-describedby': 'upload-error' });
    const role = h('select', { id: 'upload-role' }, ['full-text', 'annex', 'summary'].map((r) =>
      h('option', { value: r }, t('fileRole_' + r))));
    const lang = h('input', { type: 'text', id: 'upload-lang', size: '6', autocomplete: 'off', spellcheck: 'false' });
    const button = h('button', { type: 'submit', id: 'upload-submit', class: 'button button-small' }, t('attach'));
    const fail = (message) => {
      error.textContent = message;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    };
    const form = h('form', { class: 'upload-form', id: 'upload-form', novalidate: true, onsubmit: async (ev) => {
      ev.preventDefault();
      const file = input.files && input.files[0];
      if (!file) return fail(t('chooseFile'));
      const q = new URLSearchParams({ role: role.value });
      if (lang.value.trim()) q.set('lang', lang.value.trim());
      busy(button, true);
      try {
        const written = (await app.apiFetch(docApi(doc.id, '/files/' + encodeURIComponent(file.name) + '?' + q), {
          method: 'PUT', body: file, headers: Object.assign({ 'Content-Type': file.type || 'application/octet-stream' }, ifMatch(c.revision))
        })).body;
        app.forget();
        flash = t(written.action === 'publish' ? 'done_attach_published' : 'done_attach', { name: file.name, title: doc.title, n: written.revision }) +
          ' ' + uploadFacts(written.file || {});
        app.render({ focus: 'flash', scroll: 'top' });
      } catch (err) {
        busy(button, false);
        fail(err.message);
      }
    } },
      h('label', { for: 'upload-file' }, t('fileToAttach')), input,
      h('div', { class: 'upload-options' },
        h('label', { for: 'upload-role' }, t('fileRole')), role,
        h('label', { for: 'upload-lang' }, t('fileLangOptional')), lang),
      error, button);
    const remove = (name) => async (ev) => {
      const trigger = ev.currentTarget;
      if (!await confirmDialog(t('confirm_removeFile', { name }), t('confirmText_removeFile'), t('removeFile'))) return;
      busy(trigger, true);
      try {
        const written = (await app.apiFetch(docApi(doc.id, '/files/' + encodeURIComponent(name)), { method: 'DELETE', headers: ifMatch(c.revision) })).body;
        app.forget();
        flash = t(written.action === 'publish' ? 'done_removeFile_published' : 'done_removeFile', { name, title: doc.title, n: written.revision });
        app.render({ focus: 'flash', scroll: 'top' });
      } catch (err) {
        busy(trigger, false);
        trigger.after(h('p', { class: 'field-error action-error', role: 'alert' }, err.message));
      }
    };
    // The newest revision's file, draft or not, fetched with the token (a
    // plain link would go without it): PDFs open in a tab, the rest download.
    const open = (i, name) => async (ev) => {
      const trigger = ev.currentTarget;
      busy(trigger, true);
      try {
        const blob = (await app.apiFetch(docApi(doc.id, '/files/' + i + '?include=drafts'), { blob: true })).body;
        const url = URL.createObjectURL(blob);
        const shown = blob.type === 'application/pdf';
        const a = h('a', { href: url, target: shown ? '_blank' : null, rel: 'noopener', download: shown ? null : name, hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
      } catch (err) {
        trigger.after(h('p', { class: 'field-error action-error', role: 'alert' }, err.message));
      } finally {
        busy(trigger, false);
      }
    };
    return h('div', { class: 'curation-files' },
      h('h3', { id: 'curation-files-h' }, t('files')),
      files.length
        ? h('ul', { class: 'curation-file-list', id: 'curation-files', 'aria-labelledby': 'curation-files-h' }, files.map((f, i) => h('li', { 'data-name': f.path },
          h('span', { class: 'curation-file-name' }, f.path),
          h('span', { class: 'muted' }, [t('fileRole_' + (f.role || 'full-text')), f.lang].filter(Boolean).join(' · ')),
          f.sha256 && h('button', { type: 'button', class: 'button button-small button-secondary file-open', 'aria-label': t('openFileLabel', { name: f.path }), onclick: open(i, f.path) }, t('openFile')),
          h('button', { type: 'button', class: 'button button-small button-secondary file-remove', 'aria-label': t('removeFileLabel', { name: f.path }), onclick: remove(f.path) }, t('removeFile')))))
        : h('p', { class: 'muted', id: 'curation-files' }, t('noFiles')),
      form);
  }

  // What the API read in an attached file: hints for the record's fields
  // (the file's own title, its language) and any reason it is not searchable.
  function uploadFacts(f) {
    if (f.error) return t('fileUnreadable', { reason: f.error });
    const facts = [f.format, f.pages && t('filePages', { n: app.num(f.pages) }),
      f.detected_lang && t('fileReadsAs', { lang: app.label('lang', f.detected_lang) }),
      f.title && t('fileSaysTitle', { title: f.title })].filter(Boolean);
    return facts.length ? facts.join(' · ') + '.' : '';
  }

  function historyItem(id, rev) {
    const marks = [rev.published && t('markPublished'), rev.draft && t('markDraft')].filter(Boolean);
    return h('li', null,
      h('span', { class: 'history-rev' }, t('revisionN', { n: rev.revision }), marks.length ? ' · ' + marks.join(', ') : ''),
      h('span', { class: 'history-meta' }, t('byOn', { name: rev.author, date: dateTime(rev.created_at) })),
      h('a', { href: diffHref(id, rev.revision - 1, rev.revision), 'aria-label': t('changesOfRevision', { n: rev.revision }) },
        rev.revision > 1 ? t('whatChanged') : t('firstRevision')));
  }

  // ---------- drafts ----------

  async function showDrafts(r, p, seq) {
    loading();
    let drafts;
    try {
      drafts = (await app.apiFetch('/v1/search?include=drafts&per_page=1&facets=false')).body.drafts || [];
    } catch (err) {
      if (app.current(seq)) failed(err);
      return;
    }
    if (!app.current(seq)) return;
    drafts.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
    view(t('draftsTitle'),
      h('p', { class: 'muted', id: 'drafts-intro' }, t('draftsIntro')),
      h('p', { class: 'result-count', id: 'drafts-count' }, app.countText(drafts.length, 'draftCount1', 'draftsCount', 'draftsCount0')),
      drafts.length > 0 && h('ul', { class: 'curate-list', id: 'drafts-list' }, drafts.map((d) => h('li', { class: 'curate-item', 'data-id': d.id },
        h('h2', { class: 'curate-item-title' }, h('a', { href: app.docHref(d.id), lang: d.lang, dir: 'auto' }, d.title || d.id)),
        h('p', { class: 'hit-meta' }, app.joinMeta([
          h('span', null, app.label('lang', d.lang)),
          h('span', null, d.published_revision ? t('draftOf', { n: d.revision, published: d.published_revision }) : t('draftNew', { n: d.revision })),
          h('span', null, t('byOn', { name: d.author, date: dateTime(d.created_at) }))])),
        h('p', { class: 'curate-actions' },
          h('a', { href: diffHref(d.id), 'aria-label': t('reviewNamed', { title: d.title }) }, t('review')),
          may('publish') && h('button', {
            type: 'button', class: 'button button-small', 'aria-label': t('publishNamed', { title: d.title }),
            onclick: (ev) => transition('publish', d.id, d.title, d.revision, ev.currentTarget)
          }, t('publish')))))));
  }

  // ---------- changes since an edition or a date ----------

  async function showChanges(r, p, seq) {
    loading();
    let editions, changes = null, problem = null;
    let edition = p.get('edition') || '';
    const since = p.get('since') || '';
    try {
      editions = (await app.apiFetch('/v1/editions')).body.editions;
      if (!edition && !since && editions.length) edition = editions[editions.length - 1].name;
      if (edition || since) changes = (await app.apiFetch('/v1/changes?' + new URLSearchParams(since ? { since } : { edition }))).body;
    } catch (err) {
      if (!editions) {
        if (app.current(seq)) failed(err);
        return;
      }
      problem = err;
    }
    if (!app.current(seq)) return;
    const from = changes && changes.from;
    const title = !from ? t('changesTitle')
      : from.edition ? t('changesSinceEdition', { name: from.edition.name })
        : t('changesSinceDate', { date: dateTime(from.since) });
    const form = changesForm(editions, since ? '' : edition, since);
    view(title,
      from && from.edition && h('p', { class: 'muted', id: 'edition-note' },
        t('editionNote', { date: app.formatDate(from.edition.date), recorded: dateTime(from.edition.recorded_at) })),
      form,
      changes && h('div', { id: 'changes' }, ['added', 'changed', 'archived', 'removed', 'pending'].map((g) => changesGroup(g, changes[g]))),
      may('record_edition') && editionForm());
    if (problem) showErrors(form, [{ field: since ? 'since' : 'edition', reason: problem.message }], t('changesFailed'));
  }

  function changesForm(editions, edition, since) {
    const form = h('form', { id: 'changes-form', class: 'curate-form changes-form', novalidate: true },
      selectField('edition', edition, editions.slice().reverse().map((e) => [e.name, t('editionOption', { name: e.name, date: app.formatDate(e.date) })]),
        { label: t('sinceEdition'), empty: editions.length ? t('choose') : t('noEditions') }),
      textField('since', since, { label: t('sinceDate'), hint: t('hint_since'), placeholder: 'YYYY-MM-DD' }),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button', id: 'changes-submit' }, t('showChanges'))));
    // One point in time: choosing an edition clears the date, typing a date the edition.
    const editionBox = form.querySelector('#f-edition'), sinceBox = form.querySelector('#f-since');
    editionBox.addEventListener('change', () => { if (editionBox.value) sinceBox.value = ''; });
    sinceBox.addEventListener('input', () => { if (sinceBox.value) editionBox.value = ''; });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const date = sinceBox.value.trim();
      app.navigate(viewHref('changes', date ? { since: date } : editionBox.value ? { edition: editionBox.value } : {}), { focus: 'heading' });
    });
    return form;
  }

  function changesGroup(group, items) {
    const headingId = 'changes-' + group;
    return h('section', { class: 'changes-group', 'aria-labelledby': headingId },
      h('h2', { id: headingId }, t('changes_' + group), ' ', h('span', { class: 'count-num' }, app.num(items.length))),
      items.length
        ? h('ul', { class: 'curate-list', id: headingId + '-list' }, items.map((i) => h('li', { class: 'curate-item', 'data-id': i.id },
          h('h3', { class: 'curate-item-title' }, h('a', { href: app.docHref(i.id), dir: 'auto' }, i.title || i.id)),
          h('p', { class: 'hit-meta' }, app.joinMeta([
            h('span', null, i.from_revision && i.revision ? t('revisionFromTo', { from: i.from_revision, to: i.revision })
              : t('revisionN', { n: i.revision || i.from_revision })),
            i.fields.length > 0 && h('span', null, t('fieldsChanged', { fields: i.fields.map(fieldName).join(', ') })),
            i.datestamp && h('span', null, dateTime(i.datestamp))])),
          i.from_revision && i.revision && h('p', { class: 'curate-actions' },
            h('a', { href: diffHref(i.id, i.from_revision, i.revision), 'aria-label': t('differencesNamed', { title: i.title }) }, t('differences'))))))
        : h('p', { class: 'muted' }, t('changesNone')));
  }

  // Editors record an edition once the committee adopts the repository.
  function editionForm() {
    const form = h('form', { id: 'edition-form', class: 'curate-form', novalidate: true },
      textField('name', '', { label: t('editionName'), required: true }),
      textField('date', '', { label: t('editionDate'), hint: t('hint_editionDate'), placeholder: 'YYYY-MM-DD' }),
      textField('note', '', { label: t('editionNoteLabel'), multiline: true, rows: 3 }),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button button-secondary', id: 'edition-submit' }, t('recordEdition'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      const body = {};
      for (const name of ['name', 'date', 'note']) {
        const v = form.querySelector('#f-' + name).value.trim();
        if (v) body[name] = v;
      }
      const button = form.querySelector('#edition-submit');
      busy(button, true);
      try {
        const recorded = (await app.apiFetch('/v1/editions', { method: 'POST', json: body })).body;
        flash = t('editionRecorded', { name: recorded.name });
        app.navigate(viewHref('changes', { edition: recorded.name }), { focus: 'flash' });
      } catch (err) {
        const field = err.status === 409 || /name/.test(err.message) ? 'name' : /date/.test(err.message) ? 'date' : '';
        showErrors(form, [{ field, reason: err.message }], t('editionFailed'));
      } finally {
        busy(button, false);
      }
    });
    return h('section', { class: 'panel record-edition', 'aria-labelledby': 'record-edition-h' },
      h('h2', { id: 'record-edition-h' }, t('recordEdition')), h('p', { class: 'muted' }, t('recordEditionIntro')), form);
  }

  // ---------- differences between two revisions ----------

  async function showDiff(r, p, seq) {
    loading();
    const range = new URLSearchParams();
    for (const k of ['from', 'to']) if (p.get(k)) range.set(k, p.get(k));
    let diff, doc;
    try {
      [diff, doc] = (await Promise.all([
        app.apiFetch(docApi(r.id, '/diff' + (range.toString() ? '?' + range : ''))),
        app.apiFetch(docApi(r.id, '?include=drafts'))])).map((x) => x.body);
    } catch (err) {
      if (app.current(seq)) failed(err);
      return;
    }
    if (!app.current(seq)) return;
    const c = doc.curation;
    const side = (n) => (n ? t('revisionN', { n }) : t('nothing'));
    view(t('diffTitle', { title: doc.title }),
      backToDoc(doc.id),
      h('p', { class: 'muted', id: 'diff-range' }, t('diffRange', { from: side(diff.from), to: side(diff.to) })),
      diff.changes.length
        ? h('div', { class: 'table-wrap' }, h('table', { class: 'diff-table', id: 'diff-table' },
          h('caption', { class: 'visually-hidden' }, t('diffRange', { from: side(diff.from), to: side(diff.to) })),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('field')), h('th', { scope: 'col' }, side(diff.from)), h('th', { scope: 'col' }, side(diff.to)))),
          h('tbody', null, diff.changes.map((ch) => h('tr', { 'data-field': ch.field, class: 'diff-' + ch.change },
            h('th', { scope: 'row' }, fieldName(ch.field)),
            h('td', { class: 'diff-from', dir: 'auto' }, diffValue(ch.from)),
            h('td', { class: 'diff-to', dir: 'auto' }, diffValue(ch.to)))))))
        : h('p', { class: 'notice' }, t('diffNone')),
      diff.to === c.draft_revision && may('publish') && h('p', { class: 'form-actions' },
        actionButton('publish-button', 'publishDraft', (ev) => transition('publish', doc.id, doc.title, c.revision, ev.currentTarget))));
  }

  function diffValue(v) {
    if (v == null) return h('span', { class: 'muted' }, t('absent'));
    if (Array.isArray(v)) return h('ul', { class: 'diff-list' }, v.map((x) => h('li', null, diffValue(x))));
    if (typeof v !== 'object') return String(v);
    if (v.paragraphs) return [v.heading && h('strong', null, v.heading), v.paragraphs.map((x) => h('p', null, x))];
    return v.id || JSON.stringify(v);
  }

  return { show, chrome, decorateDocument };
};
