#!/usr/bin/python3
"""A fake OAuth2 provider playing GitHub, Google and Facebook for tests.

    /usr/bin/python3 t/fake/oauth_provider.py PORT

Listens on 127.0.0.1:PORT, prints "ready" once listening, serves until
killed, and logs one line per request on stderr. Standard library only.

Endpoints (point the SOCIAL_AUTH_* settings at them):

    POST /github/login/oauth/access_token   GET /github/user   GET /github/user/emails
    POST /google/token                      GET /google/userinfo
    GET /github/authorize, /google/authorize, /facebook/authorize: the consent
    page, already agreed: 302 to redirect_uri?code=ok-NAME&state=... (?login=NAME)
    POST|GET /facebook/oauth/access_token   GET /facebook/me   (query ignored)

Token endpoints take client_id, client_secret, code, grant_type and an
optional redirect_uri as a form body (or the query string for Facebook's GET;
HTTP Basic credentials are accepted too). They answer 401
{"error":"incorrect_client_credentials"} unless the credentials equal
FAKE_OAUTH_CLIENT_ID / FAKE_OAUTH_CLIENT_SECRET (default "test-client" /
"test-secret"), 400 {"error":"unsupported_grant_type"} unless grant_type is
authorization_code, and 400 {"error":"redirect_uri_mismatch"} when
FAKE_OAUTH_REDIRECT_URI is set and redirect_uri differs. Like GitHub, the
GitHub token endpoint answers form-encoded unless asked for
application/json, and the GitHub API answers 403 without a User-Agent.

Profile endpoints need "Authorization: Bearer <token>" (GitHub also takes
"token <token>") with a token this server issued, else 401 JSON.

What happens is chosen by the code:

    code               token call                      profile / emails
    ok-NAME            200 token "tok-NAME"            NAME@example.com verified;
                                                       names "Name Tester"
                                                       (GitHub: primary verified
                                                       address listed after a
                                                       verified non-primary
                                                       NAME-old@example.com)
    noemail-NAME       200 token "tok-noemail-NAME"    no email at all (GitHub:
                                                       profile email null,
                                                       emails [], name null)
    unverified-NAME    200 token "tok-unverified-NAME" email present, unverified
                                                       (GitHub emails verified
                                                       false; Google
                                                       email_verified false;
                                                       Facebook: no email, as
                                                       it never shows one)
    secondary-NAME     like ok-NAME                    GitHub: the primary address
                                                       is unverified, a verified
                                                       NAME-old@example.com is
                                                       listed; others as ok-NAME
    verifiedstr-NAME   like ok-NAME                    Google email_verified is
                                                       the string "true"
    longname-NAME      like ok-NAME                    first name "X" + 200 x
                                                       "\u00e9" (401 bytes)
    longemail-NAME     like ok-NAME                    a verified 300-char email
    noat-NAME          like ok-NAME                    verified email "NAME"
    forged             200 token "forged" never issued profile answers 401
    bad                GitHub: 200 {"error":"bad_verification_code",
                       "error_description":"The code passed is incorrect
                       or expired."} (GitHub really answers 200);
                       Google: 400 {"error":"invalid_grant",
                       "error_description":"Bad Request"};
                       Facebook: 400 {"error":{"message":"This
                       authorization code has been used.",
                       "type":"OAuthException","code":100}}
    ctrl               400 {"error":"bad\\ncode", "error_description": 300
                       chars with control characters}
    slow               sleeps 10 s, then answers like ok-slow
    junk               200 "<html>oops</html>" (text/html)
    notoken            200 {"token_type":"bearer"}
    huge               200, a 2 MiB JSON body with Content-Length
    huge-nolength      200, a 2 MiB JSON body without Content-Length
    500                500 "Internal Server Error" (text/plain)
    redirect           302 back to the same URL, empty body (clients must
                       not follow redirects)
    anything else      400 {"error":"bad_verification_code"}

A NAME with an "@" is the whole address instead of NAME@example.com, so a
test can present an existing account's email, verified (ok-admin@company.com)
or not (unverified-admin@company.com); GitHub's extra addresses are then
LOCAL-old@DOMAIN and LOCAL-spare@DOMAIN.
"""

import base64
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

from fakehttp import serve

CLIENT_ID = os.environ.get("FAKE_OAUTH_CLIENT_ID", "test-client")
CLIENT_SECRET = os.environ.get("FAKE_OAUTH_CLIENT_SECRET", "test-secret")
REDIRECT_URI = os.environ.get("FAKE_OAUTH_REDIRECT_URI")

