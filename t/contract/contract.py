"""The contract test's shared part: the API document (GET /api/schema/,
OpenAPI 3.1) and the exchanges t/integration/lib.sh's http() recorded.

A record directory (one per test file, $VAR_DIR/contract/<dir>/<file>/)
holds exchanges.tsv, one line per request: ID, METHOD, PATH (with its
query), STATUS, tab-separated; and ID.headers (as curl -D wrote them) and
ID.body. check() says what in one exchange the document does not describe.
"""
import json
import os
import re
import sys
import urllib.parse
import urllib.request
import warnings

sys.dont_write_bytecode = True  # no __pycache__ in the source tree (make dist takes t/contract)
warnings.simplefilter("ignore", DeprecationWarning)  # RefResolver, in jsonschema >= 4.18

from jsonschema import Draft202012Validator, RefResolver  # noqa: E402
from jsonschema.exceptions import best_match  # noqa: E402

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
ERROR_REF = "#/components/schemas/Error"


class DocumentError(Exception):
    pass


def load_document(document=None, cache=None, base_url=None):
    """The document from the file given, else from the cache, else fetched
    from base_url (and kept in the cache, written whole or not at all)."""
    if document:
        with open(document, encoding="utf-8") as f:
            return json.load(f)
    if cache and os.path.exists(cache):
        with open(cache, encoding="utf-8") as f:
            return json.load(f)
    if not base_url:
        raise DocumentError("no document: BASE_URL is not set and no --document given")
    url = base_url.rstrip("/") + "/api/schema/"
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            text = r.read().decode("utf-8")
        doc = json.loads(text)
    except Exception as e:  # any failure: one line that says what
        raise DocumentError(f"the API document could not be fetched: GET {url}: {e}") from None
    if not isinstance(doc, dict) or not str(doc.get("openapi", "")).startswith("3.1"):
        raise DocumentError(f"GET {url} is not an OpenAPI 3.1 document: {text[:120]!r}")
    if cache:
        tmp = f"{cache}.{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, cache)
    return doc


class Record:
    def __init__(self, directory, ident, method, path, status):
        self.directory, self.id = directory, ident
        self.method, self.path, self.status = method.upper(), path, status
        self._headers = None

    @property
    def route(self):
        """The path without its query string."""
        return self.path.split("?", 1)[0].split("#", 1)[0]

    @property
    def headers(self):
        """The last response's headers (after a 100 Continue or a redirect),
        names lower-cased, repeated ones joined with ", "."""
        if self._headers is None:
            self._headers = parse_headers(self._read("headers").decode("latin-1"))
        return self._headers

    @property
    def body(self):
        return self._read("body")

    def _read(self, ext):
        try:
            with open(os.path.join(self.directory, f"{self.id}.{ext}"), "rb") as f:
                return f.read()
        except FileNotFoundError:
            return b""


def parse_headers(text):
    blocks = [b for b in re.split(r"\r?\n\r?\n", text) if b.startswith("HTTP/")]
    headers = {}
    for line in blocks[-1].splitlines()[1:] if blocks else []:
        name, sep, value = line.partition(":")
        if sep:
            name, value = name.strip().lower(), value.strip()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


