#!/usr/bin/env bash
# A request whose body the program never reads (a GET with a body, a POST
# refused before its body is read) must not break the next request on the
# same kept FastCGI connection (nginx's fastcgi_keep_conn): the hostile
# campaign saw other users' POSTs get 503 after one. Speaks FastCGI to the
# api's socket itself, so both requests surely share one connection.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"

fcgi_pair() { # fcgi_pair METHOD URI BODY_BYTES: "status1 status2" of two requests on one connection
    /usr/bin/python3 - "$VAR_DIR/run/api.sock" "$@" <<'PY'
import socket, struct, sys
path, method, uri, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def record(kind, rid, data=b""):
    return struct.pack(">BBHHBx", 1, kind, rid, len(data), 0) + data

def params(pairs):
    out = b""
    for k, v in pairs.items():
        k, v = k.encode(), v.encode()
        for n in (len(k), len(v)):
            out += bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)
        out += k + v
    return out

def request(sock, rid, method, uri, body, ctype):
    env = {"REQUEST_METHOD": method, "REQUEST_URI": uri, "DOCUMENT_URI": uri, "QUERY_STRING": "",
           "HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
           "CONTENT_TYPE": ctype, "CONTENT_LENGTH": str(len(body))}
    out = record(1, rid, struct.pack(">HB5x", 1, 1))  # BEGIN_REQUEST, responder, FCGI_KEEP_CONN
    p = params(env)
    out += record(4, rid, p) + record(4, rid)
    for i in range(0, len(body), 65535):
        out += record(5, rid, body[i:i + 65535])
    sock.sendall(out + record(5, rid))
    stdout = b""
    while True:
        head = b""
        while len(head) < 8:
            chunk = sock.recv(8 - len(head))
            if not chunk:
                return "closed"
            head += chunk
        _, kind, _, n, pad = struct.unpack(">BBHHBx", head)
        data = b""
        while len(data) < n + pad:
            chunk = sock.recv(n + pad - len(data))
            if not chunk:
                return "closed"
            data += chunk
        if kind == 6:
            stdout += data[:n]
        elif kind == 3:  # END_REQUEST
            line = stdout.split(b"\r\n", 1)[0].decode()
            return line.split()[1] if line.startswith("Status:") else "200"

s = socket.socket(socket.AF_UNIX)
s.settimeout(30)
s.connect(path)
first = request(s, 1, method, uri, b"{" + b" " * size + b"}", "application/json")
second = request(s, 2, "POST", "/api/debug/redis/", b"{}", "application/json")
print(first, second)
PY
}

is "$(fcgi_pair GET /api/ 100000)" "200 401" "a GET with an unread 100 KB body: the next request on the connection is answered"
is "$(fcgi_pair POST /api/debug/redis/ 100000)" "401 401" "a POST refused before its body is read: the same"
is "$(fcgi_pair GET /api/health-check/ 10)" "200 401" "a small unread body too"
is "$(fcgi_pair POST /api/auth/verify_token/ 0)" "400 401" "and a body that was read leaves nothing behind"
done_testing
