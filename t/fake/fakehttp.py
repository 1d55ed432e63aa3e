"""What the HTTP stand-ins in t/fake share: serve a handler class on
127.0.0.1:PORT, print "ready" once listening, and run until killed."""
from http.server import ThreadingHTTPServer


def serve(port, handler):
    server = ThreadingHTTPServer(("127.0.0.1", int(port)), handler)
    server.daemon_threads = True
    print("ready", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