TOKEN_PATHS = {
    "/github/login/oauth/access_token": "github",
    "/google/token": "google",
    "/facebook/oauth/access_token": "facebook",
}
PROFILE_PATHS = {
    "/github/user": ("github", "profile"),
    "/github/user/emails": ("github", "emails"),
    "/google/userinfo": ("google", "profile"),
    "/facebook/me": ("facebook", "profile"),
}
KINDS = ("ok", "noemail", "unverified", "secondary", "verifiedstr", "longname", "longemail",
         "noat")

issued = {}  # token -> (kind, name)
issued_lock = threading.Lock()


def issue(kind, name):
    token = "tok-" + name if kind == "ok" else "tok-%s-%s" % (kind, name)
    with issued_lock:
        issued[token] = (kind, name)
    return token


def bad_code(provider):
    if provider == "github":
        return 200, {
            "error": "bad_verification_code",
            "error_description": "The code passed is incorrect or expired.",
        }
    if provider == "google":
        return 400, {"error": "invalid_grant", "error_description": "Bad Request"}
    return 400, {
        "error": {
            "message": "This authorization code has been used.",
            "type": "OAuthException",
            "code": 100,
            "fbtrace_id": "Fake",
        }
    }


def address(name, suffix=""):
    """NAME@example.com, or NAME itself when it is an address; suffix goes
    after the local part (GitHub's extra addresses)."""
    local, at, domain = name.partition("@")
    return local + suffix + "@" + (domain if at else "example.com")


def person(kind, name):
    """(email or None, verified, first, last) for a kind of account."""
    first, last = name.partition("@")[0].capitalize(), "Tester"
    email, verified = address(name), True
    if kind == "noemail":
        email = None
    elif kind == "unverified":
        verified = False
    elif kind == "longname":
        first = "X" + "\u00e9" * 200
    elif kind == "longemail":
        email = name + "x" * (300 - len(name) - len("@example.com")) + "@example.com"
    elif kind == "noat":
        email = name
    return email, verified, first, last


def github_profile(kind, name):
    email, verified, first, last = person(kind, name)
    return {
        "login": name,
        "id": abs(hash(name)) % 1000000,
        "name": None if kind == "noemail" else "%s %s" % (first, last),
        "email": email,
    }


def github_emails(kind, name):
    email, verified, _, _ = person(kind, name)
    if email is None:
        return []
    emails = [{"email": address(name, "-spare"), "primary": False, "verified": False,
               "visibility": None}]
    if kind in ("ok", "secondary"):
        emails.append({"email": address(name, "-old"), "primary": False, "verified": True,
                       "visibility": None})
    emails.append({"email": email, "primary": True,
                   "verified": verified and kind != "secondary", "visibility": "public"})
    return emails


def google_profile(kind, name):
    email, verified, first, last = person(kind, name)
    body = {"sub": "g-" + name, "name": "%s %s" % (first, last), "given_name": first,
            "family_name": last}
    if email is not None:
        body["email"] = email
        body["email_verified"] = "true" if kind == "verifiedstr" else verified
    return body


def facebook_profile(kind, name):
    email, verified, first, last = person(kind, name)
    body = {"id": "fb-" + name, "first_name": first, "last_name": last}
    if email is not None and verified:
        body["email"] = email
    return body


