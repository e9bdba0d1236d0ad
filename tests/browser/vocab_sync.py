#!/usr/bin/env python3
"""Keeps the vocabulary snapshot of the search page current.

The search page carries a small snapshot of schema/vocabularies (English and
French labels, and the type definitions the API does not serve) between the
BEGIN VOCAB / END VOCAB lines of searchd/web/i18n.js, so that document pages
and tooltips are labelled without another round trip.

  python3 tests/browser/vocab_sync.py          exits 1 if the snapshot is stale
  python3 tests/browser/vocab_sync.py --write  rewrites it

The browser test runs the check too (see test_search_page.py). Standard
library only. The block is written exactly as JavaScript's JSON.stringify
would write it (see js_json), so the output does not depend on the tool.
"""
import decimal
import json
import math
import os
import re
import sys

UI_LANGS = ['en', 'fr']
BEGIN = '// BEGIN VOCAB'
END = '// END VOCAB'
COMMAND = 'python3 tests/browser/vocab_sync.py --write'


def _load(source_dir, name):
    path = os.path.join(source_dir, 'schema', 'vocabularies', name + '.json')
    with open(path, encoding='utf-8') as f:
        return json.load(f)['entries']


# ---------- JavaScript semantics ----------

def _truthy(v):
    """JavaScript truthiness of a value parsed from JSON."""
    if v is None or v is False or v is UNDEFINED:
        return False
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v != 0 and not (isinstance(v, float) and math.isnan(v))
    if isinstance(v, str):
        return v != ''
    return True  # true, objects and arrays (even empty ones)


def _or(*values):
    """a || b || c: the first truthy value, else the last."""
    for v in values[:-1]:
        if _truthy(v):
            return v
    return values[-1]


class _Undefined:
    def __repr__(self):
        return 'undefined'


UNDEFINED = _Undefined()


def _prop(obj, key):
    """obj[key] for a JSON value: undefined when missing or not an object."""
    return obj.get(key, UNDEFINED) if isinstance(obj, dict) else UNDEFINED


def _number(n):
    """String(n) for a JSON number, as JavaScript writes it."""
    if isinstance(n, bool):
        return 'true' if n else 'false'
    if isinstance(n, int):
        return str(n) if abs(n) < 10 ** 21 else _number(float(n))
    if math.isnan(n) or math.isinf(n):
        return 'null'
    if n == 0:
        return '0'
    sign = '-' if n < 0 else ''
    t = decimal.Decimal(repr(abs(n))).normalize().as_tuple()  # the shortest digits that round-trip
    digits = ''.join(map(str, t.digits))
    k = len(digits)
    e = t.exponent + k  # the value is 0.digits * 10**e
    if k <= e <= 21:
        out = digits + '0' * (e - k)
    elif 0 < e <= 21:
        out = digits[:e] + '.' + digits[e:]
    elif -6 < e <= 0:
        out = '0.' + '0' * -e + digits
    else:
        x = e - 1
        out = digits[0] + ('.' + digits[1:] if k > 1 else '') + 'e' + ('+' if x > 0 else '-') + str(abs(x))
    return sign + out


def _property_key(v):
    """The property key JavaScript makes of v in obj[v] = ..."""
    if v is UNDEFINED:
        return 'undefined'
    if v is None:
        return 'null'
    if isinstance(v, str):
        return v
    if isinstance(v, (bool, int, float)):
        return _number(v)
    if isinstance(v, list):
        return ','.join('' if x is None or x is UNDEFINED else _property_key(x) for x in v)
    return '[object Object]'


def _keys(obj):
    """Object.keys order: array indices ascending, then insertion order."""
    def index(k):
        if re.fullmatch(r'0|[1-9][0-9]*', k) and int(k) < 2 ** 32 - 1:
            return int(k)
        return None
    indices = sorted((k for k in obj if index(k) is not None), key=int)
    return indices + [k for k in obj if index(k) is None]


def _js_string(s):
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == '\\':
            out.append('\\\\')
        elif ch in '\b\f\n\r\t':
            out.append({'\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'}[ch])
        elif c < 0x20 or 0xD800 <= c <= 0xDFFF:  # a lone surrogate, as well-formed JSON.stringify
            out.append('\\u%04x' % c)
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


