#!/usr/bin/python3
"""A local SMTP server that keeps every message, for the send_test_email test.

    /usr/bin/python3 t/fake/smtp_sink.py PORT DIR

Listens on 127.0.0.1:PORT, prints "ready", and writes each message it
accepts to DIR/<n>.eml with the envelope in headers X-Sink-From and
X-Sink-To. Speaks enough SMTP (RFC 5321) for libcurl: EHLO/HELO, MAIL,
RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT. Standard library only."""
import os
import socketserver
import sys


class Session(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        sender, rcpts = None, []
        self.reply("220 sink ESMTP ready")
        while True:
            raw = self.rfile.readline(4096)
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250-sink" if verb == "EHLO" else "250 sink")
                if verb == "EHLO":
                    self.reply("250 8BITMIME")
            elif line.upper().startswith("MAIL FROM:"):
                sender, rcpts = line[10:].strip(), []
                self.reply("250 OK")
            elif line.upper().startswith("RCPT TO:"):
                rcpts.append(line[8:].strip())
                self.reply("250 OK")
            elif verb == "DATA":
                if not sender or not rcpts:
                    self.reply("503 need MAIL and RCPT first")
                    continue
                self.reply("354 end with <CRLF>.<CRLF>")
                body = []
                while True:
                    chunk = self.rfile.readline(65536)
                    if not chunk or chunk in (b".\r\n", b".\n"):
                        break
                    body.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                name = os.path.join(sys.argv[2], "%d.eml" % len(os.listdir(sys.argv[2])))
                with open(name, "wb") as f:
                    f.write(("X-Sink-From: %s\r\nX-Sink-To: %s\r\n" % (sender, ",".join(rcpts))).encode())
                    f.write(b"".join(body))
                self.reply("250 OK queued")
                sender, rcpts = None, []
            elif verb == "RSET":
                sender, rcpts = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 command not implemented")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


if __name__ == "__main__":
    os.makedirs(sys.argv[2], exist_ok=True)
    server = Server(("127.0.0.1", int(sys.argv[1])), Session)
    print("ready", flush=True)
    server.serve_forever()