class Handler(BaseHTTPRequestHandler):
    server_version = "FakeOAuth/1"

    def log_message(self, fmt, *args):
        sys.stderr.write("fake-oauth: %s\n" % (fmt % args))
        sys.stderr.flush()

    def log_request(self, code="-", size="-"):
        pass  # send() logs once the answer is written, or not

    def log_answer(self, status, outcome=""):
        note = getattr(self, "note", "")
        self.log_message("%s %s%s %s%s", self.command, self.path.split("?")[0],
                         " " + note if note else "", status, outcome)

    def send(self, status, body, content_type="application/json", length=True, headers=()):
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        outcome = ""
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if length:
                self.send_header("Content-Length", str(len(body)))
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            outcome = " (client went away)"
        self.close_connection = True
        self.log_answer(status, outcome)

    def form(self):
        url = urlsplit(self.path)
        fields = parse_qs(url.query)
        if self.command == "POST":
            n = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(n).decode("utf-8", "replace")
            fields.update(parse_qs(raw, keep_blank_values=True))
        form = {k: v[0] for k, v in fields.items()}
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            try:
                user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
                form.setdefault("client_id", user)
                form.setdefault("client_secret", password)
            except ValueError:
                pass
        return form

    def do_GET(self):
        path = urlsplit(self.path).path
        if path in ("/github/authorize", "/google/authorize", "/facebook/authorize"):
            return self.authorize()
        if path in TOKEN_PATHS and TOKEN_PATHS[path] == "facebook":
            return self.token("facebook")
        if path in PROFILE_PATHS:
            return self.profile(*PROFILE_PATHS[path])
        self.send(404, {"error": "not_found"})

    def do_POST(self):
        path = urlsplit(self.path).path
        if path in TOKEN_PATHS:
            return self.token(TOKEN_PATHS[path])
        self.send(404, {"error": "not_found"})

    def authorize(self):
        """The provider's consent page, already agreed: back to redirect_uri
        with code ok-NAME (NAME from ?login=, default "browser") and the state."""
        q = dict(parse_qsl(urlsplit(self.path).query))
        uri = q.get("redirect_uri", "")
        if q.get("client_id") != CLIENT_ID or q.get("response_type") != "code":
            return self.send(400, {"error": "invalid_request"})
        if not uri.startswith(("http://127.0.0.1:", "http://localhost:")):
            return self.send(400, {"error": "redirect_uri_mismatch"})
        code = "ok-" + q.get("login", "browser")
        sep = "&" if "?" in uri else "?"
        location = uri + sep + urlencode({"code": code, "state": q.get("state", "")})
        self.note = "authorize -> %s" % location
        self.send(302, b"", headers=[("Location", location)])

    def token(self, provider):
        form = self.form()
        code = form.get("code", "")
        self.note = "code=%r" % code
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return self.send(401, {"error": "incorrect_client_credentials"})
        if form.get("grant_type") != "authorization_code":
            return self.send(400, {"error": "unsupported_grant_type"})
        if REDIRECT_URI is not None and form.get("redirect_uri") != REDIRECT_URI:
            return self.send(400, {"error": "redirect_uri_mismatch"})

        kind, _, name = code.partition("-")
        if code == "slow":
            time.sleep(10)
            kind, name = "ok", "slow"
        if code == "bad":
            return self.send(*bad_code(provider))
        if code == "ctrl":
            return self.send(400, {"error": "bad\ncode",
                                   "error_description": "line\r\none\x07\x1b[31m" + "z" * 290})
        if code == "junk":
            return self.send(200, "<html>oops</html>", "text/html")
        if code == "notoken":
            return self.send(200, {"token_type": "bearer"})
        if code in ("huge", "huge-nolength"):
            body = {"access_token": "tok-huge", "padding": "x" * (2 << 20)}
            return self.send(200, body, length=(code == "huge"))
        if code == "500":
            return self.send(500, "Internal Server Error", "text/plain")
        if code == "redirect":
            there = "http://%s:%d%s" % (*self.server.server_address[:2], self.path)
            return self.send(302, "", "text/plain", headers=[("Location", there)])
        if code == "forged":
            return self.answer_token(provider, "forged")
        if kind not in KINDS or not name:
            return self.send(400, {"error": "bad_verification_code"})
        return self.answer_token(provider, issue(kind, name))

    def answer_token(self, provider, token):
        answer = {"access_token": token, "token_type": "bearer", "scope": "user:email"}
        if provider == "google":
            answer.update({"expires_in": 3599, "scope": "openid email profile"})
        elif provider == "facebook":
            answer = {"access_token": token, "token_type": "bearer", "expires_in": 5183944}
        if provider == "github" and "application/json" not in self.headers.get("Accept", ""):
            return self.send(200, urlencode(answer), "application/x-www-form-urlencoded")
        self.send(200, answer)

    def profile(self, provider, what):
        auth = self.headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        with issued_lock:
            account = issued.get(token)
        schemes = ("bearer", "token") if provider == "github" else ("bearer",)
        if scheme.lower() not in schemes or account is None:
            return self.send(401, {"error": "invalid_token", "message": "Bad credentials"})
        if provider == "github" and not self.headers.get("User-Agent"):
            return self.send(403, {"message": "Request forbidden: a User-Agent is required"})
        kind, name = account
        if provider == "github":
            body = github_profile(kind, name) if what == "profile" else github_emails(kind, name)
        elif provider == "google":
            body = google_profile(kind, name)
        else:
            body = facebook_profile(kind, name)
        self.send(200, body)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: oauth_provider.py PORT")
    serve(sys.argv[1], Handler)


if __name__ == "__main__":
    main()