def js_json(v):
    """JSON.stringify(v) without indentation, byte for byte (undefined
    appears only inside arrays, where JSON.stringify writes null)."""
    if v is None or v is UNDEFINED:
        return 'null'
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    if isinstance(v, (int, float)):
        return _number(v)
    if isinstance(v, str):
        return _js_string(v)
    if isinstance(v, list):
        return '[' + ','.join(js_json(x) for x in v) + ']'
    if isinstance(v, dict):
        return '{' + ','.join(_js_string(k) + ':' + js_json(v[k]) for k in _keys(v)) + '}'
    raise TypeError('not a JSON value: %r' % (v,))


# ---------- the snapshot ----------

def build_snapshot(source_dir):
    """The block, one entry per line, arrays rather than objects: [en, fr]
    labels, and for types [en, fr, definition en, definition fr]."""
    def labels(e):
        return [_or(_truthy(_prop(e, 'labels')) and _or(_prop(e['labels'], lang), _prop(e['labels'], 'en')),
                    _prop(e, 'id')) for lang in UI_LANGS]

    vocab = {'type': {}, 'domain': {}, 'network': {}, 'lang': {}, 'city': {}}
    for e in _load(source_dir, 'types'):
        definition = _prop(e, 'definition')
        vocab['type'][_property_key(_prop(e, 'id'))] = labels(e) + [
            _or(_truthy(definition) and _or(_prop(definition, lang), _prop(definition, 'en')), '') for lang in UI_LANGS]
    for kind, name in (('domain', 'domains'), ('network', 'networks'), ('lang', 'languages')):
        for e in _load(source_dir, name):
            vocab[kind][_property_key(_prop(e, 'id'))] = labels(e)
    for e in _load(source_dir, 'cities'):
        names = _or(_prop(e, 'names'), {})
        vocab['city'][_property_key(_prop(e, 'id'))] = [
            _or(_prop(names, lang), _prop(names, 'en'), _prop(e, 'id')) for lang in UI_LANGS]

    lines = [BEGIN + ' (generated by ' + COMMAND + '; do not edit by hand)', 'const VOCAB = {']
    kinds = list(vocab)
    for k, kind in enumerate(kinds):
        lines.append('  %s: {' % kind)
        ids = _keys(vocab[kind])
        for i, id_ in enumerate(ids):
            lines.append('    %s: %s%s' % (_js_string(id_), js_json(vocab[kind][id_]), ',' if i + 1 < len(ids) else ''))
        lines.append('  }' + (',' if k + 1 < len(kinds) else ''))
    lines += ['};', END]
    return '\n'.join(lines)


def _i18n_path(source_dir):
    return os.path.join(source_dir, 'searchd', 'web', 'i18n.js')


def _read(path):
    with open(path, encoding='utf-8', newline='') as f:  # newline='': keep line ends as they are
        return f.read()


def split_file(text):
    start = text.find(BEGIN)
    end = text.find(END)
    if start < 0 or end < start:
        raise ValueError('i18n.js has no %s ... %s block' % (BEGIN, END))
    return text[:start], text[start:end + len(END)], text[end + len(END):]


def check_snapshot(source_dir):
    """None when the snapshot in i18n.js is current, else a message."""
    path = _i18n_path(source_dir)
    _, current, _ = split_file(_read(path))
    wanted = build_snapshot(source_dir)
    if current == wanted:
        return None
    a, b = current.split('\n'), wanted.split('\n')
    for i in range(max(len(a), len(b))):
        have = a[i] if i < len(a) else 'undefined'
        want = b[i] if i < len(b) else 'undefined'
        if i >= len(a) or i >= len(b) or a[i] != b[i]:
            return ('%s: vocabulary snapshot is stale (first difference at block line %d:\n  have %s\n  want %s)\n'
                    'run: %s' % (path, i + 1, have, want, COMMAND))
    return 'vocabulary snapshot differs'


def write_snapshot(source_dir):
    path = _i18n_path(source_dir)
    before, _, after = split_file(_read(path))
    with open(path, 'w', encoding='utf-8', newline='') as f:
        f.write(before + build_snapshot(source_dir) + after)
    return path


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    source_dir = os.path.normpath(os.environ.get('BRIDGES_SOURCE_DIR') or os.path.join(here, '..', '..'))
    if '--write' in argv[1:]:
        print('wrote the vocabulary snapshot into %s' % write_snapshot(source_dir))
        return 0
    problem = check_snapshot(source_dir)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    print('vocabulary snapshot is current')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
