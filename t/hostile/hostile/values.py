"""What a hostile client sends: forged tokens, hostile strings and JSON,
multipart bodies and CSV files."""
import base64
import hashlib
import hmac
import json
import time

from .wire import SECRET_KEY


# --- tokens -----------------------------------------------------------------------


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=")


def jwt(header, payload, key=None, sig=None):
    """A JWT from a header and a payload (dicts or raw bytes), signed HS256 with key."""
    h = header if isinstance(header, bytes) else json.dumps(header, separators=(",", ":")).encode()
    p = payload if isinstance(payload, bytes) else json.dumps(payload, separators=(",", ":")).encode()
    signing = b64url(h) + b"." + b64url(p)
    if sig is None:
        sig = hmac.new((key if key is not None else SECRET_KEY).encode(), signing, hashlib.sha256).digest()
    return signing + b"." + b64url(sig)


def claims(token):
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def forged_tokens(ids):
    """Bearer tokens that must all be refused: (label, token bytes)."""
    now = int(time.time())
    real = claims(ids.user_a["access"])
    hs = {"alg": "HS256", "typ": "JWT"}
    good = dict(real, exp=now + 300, iat=now)
    refresh = ids.user_a["refresh"].encode()
    head, body, _ = ids.user_a["access"].encode().split(b".")
    staff_body = b64url(json.dumps(dict(real, user_id=ids.staff["id"])).encode())
    return [
        ("expired", jwt(hs, dict(good, exp=now - 60, iat=now - 400))),
        ("alg none", jwt({"alg": "none", "typ": "JWT"}, good, sig=b"")),
        ("alg None, no signature part", jwt({"alg": "None"}, good, sig=b"")[:-1]),
        ("RS256 header", jwt({"alg": "RS256", "typ": "JWT"}, good)),
        ("HS512 header", jwt({"alg": "HS512", "typ": "JWT"}, good)),
        ("wrong key", jwt(hs, good, key="not-the-secret")),
        ("empty key", jwt(hs, good, key="")),
        ("tampered user_id", head + b"." + staff_body + b"." + ids.user_a["access"].encode().split(b".")[2]),
        ("refresh as access", refresh),
        ("unknown user", jwt(hs, dict(good, user_id=987654321))),
        ("user_id a string", jwt(hs, dict(good, user_id="1 OR 1=1"))),
        ("user_id a float", jwt(hs, dict(good, user_id=2.5))),
        ("user_id huge", jwt(hs, dict(good, user_id=2**70))),
        ("user_id null", jwt(hs, dict(good, user_id=None))),
        ("no exp", jwt(hs, {k: v for k, v in good.items() if k != "exp"})),
        ("exp a string", jwt(hs, dict(good, exp="never"))),
        ("exp 1e300", jwt(hs, dict(good, exp=1e300))),
        ("token_type refresh", jwt(hs, dict(good, token_type="refresh"))),
        ("no token_type", jwt(hs, {k: v for k, v in good.items() if k != "token_type"})),
        ("payload an array", jwt(hs, b"[1,2,3]")),
        ("payload not JSON", jwt(hs, b"\xff\xfe{")),
        ("header not JSON", jwt(b"{alg:HS256", good)),
        ("kid traversal", jwt(dict(hs, kid="../../../../dev/null"), good)),
        ("blacklisted refresh", ids.blacklisted.encode()),
        ("two dots only", b".."),
        ("four parts", head + b"." + body + b".x.y"),
        ("bad base64", b"%%%." + body + b".***"),
        ("8 KB of a", b"a" * 8000),
    ]


# --- the values a hostile client sends -------------------------------------------

LONG = [b"A" * 256, b"B" * 4097, b"\xc3\xa9" * 3000, b"%" * 2000]
NON_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\x80", b"a\x80b",
            b"\xe2\x82"]
STRINGS = [
    b"", b" ", b"0", b"-1", b"1e309", b"NaN", b"null", b"true", b"[]", b"{}", b"'", b'"', b"\\", b"%",
    b"\x00", b"a\x00b", b"\r\n", b"../../etc/passwd", b"<script>alert(1)</script>", b"=cmd|' /C calc'!A0",
    b"+1+1", b"@SUM(A1)", b"-2+3", b"' OR 1=1 --", b"$(id)", b"${jndi:ldap://x}", b"%s%n%x", b"\xe2\x80\xae",
    b"\xf0\x9f\x98\x80", b"\xef\xbb\xbf", b"2019-02-31", b"0000-00-00", b"9999-12-31", b"2019-13-01",
    b"2019-1-1", b"99999-01-01", b"-2019-01-01", b"2019-02-29", b"2020-02-29", b"2019-00-10", b"2019-01-00",
    b"2019-01-01T00:00:00Z", b"01/31/2019", b"2019-01-32", b"18446744073709551616", b"-9223372036854775809",
    b"9223372036854775807", b"0x10", b"1.5", b"-0", b"+5", b"1 ", b" 1", b"1,000", b"1e3",
] + LONG + NON_UTF8
DATES = [b"2019-01-01", b"2019-02-28", b"2019-02-31", b"2019-04-31", b"2019-13-01", b"2019-00-01", b"0000-01-01",
         b"9999-12-31", b"10000-01-01", b"2019-1-1", b"2019/01/01", b"2019-01-01x", b"", b"\xff", b"20190101"]


