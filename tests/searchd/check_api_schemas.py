#!/usr/bin/env python3
"""Validates a running bridges-searchd's JSON responses against schema/api/*.json.

usage: check_api_schemas.py http://127.0.0.1:8080 [CURATOR_TOKEN EDITOR_TOKEN]

Fetches every route with a spread of parameters (and a set of requests that must
fail), checks each body against its JSON Schema (draft 2020-12) with
python3-jsonschema, and checks that every stored record returned by
/v1/documents/{id} still validates against schema/document.schema.json, the
input format. With a curator's and an editor's token (searchd with --store), it
also writes a test document through the curation API and checks every curation
response and error. Prints one line per failure and ends with "N passed, N failed";
exits 1 if anything failed. Needs only the standard library and jsonschema
(Debian: apt-get install python3-jsonschema).
"""
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load(name):
    with open(os.path.join(ROOT, "schema", name), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


SCHEMAS = {name: load("api/%s.schema.json" % name)
           for name in ("search", "facets", "suggest", "document", "health", "error", "write", "revisions",
                        "revision", "diff", "changes", "edition", "editions", "audit")}
RECORD = load("document.schema.json")

SEARCHES = [
    "",
    "q=rumours",
    "q=rumours&per_page=3&page=2",
    "q=rumores&qlang=es",
    "q=estrategia%20antirrumores%20para%20ciudades",
    "q=rumours&ui=es",
    "q=rumours&collapse=none&per_page=50",
    "q=rumours%20youht",
    "q=youht",
    "q=xqzzy",
    "q=%22ciudades%20interculturales%22",
    "q=title:handbook%20OR%20org:council",
    "q=city:Breslau",
    "q=domain:youth%20-lang:en",
    "q=rum*",
    "q=%E3%81%86%E3%82%8F%E3%81%95",
    "q=-youth&sort=oldest",
    "sort=title&per_page=100",
    "sort=newest&per_page=100&page=2&collapse=none",
    "domain=anti-rumours&domain=youth&lang=es",
    "type=guide&year_from=2023&year_to=2024",
    "status=archived",
    "edition=2024",
    "country=FI&facet_limit=0",
    "q=rumours&facets=false",
    "page=500&per_page=20",
]
FACETS = ["", "type=guide&lang=es", "domain=youth&collapse=none&facet_limit=3", "ui=fr", "facets=false"]
SUGGESTS = ["q=ant", "q=ant&ui=es", "q=bres", "q=intercultural%20c", "q=", "q=zzz", "q=%E5%8F%8D"]
ERRORS = [  # (method, path, HTTP status)
    ("GET", "/v1/nothing", 404),
    ("GET", "/v1/documents/no-such-document", 404),
    ("POST", "/v1/search", 405),
    ("PATCH", "/v1/documents/x", 405),
    ("GET", "/v1/search?per_page=101", 400),
    ("GET", "/v1/search?page=abc", 400),
    ("GET", "/v1/search?page=1&page=2", 400),
    ("GET", "/v1/search?foo=1", 400),
    ("GET", "/v1/search?sort=best", 400),
    ("GET", "/v1/search?year_from=2025&year_to=2023", 400),
    ("GET", "/v1/search?qlang=not-a-language", 400),
    ("GET", "/v1/search?q=%22open", 400),
    ("GET", "/v1/search?q=nope:x", 400),
    ("GET", "/v1/search?q=%ff", 400),
    ("GET", "/v1/search?q=%zz", 400),
    ("GET", "/v1/search?q=" + "+".join(["w"] * 65), 400),
    ("GET", "/v1/facets?q=youth", 400),
    ("GET", "/v1/suggest?q=" + "a" * 201, 400),
    ("GET", "/v1/search?q=" + "a" * 2100, 414),
    ("GET", "/v1/search?ui=" + "x" * 2400, 414),
]


class Checker:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.passed = 0
        self.failed = 0

    def fetch(self, path, method="GET", token=None, body=None, content_type="application/json"):
        headers = {"Authorization": "Bearer " + token} if token else {}
        if body is not None:
            headers["Content-Type"] = content_type
            body = body.encode("utf-8")
        request = urllib.request.Request(self.base + path, method=method, headers=headers, data=body)
        try:
            with urllib.request.urlopen(request, timeout=30) as r:
                return r.status, r.headers.get("Content-Type", ""), r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Content-Type", ""), e.read()

    def fail(self, what, why):
        self.failed += 1
        print("FAIL %s: %s" % (what, why))

    def check(self, what, validator, body):
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
        if errors:
            e = errors[0]
            where = "/".join(str(p) for p in e.absolute_path)
            return self.fail(what, "%s at /%s (%d error(s))" % (e.message[:300], where, len(errors)))
        self.passed += 1

    def get_json(self, path, expected_status=200, method="GET", token=None, body=None, content_type="application/json"):
        status, content_type, raw = self.fetch(path, method, token, body, content_type)
        what = "%s %s" % (method, path[:120])
        if status != expected_status:
            self.fail(what, "status %d, expected %d: %s" % (status, expected_status, raw[:200]))
            return None
        if not content_type.startswith("application/json"):
            self.fail(what, "content type %r" % content_type)
            return None
        try:
            return json.loads(raw)
        except ValueError as e:
            self.fail(what, "not JSON: %s" % e)
            return None

    def run(self):
        document_ids = set()
        health = self.get_json("/healthz")
        if health is not None:
            self.check("/healthz", SCHEMAS["health"], health)
        for params in SEARCHES:
            path = "/v1/search?" + params
            body = self.get_json(path)
            if body is None:
                continue
            self.check(path, SCHEMAS["search"], body)
            for hit in body.get("hits", [])[:3]:
                document_ids.add(hit.get("id"))
                document_ids.update(t.get("id") for t in hit.get("translations", [])[:2])
        for params in FACETS:
            path = "/v1/facets?" + params
            body = self.get_json(path)
            if body is not None:
                self.check(path, SCHEMAS["facets"], body)
        for params in SUGGESTS:
            path = "/v1/suggest?" + params
            body = self.get_json(path)
            if body is not None:
                self.check(path, SCHEMAS["suggest"], body)
        related = set()
        for doc_id in sorted(i for i in document_ids if i):
            path = "/v1/documents/" + urllib.parse.quote(doc_id)
            body = self.get_json(path)
            if body is None:
                continue
            self.check(path, SCHEMAS["document"], body)
            record = {k: v for k, v in body.items() if k not in ("translations", "related")}
            self.check(path + " (stored record vs schema/document.schema.json)", RECORD, record)
            related.update(r.get("id") for r in body.get("related", []))
        for doc_id in sorted(i for i in related - document_ids if i)[:10]:
            path = "/v1/documents/" + urllib.parse.quote(doc_id)
            body = self.get_json(path)
            if body is not None:
                self.check(path, SCHEMAS["document"], body)
        for method, path, status in ERRORS:
            body = self.get_json(path, status, method)
            if body is None:
                continue
            self.check("%s %s" % (method, path[:120]), SCHEMAS["error"], body)
            if body.get("error", {}).get("status") != status:
                self.fail(path[:120], "error.status %r differs from HTTP status %d" % (body.get("error"), status))
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0

    def expect(self, schema, path, status=200, method="GET", token=None, body=None, content_type="application/json"):
        result = self.get_json(path, status, method, token, body, content_type)
        if result is not None:
            self.check("%s %s" % (method, path), SCHEMAS[schema], result)
        return result

    def run_curation(self, curator, editor):
        doc = "schema-check-%d" % int(time.time())
        record = lambda title: json.dumps({"id": doc, "work": doc, "type": "report", "lang": "en", "title": title})
        path = "/v1/documents/" + doc
        self.expect("write", path, method="PUT", token=editor, body=record("Schema check"))
        self.expect("write", path, method="PUT", token=curator, body=record("Schema check, draft"))
        self.expect("document", path + "?include=drafts", token=curator)
        self.expect("search", "/v1/search?q=schema&include=drafts", token=curator)
        self.expect("revisions", path + "/revisions", token=curator)
        self.expect("revision", path + "/revisions/1", token=curator)
        self.expect("diff", path + "/diff", token=curator)
        self.expect("write", path + "/publish", method="POST", token=editor)
        self.expect("write", path + "/archive", method="POST", token=curator)
        self.expect("edition", "/v1/editions", method="POST", token=editor, body=json.dumps({"name": doc, "note": "check"}))
        self.expect("editions", "/v1/editions")
        self.expect("changes", "/v1/changes?since=2000-01-01", token=curator)
        self.expect("changes", "/v1/changes?edition=" + doc, token=curator)
        self.expect("audit", "/v1/audit?limit=50", token=editor)
        self.expect("write", path, method="DELETE", token=editor)
        for status, method, where, token, body, content_type in [
                (401, "PUT", path, None, record("x"), "application/json"),
                (401, "GET", "/v1/audit", "bridges_not-a-token", None, None),
                (403, "GET", "/v1/audit", curator, None, None),
                (403, "DELETE", path, curator, None, None),
                (409, "POST", path + "/publish", editor, None, None),
                (415, "PUT", path, curator, "title: x", "text/plain"),
                (422, "PUT", path, curator, json.dumps({"id": doc}), "application/json"),
                (422, "PUT", path, curator, "<document/>", "application/xml"),
                (404, "GET", "/v1/documents/no-such-doc/revisions", curator, None, None),
                (405, "PATCH", path, curator, None, None)]:
            self.expect("error", where, status, method, token, body, content_type or "application/json")
        print("%d passed, %d failed (with curation)" % (self.passed, self.failed))
        return 1 if self.failed else 0


def main():
    if len(sys.argv) not in (2, 4):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    checker = Checker(sys.argv[1])
    status = checker.run()
    if len(sys.argv) == 4:
        status = checker.run_curation(sys.argv[2], sys.argv[3])
    return status


if __name__ == "__main__":
    sys.exit(main())