def read_records(directory):
    """The exchanges recorded in one record directory, in order."""
    records = []
    try:
        with open(os.path.join(directory, "exchanges.tsv"), encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return records
    for line in lines:
        fields = line.split("\t")
        if len(fields) >= 4:
            records.append(Record(directory, fields[0], fields[1], "\t".join(fields[2:-1]), fields[-1]))
    return records


def record_dirs(root):
    """Every record directory under root (those holding an exchanges.tsv)."""
    for d, _, files in sorted(os.walk(root)):
        if "exchanges.tsv" in files:
            yield d


class Document:
    def __init__(self, doc):
        self.doc = doc
        self.resolver = RefResolver.from_schema(doc)
        prefix = ""
        servers = doc.get("servers") or []
        if servers and isinstance(servers[0], dict):
            prefix = urllib.parse.urlparse(servers[0].get("url", "")).path.rstrip("/")
        self.paths = []
        for template, item in (doc.get("paths") or {}).items():
            parts = re.split(r"(\{[^}/]+\})", prefix + template)
            regex = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
            params = sum(1 for p in parts if p.startswith("{"))
            self.paths.append((params, template, re.compile(regex + r"\Z"), item))
        self.paths.sort(key=lambda p: p[0])  # a literal path wins over a templated one
        self._validators = {}

    def resolve(self, obj):
        """A Response or Header Object, with its $ref followed."""
        while isinstance(obj, dict) and "$ref" in obj:
            _, obj = self.resolver.resolve(obj["$ref"])
        return obj if isinstance(obj, dict) else {}

    def find_path(self, route):
        """(template, path item) of the route, or (None, None)."""
        for _, template, regex, item in self.paths:
            if regex.match(route):
                return template, self.resolve(item)
        return None, None

    def operations(self):
        """Every operation: (METHOD, template, operation)."""
        for _, template, _, item in sorted(self.paths, key=lambda p: p[1]):
            item = self.resolve(item)
            for m in METHODS:
                if isinstance(item.get(m), dict):
                    yield m.upper(), template, item[m]

    def validate(self, schema, instance):
        """None, or why instance does not match schema (one line)."""
        key = json.dumps(schema, sort_keys=True)
        if key not in self._validators:
            self._validators[key] = Draft202012Validator(schema, resolver=self.resolver)
        error = best_match(self._validators[key].iter_errors(instance))
        if error is None:
            return None
        where = error.json_path
        rule = "/".join(str(p) for p in error.relative_schema_path)
        return f"at {where}: {shorten(error.message, 200)} (schema rule {rule})"


def shorten(text, n):
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 3] + "..."


def excerpt(body, n=120):
    return shorten(body.decode("utf-8", errors="replace"), n) if body else "(empty)"


def responses_of(op):
    return (op.get("responses") or {}) if isinstance(op, dict) else {}


def find_response(doc, op, status):
    """The Response Object of op for status ("404", then "4XX", then
    "default"), or None."""
    responses = responses_of(op)
    for key in (status, status[:1] + "XX", status[:1] + "xx", "default"):
        if key in responses:
            return doc.resolve(responses[key])
    return None


def media_matches(listed, media):
    listed = listed.split(";", 1)[0].strip().lower()
    if listed in ("*/*", media):
        return True
    return listed.endswith("/*") and media.split("/", 1)[0] == listed[:-2]


def is_json(media):
    return media == "application/json" or media.endswith("+json")


def check_response(doc, rec, resp, what):
    """What in rec does not match the Response Object resp (a list of
    reasons); what names the operation ("GET /api/x/{id}/")."""
    reasons = []
    head = rec.method == "HEAD"
    ctype = rec.headers.get("content-type", "")
    media = ctype.split(";", 1)[0].strip().lower()
    body = b"" if head else rec.body
    content = resp.get("content") or {}
    for name, header in (resp.get("headers") or {}).items():
        header = doc.resolve(header)
        if name.lower() != "content-type" and header.get("required") is not False \
                and name.lower() not in rec.headers:
            reasons.append(f"no {name} header, which the document declares for {rec.status} of {what}")
    if not content:
        if body:
            reasons.append(f"a body ({ctype or 'no Content-Type'}) where the document declares none "
                           f"for {rec.status} of {what}")
        return reasons
    listed = ", ".join(content)
    if not media:
        if not head:
            reasons.append(f"no Content-Type; the document lists {listed} for {rec.status} of {what}")
        return reasons
    key = next((k for k in content if media_matches(k, media)), None)
    if key is None:
        reasons.append(f"Content-Type {ctype} is not listed for {rec.status} of {what} (listed: {listed})")
        return reasons
    schema = (content[key] or {}).get("schema")
    if head or schema is None or not is_json(media):
        return reasons
    try:
        instance = json.loads(body)
    except ValueError as e:
        reasons.append(f"the body is not JSON ({e})")
        return reasons
    why = doc.validate(schema, instance)
    if why:
        name = schema.get("$ref", "the schema") if isinstance(schema, dict) else "the schema"
        reasons.append(f"the body does not match {name} of {rec.status} of {what}: {why}")
    return reasons