def pick_value(rng, extra=()):
    """Often one of the values meant for this field (extra), else any hostile one."""
    return rng.choice(extra) if extra and rng.random() < 0.55 else rng.choice(STRINGS)


def pct(raw, rng=None, keep=b"-._~"):
    """Percent-encodes raw bytes (or, now and then, leaves them raw)."""
    if rng is not None and rng.random() < 0.15:
        return raw.replace(b" ", b"+").replace(b"&", b"%26").replace(b"#", b"%23").replace(b"\r", b"%0D").replace(
            b"\n", b"%0A")
    return b"".join(
        bytes([c]) if (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122 or bytes([c]) in keep) else b"%%%02X" % c
        for c in raw
    )


JSON_VALUES = [
    None, True, False, 0, -1, 1.5, 10**30, -(10**30), 2**63, "", "x", [], {}, [1, 2], {"a": {"b": [None]}},
    "a" * 5000, "\u0000", "\ud800", "\U0001f600", "2019-02-31", "=HYPERLINK(\"http://x\")", 3601, 86400,
    1e308, -0.0, "5", " 5 ", "NaN", "Infinity",
]


# GraphQL documents for /graphql/: valid ones, and the hostile shapes the
# limits refuse (deep, wide, aliased, costly, cyclic, oversize).
GRAPHQL_DOCS = [
    "{ links(first: 5) { id url description postedBy { id email } votes { id user { id } } } }",
    "{ links(search: \"a%_\\\\\", first: 3, skip: 1) { id } }", "{ users { id email linkSet { id } voteSet { id } } }",
    "{ votes { id user { email } link { url } } }", "{ currentUser { id email dateJoined } }", "{ __typename }",
    "{ __schema { types { name fields { name type { name ofType { name } } } } } }",
    "query Q($n: Int) { links(first: $n) { id } }", "query A { links { id } } query B { users { id } }",
    "mutation { createLink(url: \"https://example.com/h\", description: \"hostile\") { id postedBy { id } } }",
    "mutation { createLink(url: \"javascript:alert(1)\", description: \"x\") { id } }",
    "mutation { createVote(linkId: 1) { user { id } link { id } } }",
    "mutation { createVote(linkId: 2147483647) { link { id } } }",
    "mutation { verifyToken(token: \"a.b.c\") { payload } }", "mutation { refreshToken(token: \"x\") { token } }",
    "{ users { password } }", "{ links(first: \"x\") { id } }", "{ links { id ", "{ links { id } } }",
    "subscription { links { id } }", "{ links @skip(if: true) { id } }", "{ links { ...F } } fragment F on Link { ...F }",
    "{ links { ...on User { id } } }", "query ($x: Nope) { links { id } }", "\"\"\"unterminated",
    "{ " + "a: __typename " * 200 + "}", "{ " + "links { votes { link { " * 20 + "id" + " } } }" * 20 + " }",
    "{ links(first: 1000) { votes { user { linkSet { votes { id } } } } } }", "{ links { id } }" + " " * 30000,
    "{ users(" + "a: 1, " * 500 + ") { id } }", "{ links { id } } " + "fragment F on Link { id } " * 300,
    "{ __type(name: \"Link\") { fields { name } } }", "\ufeff{ links { id } }", "{ links { id } } # \u0000",
]
GRAPHQL_VARIABLES = [{}, {"n": 2}, {"n": -1}, {"n": 2**40}, {"n": "x"}, [], "{}", "{\"n\": 1}", "[", {"n": None}]


def json_value(rng, extra=()):
    pool = list(extra) * 2 + JSON_VALUES
    return rng.choice(pool)


def dump_json(rng, obj):
    """Serialises obj the way a hostile client might: ASCII escapes or raw UTF-8."""
    text = json.dumps(obj, ensure_ascii=rng.random() < 0.5)
    return text.encode("utf-8", "surrogatepass")


