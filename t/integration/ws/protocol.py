"""The websocket protocol as wsd speaks it through nginx: handshake
refusals, frames (fragmented, masked and not, binary, oversize, invalid
UTF-8, close, ping), error frames that keep the connection, the rate limit.
Argument: the unix socket of a wsd started with ALLOWED_HOSTS=* (a missing
Origin is accepted there only)."""
import asyncio
import json
import sys

import websockets

from wslib import (BINARY, CLOSE, CONT, MAX_MESSAGE, NOTIFICATIONS, PING, PING_PONG, PONG, TEXT, Raw, Tap,
                   connect, next_json, ping_text, pong_round, tag)

t = Tap()
ANY_HOSTS_SOCK = sys.argv[1] if len(sys.argv) > 1 else None


def refused(desc, want, **kw):
    """A handshake refused with status want (an int or a tuple of them)."""
    ws = Raw(**kw)
    wants = want if isinstance(want, tuple) else (want,)
    t.ok(ws.status in wants, f"{desc}: HTTP {'/'.join(map(str, wants))}",
         f"got {ws.status} {ws.body[:200]!r}", f"headers {ws.headers}")
    ws.close()
    return ws


def detail_body(desc, ws):
    """The refusal's body is the JSON {"detail": "..."} of the contract."""
    body = ws.json_body()
    t.ok(isinstance(body, dict) and isinstance(body.get("detail"), str) and body["detail"] and set(body) == {"detail"},
         f"{desc}: the body is {{\"detail\": ...}}", f"got {ws.headers.get('content-type')} {ws.body[:200]!r}")


# --- handshakes ---------------------------------------------------------------------------------


def handshakes():

    ws = Raw()
    t.ok(ws.accepted(), "a browser's handshake (allowed Origin) is switched, with the right Sec-WebSocket-Accept",
         f"got {ws.status} {ws.headers}")
    ws.close()
    ws = Raw(path=PING_PONG + "?x=1&y=%FF")
    t.ok(ws.accepted(), "the query string is ignored: /ws/ping-pong/?x=1 is switched", f"got {ws.status}")
    ws.close()
    ws = Raw(path=PING_PONG + "?%zz=1")
    body = ws.json_body()
    t.ok(ws.accepted() or (ws.status == 400 and isinstance(body, dict) and "detail" in body),
         "a query string with a bad escape (?%zz=1): switched (ignored) or a 400 {\"detail\"} (not lws's HTML 403)",
         f"got {ws.status} {ws.headers.get('content-type')} {ws.body[:80]!r}")
    ws.close()
    ws = Raw(path=NOTIFICATIONS)
    t.ok(ws.accepted(), "/ws/notifications/ is switched too", f"got {ws.status}")
    ws.close()
    detail_body("bad Origin", refused("an Origin not in ALLOWED_HOSTS (http://evil.example) is refused", 403,
                                      origin="http://evil.example"))
    refused("an Origin with a path and user (http://localhost@evil.example) is refused", 403,
            origin="http://localhost@evil.example")
    refused("an Origin with another scheme (file://) is refused", 403, origin="file://localhost")
    refused("a missing Origin is refused when ALLOWED_HOSTS has no *", 403, origin=None)
    if ANY_HOSTS_SOCK:
        ws = Raw(origin=None, unix=ANY_HOSTS_SOCK)
        t.ok(ws.accepted(), "a missing Origin is accepted by a wsd with ALLOWED_HOSTS=*",
             f"got {ws.status} {ws.body!r}")
        ws.close()
    detail_body("unknown path", refused("an unknown path (/ws/nope/) is 404", 404, path="/ws/nope/"))
    refused("/ws/ping-pong without its slash is 404", 404, path="/ws/ping-pong")
    refused("/ws/ping-pong/x is 404", 404, path="/ws/ping-pong/x")
    detail_body("no Upgrade", refused("a plain GET without Upgrade is 426", 426, upgrade=False))
    ws = Raw(upgrade="\xff")
    body = ws.json_body()
    t.ok(ws.status in (400, 426) and isinstance(body, dict) and "detail" in body,
         "an Upgrade other than websocket (a byte 0xff) is a 400 or 426 {\"detail\"} (not lws's HTML 403)",
         f"got {ws.status} {ws.headers.get('content-type')} {ws.body[:80]!r}")
    ws.close()
    refused("a bad Sec-WebSocket-Key (not 16 bytes in base64) is refused", (400, 426), key="c2hvcnQ=")
    refused("a missing Sec-WebSocket-Key is refused", (400, 426), key="")
    refused("an 8 KB Sec-WebSocket-Key gets a 4xx (not a dropped connection: a 503 through nginx)", (400, 431),
            key="A" * 8000)
    for offer in ("chat", "chat, " * 500 + "chat"):
        ws = Raw(headers=[("Sec-WebSocket-Protocol", offer)])
        t.ok(ws.status in (101, 400) and ws.headers.get("sec-websocket-protocol") in (None, "wsd"),
             f"a subprotocol wsd does not speak ({len(offer)} bytes) is ignored or a 400, not a dropped connection",
             f"got {ws.status} {ws.headers.get('sec-websocket-protocol')} {ws.body[:80]!r}")
        ws.close()
    refused("Sec-WebSocket-Version 12 is refused", (400, 426), version="12")
    refused("a missing Sec-WebSocket-Version is refused", (400, 426), version="")
    detail_body("Host", refused("a Host not in ALLOWED_HOSTS (evil.example) is 400", 400, host="evil.example",
                                origin="http://evil.example"))
    refused("a Host not allowed is refused even with an allowed Origin", 400, host="evil.example")


