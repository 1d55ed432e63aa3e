#!/usr/bin/python3
"""A stand-in for bin/wsd that shows what nginx sends it, for ws_auth.t.

    /usr/bin/python3 t/fake/ws_headers.py SOCKET_PATH

Listens on the unix socket SOCKET_PATH (where nginx's upstream `wsd`
points) and answers every request, a websocket handshake included, with
200 and a JSON object: the request line's method and path, and every
header as nginx passed it (names lower-cased, repeated ones joined with
", "). It never upgrades: the test checks the proxy's headers, wsd's own
tests the protocol. Standard library only."""
import http.server
import json
import os
import socketserver
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        headers = {}
        for name, value in self.headers.items():
            name = name.lower()
            headers[name] = headers[name] + ", " + value if name in headers else value
        body = json.dumps({"method": self.command, "path": self.path, "headers": headers}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    do_POST = do_GET

    def address_string(self):  # a unix socket's peer has no address
        return "unix"

    def log_message(self, fmt, *args):
        sys.stderr.write("ws_headers: " + (fmt % args) + "\n")


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main():
    path = sys.argv[1]
    if os.path.exists(path):
        os.unlink(path)
    with Server(path, Handler) as server:
        os.chmod(path, 0o666)  # nginx's workers may run as another user
        server.serve_forever()


if __name__ == "__main__":
    main()