def malformed_json(rng, fields):
    key = rng.choice(fields or ["x"])
    return rng.choice([
        b"", b"{", b"}", b"[", b"null", b"[]", b"\"str\"", b"123", b"{\"" + key.encode() + b"\":",
        b"{\"" + key.encode() + b"\": \"x\"} trailing", b"{'" + key.encode() + b"': 'x'}",
        b"{\"" + key.encode() + b"\": NaN}", b"{\"" + key.encode() + b"\": Infinity}",
        b"{\"" + key.encode() + b"\": \"\xff\xfe\"}", b"{\"" + key.encode() + b"\": \"\\ud800\"}",
        b"{\"" + key.encode() + b"\": \"\\u0000\"}", b"\xef\xbb\xbf{}", b"{\"a\":1,\"a\":2}",
        b"{\"" + key.encode() + b"\": 1e99999}", b"{\"" + key.encode() + b"\": -}",
        b"{\"" + key.encode() + b"\": 123456789012345678901234567890123456789}",
        b"/* c */ {}", b"{\"\xff\": 1}", b"[" * 100000, b"{\"a\":" * 20000 + b"1" + b"}" * 20000,
        b"{\"" + key.encode() + b"\": \"" + b"x" * 2_000_000 + b"\"}", b"\x00\x00\x00",
        b"{\"" + key.encode() + b"\": \"a\"\x00}",
    ])


# --- multipart and CSV -----------------------------------------------------------

CSV_HEADER = b"Posted Date,Reference Number,Payee,Address,Amount"


def hostile_csv(rng):
    rows = [
        b"11/12/2020,24000335222,SHELL OIL 5744,\"PORTLAND, OR\",-182.42",
        b"02/31/2019,1,BAD DATE,x,-1.00", b"13/01/2019,1,BAD MONTH,x,-1.00", b"1/1/2019,1,=1+1,=cmd|' /C calc'!A0,-1",
        b"1/1/2019,1,+SUM(A1),@x,-1", b"1/1/2019,1,\"unbalanced,x,-1", b"1/1/2019,1,a,b,1e309",
        b"1/1/2019,1,a,b,NaN", b"1/1/2019,1,a,b,", b"1/1/2019,1,a,b,1,000.00", b"1/1/2019,1,\xff\xfe,\xc3\x28,-1",
        b"1/1/2019,1," + b"x" * 70000 + b",b,-1", b",,,,", b"1/1/2019", b"1/1/2019,1,a,b,-1,extra,extra",
        b"\x00\x00\x00", b"1/1/99999,1,a,b,-1", b"1/1/2019,1,a,b,99999999999999999999999.99",
    ]
    header = rng.choice([CSV_HEADER, b"\xef\xbb\xbf" + CSV_HEADER, b"", b"a,b", CSV_HEADER + b",Extra"])
    eol = rng.choice([b"\r\n", b"\n", b"\r"])
    body = [header] + [rng.choice(rows) for _ in range(rng.randint(0, 6))]
    if rng.random() < 0.1:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 4000)))
    return eol.join(body) + (eol if rng.random() < 0.7 else b"")


def multipart(rng, month):
    """A statement upload's body and boundary, made wrong in one way or another."""
    boundary = rng.choice([b"hostileBoundary7", b"x" * 70, b"b", b"\xff\xfe", b"a b", b"-" * 10])
    form = rng.choice([
        dump_json(rng, {"month": month}), dump_json(rng, {"month": json_value(rng, ["2019-01-01"])}),
        b"not json", b"", b"{\"month\":", dump_json(rng, [1]), dump_json(rng, {"month": "2019-01-01", "owner": 1}),
    ])
    fname = rng.choice([b"s.csv", b"../../../etc/passwd", b"..\\..\\x.csv", b"\xff.csv", b"", b"a" * 600,
                        b"x.csv\x00.exe", b"\"q\".csv", b"/abs/path.csv"])
    parts = []
    if rng.random() < 0.9:
        parts.append(b"Content-Disposition: form-data; name=\"form\"\r\n\r\n" + form)
    if rng.random() < 0.85:
        parts.append(b"Content-Disposition: form-data; name=\"file\"; filename=\"" + fname +
                     b"\"\r\nContent-Type: " + rng.choice([b"text/csv", b"application/octet-stream", b"\xff"]) +
                     b"\r\n\r\n" + hostile_csv(rng))
    for _ in range(rng.choice([0, 0, 0, 1, 3, 200])):
        parts.append(rng.choice([b"Content-Disposition: form-data; name=\"x\"\r\n\r\ny",
                                 b"no headers at all", b"Content-Disposition: form-data\r\n\r\nnoname",
                                 b"Content-Disposition: form-data; name=\"form\"\r\n\r\n{}"]))
    rng.shuffle(parts)
    body = b"".join(b"--" + boundary + b"\r\n" + p + b"\r\n" for p in parts)
    end = rng.choice([b"--" + boundary + b"--\r\n", b"--" + boundary + b"--\r\n", b"", b"--" + boundary + b"\r\n",
                      b"--wrong--\r\n"])
    ctype = rng.choice([
        b"multipart/form-data; boundary=" + boundary, b"multipart/form-data; boundary=" + boundary,
        b"multipart/form-data; boundary=\"" + boundary + b"\"", b"multipart/form-data",
        b"multipart/form-data; boundary=",
        b"multipart/mixed; boundary=" + boundary, b"application/json", b"text/csv",
        b"multipart/form-data; boundary=" + boundary + b"; boundary=other",
    ])
    return body + end, ctype
