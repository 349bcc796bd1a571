#!/usr/bin/python3
"""tests/servers/smtp_server.py - a real SMTP server on 127.0.0.1 for the
tests (aiosmtpd), with the misbehaviours a sender must survive.

  smtp_server.py --port-file FILE [--maildir DIR] [--tls CERT KEY]
                 [--auth USER:PASS] [--tempfail-first N] [--reject ADDR]...
                 [--hang-after-rcpt] [--stats FILE]

It listens on a port of the system's choosing and writes the number to
FILE once it accepts connections. Each message received goes to DIR as
NNNNNN.eml (the raw bytes, as sent) with NNNNNN.json beside it (the
envelope: mail_from, rcpt_tos, whether STARTTLS was used, who logged in),
each written whole (a temporary name, then rename). --tls demands
STARTTLS before MAIL; --auth demands AUTH (PLAIN or LOGIN) with those
credentials; --tempfail-first N answers 451 to each recipient's first N
tries; --reject ADDR answers 550 to ADDR; --hang-after-rcpt never answers
DATA. --stats FILE gets a JSON count of messages when it stops. It stops
on SIGTERM or SIGINT.
"""

import argparse
import asyncio
import json
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, opts):
        self.opts = opts
        self.count = 0
        self.tries = {}
        self.rejected = {a.lower() for a in opts.reject}

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        addr = address.lower()
        if addr in self.rejected:
            return "550 5.1.1 <%s>: mailbox unavailable, no such user" % \
                address
        n = self.tries.get(addr, 0) + 1
        self.tries[addr] = n
        if n <= self.opts.tempfail_first:
            return "451 4.3.0 <%s>: try again later (greylisted)" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        if self.opts.maildir:
            base = os.path.join(self.opts.maildir, "%06d" % self.count)
            meta = {
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "tls": session.ssl is not None,
                "login": (session.auth_data.login.decode("utf-8", "replace")
                          if isinstance(session.auth_data, LoginPassword)
                          else None),
            }
            write_whole(base + ".eml", envelope.original_content)
            write_whole(base + ".json", json.dumps(meta).encode())
        return "250 2.0.0 OK queued as %06d" % self.count


def write_whole(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


class HangingSMTP(SMTP):
    """Never answers DATA: the sender must give up on its own."""

    async def smtp_DATA(self, arg):
        await asyncio.sleep(3600)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port-file", required=True)
    p.add_argument("--maildir")
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--auth", metavar="USER:PASS")
    p.add_argument("--tempfail-first", type=int, default=0)
    p.add_argument("--reject", action="append", default=[])
    p.add_argument("--hang-after-rcpt", action="store_true")
    p.add_argument("--stats")
    opts = p.parse_args()
    if opts.maildir:
        os.makedirs(opts.maildir, exist_ok=True)

    handler = Handler(opts)
    ctx = None
    if opts.tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(opts.tls[0], opts.tls[1])
    user = password = None
    if opts.auth:
        user, _, password = opts.auth.partition(":")

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and
              auth_data.login.decode() == user and
              auth_data.password.decode() == password)
        return AuthResult(success=ok, handled=False,
                          auth_data=auth_data if ok else None)

    cls = HangingSMTP if opts.hang_after_rcpt else SMTP

    def factory():
        kw = dict(hostname="herald-test.localhost", command_call_limit=None,
                  data_size_limit=None)
        if ctx is not None:
            kw.update(tls_context=ctx, require_starttls=True)
        if opts.auth:
            kw.update(authenticator=authenticator, auth_required=True,
                      auth_require_tls=ctx is not None)
        return cls(handler, **kw)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(factory, host="127.0.0.1", port=0))
    port = server.sockets[0].getsockname()[1]
    write_whole(opts.port_file, b"%d\n" % port)

    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or
                                stop.set_result(None))
    loop.run_until_complete(stop)
    server.close()
    if opts.stats:
        write_whole(opts.stats, json.dumps({"messages": handler.count})
                    .encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
