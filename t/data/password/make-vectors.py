#!/usr/bin/python3
"""Password hash vectors in Django's pbkdf2_sha256 format, made with Python's
hashlib.pbkdf2_hmac (an implementation independent of ours, the same call
Django's PBKDF2PasswordHasher makes). Regenerate: ./make-vectors.py > vectors.txt

Each line: <password as hex> <encoded hash>. Every hash verifies for its
password; lib/auth's test also checks that a changed password does not."""
import base64
import hashlib

CASES = [
    ("password", "seasalt", 1),
    ("password", "seasalt", 1000),
    ("correct horse battery staple", "Qk9zNdW5pAUb", 36000),     # Django 1.11's count
    ("hunter2hunter2", "m4TXmQv3nU6pWfTQ1tKc8x", 260000),        # Django 3.2's count
    ("p\u00e4ssw\u00f6rd \u5bc6\u7801", "AbCdEf0123456789ghIJkl", 320000),  # Django 4.0's count
    ("x" * 300, "longpasswordsalt", 2),
    ("", "emptysalt", 10),
    ("admin@company.com", "Z1y2X3w4V5u6T7s8R9q0", 260000),
]

for password, salt, iterations in CASES:
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    encoded = "pbkdf2_sha256$%d$%s$%s" % (iterations, salt, base64.b64encode(digest).decode())
    print(password.encode().hex() or "-", encoded)
