#!/usr/bin/python3
"""Checks that a token from token_issue() is one simplejwt would take.

Reads one compact JWT on stdin and verifies it with PyJWT (Debian's
python3-jwt, so run it with /usr/bin/python3) the way simplejwt does:
HS256 only, signature, exp and iat checked. It also checks the shape
simplejwt gives its tokens: header exactly {"alg":"HS256","typ":"JWT"} and
exactly the claims token_type, exp, iat, jti (32 lowercase hex), user_id.
Prints the claims as JSON and exits 0, or prints why on stderr and exits 1.

    ./token-issuing-program | /usr/bin/python3 t/data/jwt/verify-ours.py [--ignore-exp]

--ignore-exp skips the exp check, for tokens issued at a fixed past time.
The key is "interop-test-key-0123456789abcdef0123456789" unless the
environment sets JWT_INTEROP_KEY.
"""
import json
import os
import re
import sys

import jwt

KEY = os.environ.get("JWT_INTEROP_KEY", "interop-test-key-0123456789abcdef0123456789")
CLAIMS = {"token_type", "exp", "iat", "jti", "user_id"}


def check(token, verify_exp):
    header = jwt.get_unverified_header(token)
    if header != {"alg": "HS256", "typ": "JWT"}:
        raise ValueError("header is %r" % header)
    claims = jwt.decode(token, KEY, algorithms=["HS256"],
                        options={"verify_exp": verify_exp, "require": sorted(CLAIMS)})
    if set(claims) != CLAIMS:
        raise ValueError("claims are %s" % sorted(claims))
    if claims["token_type"] not in ("access", "refresh"):
        raise ValueError("token_type is %r" % claims["token_type"])
    if not re.fullmatch(r"[0-9a-f]{32}", str(claims["jti"])):
        raise ValueError("jti is %r" % claims["jti"])
    for name in ("exp", "iat", "user_id"):
        if type(claims[name]) is not int:
            raise ValueError("%s is %r" % (name, claims[name]))
    if claims["exp"] <= claims["iat"] or claims["user_id"] <= 0:
        raise ValueError("exp/iat/user_id out of range")
    return claims


def main(argv):
    verify_exp = "--ignore-exp" not in argv[1:]
    token = sys.stdin.read().strip()
    try:
        claims = check(token, verify_exp)
    except (jwt.InvalidTokenError, ValueError) as e:
        print("verify-ours: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 1
    print(json.dumps(claims))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