def injected_identity():
    ws = Raw(headers=[("X-Ws-User-Id", "1"), ("X-Ws-User-Email", "admin%40example.com")])
    pong = pong_round(ws, "injector") if ws.accepted() else None
    t.is_(pong and pong.get("user", "missing"), None,
          "identity headers sent by a client are not trusted (nginx overwrites them): user is null")
    ws.close()


# --- frames ----------------------------------------------------------------------------------------


def fragments():

    ws = Raw()
    me = tag()
    whole = ping_text("frag-" + me, me).encode()
    ws.send(TEXT, whole[:10], fin=False)
    ws.send(CONT, whole[10:25], fin=False)
    ws.send(CONT, whole[25:], fin=True)
    first = ws.next_json(10, lambda m: m.get("sender") == me)
    t.is_(first and first.get("message"), "frag-" + me, "a ping in three fragments is reassembled: a pong comes")
    second = pong_round(ws, me)
    got = [first and first.get("message"), second and second.get("message")]
    t.ok(second is not None, "exactly one pong for the fragmented ping (the next is the next ping's)", f"got {got}")
    ws.send(TEXT, ping_text("ctl-" + me, me).encode()[:7], fin=False)
    ws.send(PING, b"mid")
    op, payload = ws.message(10, answer_pings=False)
    while op == TEXT:  # a pong of the group's
        op, payload = ws.message(10, answer_pings=False)
    t.is_((op, payload), (PONG, b"mid"), "a ping between fragments is answered at once")
    ws.send(CONT, ping_text("ctl-" + me, me).encode()[7:], fin=True)
    m = ws.next_json(10, lambda m: m.get("sender") == me)
    t.is_(m and m.get("message"), "ctl-" + me, "and the fragmented message around it is still whole")
    ws.close()


async def masked_client():
    """python3-websockets masks every frame it sends, as a browser does."""
    me = tag()
    c = await connect()
    try:
        await c.send(ping_text("masked", me))
        m = await next_json(c, 10, lambda m: m.get("sender") == me)
        await c.send([ping_text("it", me)[:5], ping_text("it", me)[5:20], ping_text("it", me)[20:]])
        m2 = await next_json(c, 10, lambda m: m.get("sender") == me)
        pong_waiter = await c.ping(b"payload-42")
        try:
            await asyncio.wait_for(pong_waiter, 10)
            answered = True
        except asyncio.TimeoutError:
            answered = False
    finally:
        await c.close()
    return m, m2, answered


def masked():
    m, m2, answered = asyncio.run(masked_client())
    t.is_(m and m.get("message"), "masked", "masked frames (python3-websockets) get a pong")
    t.is_(m2 and m2.get("message"), "it", "a fragmented message from python3-websockets gets its pong")
    t.ok(answered, "a control ping from python3-websockets is answered with its payload")


def unmasked():
    # RFC 6455 5.1 says a server MUST close on an unmasked client frame;
    # libwebsockets 4.1 accepts it and does not tell its user whether a frame
    # was masked, so wsd cannot refuse it (README, Websockets: known
    # deviations). Browsers always mask, and masking protects intermediaries
    # from the browser's page, not the server. What wsd guarantees: the frame
    # is read as what it says and nothing else breaks.
    ws = Raw()
    ws.send(TEXT, ping_text("unmasked", tag()), mask=False)
    m = ws.next_json(10, lambda m: "vue_ping" in m or m.get("type") == "error")
    t.ok(m is not None, "an unmasked client frame is read (lws 4.1 accepts it: a documented deviation)",
         f"got {m}")
    ws.close()
    ws = Raw()
    t.ok(pong_round(ws, tag()) is not None, "and wsd still serves a new connection afterwards")
    ws.close()


def binary():
    ws = Raw()
    ws.send(BINARY, b"\x00\x01binary")
    m = ws.next_json(10, lambda m: m.get("type") == "error")
    t.ok(m is not None and set(m) == {"type", "detail"} and isinstance(m["detail"], str) and m["detail"],
         "a binary frame gets an error frame {\"type\": \"error\", \"detail\": ...}", f"got {m}")
    t.ok(pong_round(ws, tag()) is not None, "and the connection stays open (a ping still gets its pong)")
    ws.close()