# What nginx and the request checks answer on any path, known or not (a
# bad path or Host, a URL too long, the program not running): the
# document's generic responses, which every operation lists too.
ANYWHERE = {"400": "BadRequest", "414": "UriTooLong", "503": "ServiceUnavailable"}


def check_unknown_api_path(doc, rec):
    """A path under /api/ the document does not have: a 404 with an Error,
    or one of the ANYWHERE responses."""
    if rec.status in ANYWHERE:
        generic = ((doc.doc.get("components") or {}).get("responses") or {}).get(ANYWHERE[rec.status])
        if generic is not None:
            return check_response(doc, rec, doc.resolve(generic), "an unknown path")
    if rec.status != "404":
        return [f"{shorten(rec.route, 120)} is not a path of the document: only a 404 (or nginx's "
                "400, 414, 503) is expected there (add the route's doc, or answer 404)"]
    resp = {"content": {"application/json": {"schema": {"$ref": ERROR_REF}}}}
    return check_response(doc, rec, resp, "an unknown path")


def check_method_not_there(doc, rec, template, item):
    """A method the path has no operation for: a 405 that some operation of
    the path documents."""
    methods = [m.upper() for m in METHODS if isinstance(item.get(m), dict)]
    what = f"{template} ({'/'.join(methods)})"
    if rec.method == "OPTIONS" and "options" not in item:
        # Every path answers OPTIONS (its Allow, {}): the document says so
        # once, as components.responses.Options, not per path.
        options = ((doc.doc.get("components") or {}).get("responses") or {}).get("Options")
        if options is None:
            return [f"OPTIONS on {what}: the document has no components.responses.Options"]
        if rec.status != "200":
            return [f"OPTIONS on {what} answered {rec.status}; components.responses.Options is a 200"]
        return check_response(doc, rec, doc.resolve(options), f"OPTIONS {template}")
    if rec.status != "405":
        return [f"{rec.method} is no operation of {what}: only a 405 is expected "
                "(document the operation, or answer 405)"]
    for m in methods:
        resp = find_response(doc, item[m.lower()], "405")
        if resp is not None:
            return check_response(doc, rec, resp, f"{m} {template}")
    return [f"no operation of {what} documents a 405"]


def check(doc, rec):
    """(kind, operation, reasons): kind is "none" (no response: curl gave
    up), "outside" (not in the document, and not under /api/ or the docs
    page /api/docs/, an HTML page with its static files: not checked),
    or "checked"; operation is (METHOD, template) when the record matched
    one, else None; reasons is what does not match (empty: all matches)."""
    if not rec.status.isdigit() or rec.status == "000":
        return "none", None, []
    route = rec.route
    template, item = doc.find_path(route)
    if template is None:
        if route.startswith("/api/") and route != "/api/docs" and not route.startswith("/api/docs/"):
            return "checked", None, check_unknown_api_path(doc, rec)
        return "outside", None, []
    method = rec.method.lower()
    op = item.get(method)
    if method == "head" and not isinstance(op, dict):
        op, method = item.get("get"), "get"
    if not isinstance(op, dict):
        return "checked", None, check_method_not_there(doc, rec, template, item)
    what = f"{method.upper()} {template}"
    resp = find_response(doc, op, rec.status)
    if resp is None:
        listed = ", ".join(sorted(responses_of(op))) or "none"
        return "checked", (method.upper(), template), \
            [f"status {rec.status} is not listed for {what} (listed: {listed})"]
    return "checked", (method.upper(), template), check_response(doc, rec, resp, what)


def add_document_args(parser):
    var_dir = os.environ.get("VAR_DIR")
    parser.add_argument("--document", help="the API document (JSON); default: fetched once and cached")
    parser.add_argument("--cache", default=os.path.join(var_dir, "openapi.json") if var_dir else None,
                        help="where the fetched document is kept (default $VAR_DIR/openapi.json)")
    parser.add_argument("--base-url", default=os.environ.get("BASE_URL"),
                        help="the stack (default $BASE_URL); the document is GET /api/schema/")