def not_a_ping():
    for bad, what in [("not json", "text that is not JSON"), ("[1, 2]", "a JSON array"),
                      ('{"message": "x", "sender": "s"}', "a ping without ts"),
                      ('{"message": "x", "ts": "soon", "sender": "s"}', "a ping whose ts is not a number"),
                      ('{"ts": 1, "sender": "s"}', "a ping without message"),
                      ('{"message": "x", "ts": 1}', "a ping without sender"), ("", "an empty message")]:
        ws = Raw()
        ws.text(bad)
        m = ws.next_json(10, lambda m: m.get("type") == "error" or "cached_value" in m)
        ok = m is not None and m.get("type") == "error" and isinstance(m.get("detail"), str)
        t.ok(ok and pong_round(ws, tag()) is not None, f"{what} gets an error frame and the connection stays open",
             f"got {m}")
        ws.close()


def non_finite():
    """json-c reads NaN and Infinity; passed on they would be invalid JSON for every member."""
    watcher = Raw()
    for number, where in [("NaN", "message"), ("Infinity", "sender"), ("-Infinity", "message"),
                          ("1e999", "sender")]:
        me = tag()
        value = f'{{"deep": [1, {number}]}}' if where == "message" else number
        message = value if where == "message" else f'"{me}"'
        sender = value if where == "sender" else f'"{me}"'
        ws = Raw()
        ws.text(f'{{"message": {message}, "ts": 1, "sender": {sender}}}')
        m = ws.next_json(10, lambda m: m.get("type") == "error" or "cached_value" in m)
        t.ok(m is not None and m.get("type") == "error", f"a ping with {number} in its {where} gets an error frame",
             f"got {m}")
        seen = watcher.next_json(2, lambda m: me in (m.get("message"), m.get("sender")))
        t.ok(seen is None, "and no pong of it reaches another client", f"got {seen}")
        ws.close()
    ws, me = Raw(), tag()
    ws.text(ping_text("finite", me))
    t.ok(watcher.next_json(10, lambda m: m.get("sender") == me) is not None, "while a finite ping does reach it")
    ws.close()
    watcher.close()


def oversize():
    ws = Raw()
    me = tag()
    pad = MAX_MESSAGE - len(ping_text("", me, 1).encode())
    ws.text(ping_text("x" * pad, me, 1))
    m = ws.next_json(15, lambda m: m.get("sender") == me)
    t.is_(m and len(m.get("message") or ""), pad,
          f"a message of exactly WS_MAX_MESSAGE_BYTES ({MAX_MESSAGE}) is taken")
    ws.close()
    ws = Raw()
    ws.text(ping_text("x" * (pad + 1), me, 1))
    got = ws.until_close(15)
    t.ok(isinstance(got, tuple) and got[0] == 1009, "one byte more in one frame: close 1009", f"got {got}")
    ws.close()
    ws = Raw()
    third = MAX_MESSAGE // 3 + 1
    ws.send(TEXT, b" " * third, fin=False)
    ws.send(CONT, b" " * third, fin=False)
    ws.send(CONT, b" " * third + b"{}", fin=True)
    got = ws.until_close(15)
    t.ok(isinstance(got, tuple) and got[0] == 1009, "fragments that add up to more than the limit: close 1009",
         f"got {got}")
    ws.close()


def invalid_utf8():
    ws = Raw()
    ws.send(TEXT, b'{"message": "\xff\xfe", "ts": 1, "sender": "x"}')
    got = ws.until_close(10)
    t.ok(isinstance(got, tuple) and got[0] == 1007, "invalid UTF-8 in a text frame: close 1007", f"got {got}")
    ws.close()
    ws = Raw()
    ws.send(TEXT, b'{"message": "\xe2\x82', fin=False)
    ws.send(CONT, b'x", "ts": 1, "sender": "x"}', fin=True)
    got = ws.until_close(10)
    t.ok(isinstance(got, tuple) and got[0] == 1007, "a UTF-8 sequence broken across fragments: close 1007", f"got {got}")
    ws.close()


def ping_and_close():
    ws = Raw()
    ws.send(PING, b"hello-ping")
    op, payload = ws.message(10, answer_pings=False)
    t.is_((op, payload), (PONG, b"hello-ping"), "a ping frame is answered with a pong of the same payload")
    ws.send(CLOSE, b"\x03\xe8bye")
    got = ws.until_close(10)
    t.ok(isinstance(got, tuple) and got[0] == 1000, "a client close 1000 is answered with close 1000", f"got {got}")
    t.ok(ws.eof(10), "and then the server ends the TCP connection")
    ws.close()


async def close_from_library():
    c = await connect()
    await c.close(1000, "done")
    return c.close_code


def library_close():
    t.is_(asyncio.run(close_from_library()), 1000, "python3-websockets' close handshake completes with 1000")


def rate_limit():
    ws = Raw()
    me = tag()
    for i in range(300):
        ws.text(ping_text(i, me))
    got = ws.until_close(20)
    t.ok(isinstance(got, tuple) and got[0] == 1008, "300 messages at once, past WS_MESSAGE_BURST: close 1008",
         f"got {got}")
    ws.close()


for section in [handshakes, injected_identity, fragments, masked, unmasked, binary, not_a_ping, non_finite, oversize,
                invalid_utf8, ping_and_close, library_close, rate_limit]:
    t.run(section)
sys.exit(t.done())
