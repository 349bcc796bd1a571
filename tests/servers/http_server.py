#!/usr/bin/python3
# tests/servers/http_server.py - a loopback HTTP server for the command
# tests: it stands in for a webhook receiver, GitHub's repository security
# advisories, Jira and ServiceNow.
#
#   http_server.py --port-file F [--port N] [--log L] [--script S]
#                  [--cert C --key K]
#
# It listens on 127.0.0.1 (port 0: one the system picks), writes the port
# to F once it listens, and stops on SIGTERM.
#
# --log L: one JSON line per request, written when the request has been
# read (before any hang): {"method", "path", "headers" (names in
# lowercase), "body" (text), "body_b64" (the exact bytes), "status" (what
# it answers), "time"}.
#
# --script S: a JSON list of rules, read again at every request (a test
# may rewrite it): the first rule whose "method" (optional) and "path"
# (a prefix) match, and whose "times" (optional) is not used up, decides:
#   {"path": "/hook", "times": 1, "status": 500, "body": "...",
#    "headers": {"Retry-After": "3"}}     answer this
#   {"path": "/hook", "times": 1, "hang": 10, "status": 200}
#                                         wait 10 s, then answer this
#   {"path": "/repos/", "method": "POST", "times": 1, "hang": 10}
#                                         let the fake below act (and
#                                         record what it made), then wait
#                                         10 s before its answer
# A "body" that is not a string is sent as JSON. Without a matching rule
# the fakes answer; anything else gets 200 {"ok": true} (a webhook).
#
# The fakes, which keep state while the server runs:
#   GitHub    POST/GET /repos/O/R/security-advisories, GET/PATCH .../GHSA,
#             POST .../GHSA/cve
#   Jira      POST /rest/api/2/issue, GET /rest/api/2/issue/KEY,
#             GET /rest/api/2/search?jql=labels = "LABEL"
#   ServiceNow POST /api/now/table/T,
#             GET /api/now/table/T?sysparm_query=correlation_id=KEY
# GET /_state answers everything they hold.

import argparse
import base64
import hashlib
import json
import os
import re
import signal
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"advisories": {}, "issues": [], "records": {}}
USED = {}
OPTS = None
GHSA_CHARS = "23456789cfghjmpqrvwx"


def now_iso():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def ghsa_id(n):
    """A GHSA ID in GitHub's shape, the Nth the server made."""
    digest = hashlib.sha256(b"ghsa%d" % n).digest()
    chars = [GHSA_CHARS[b % len(GHSA_CHARS)] for b in digest[:12]]
    return "GHSA-%s-%s-%s" % ("".join(chars[0:4]), "".join(chars[4:8]),
                              "".join(chars[8:12]))


def fail(status, message, errors=None):
    body = {"message": message,
            "documentation_url": "https://docs.github.com/rest"}
    if errors is not None:
        body["errors"] = errors
    return status, {}, body


# ---- GitHub repository security advisories ---------------------------------

ADVISORY_FIELDS = ("summary", "description", "cve_id", "severity",
                   "cvss_vector_string", "vulnerabilities", "cwe_ids",
                   "credits")
SEVERITIES = ("critical", "high", "medium", "low")


def advisory_check(body, is_create):
    if not isinstance(body, dict):
        return fail(400, "Problems parsing JSON")
    if is_create:
        for k in ("summary", "description", "vulnerabilities"):
            if k not in body:
                return fail(422, "Validation Failed",
                            [{"resource": "RepositoryAdvisory", "field": k,
                              "code": "missing_field"}])
    if body.get("severity") and body.get("cvss_vector_string"):
        return fail(422, "Validation Failed",
                    ["Only one of severity or cvss_vector_string may be "
                     "set"])
    if body.get("severity") and body["severity"] not in SEVERITIES:
        return fail(422, "Validation Failed",
                    [{"resource": "RepositoryAdvisory", "field": "severity",
                      "code": "invalid"}])
    if "vulnerabilities" in body:
        for v in body["vulnerabilities"]:
            pkg = v.get("package") or {}
            if not pkg.get("ecosystem"):
                return fail(422, "Validation Failed",
                            [{"resource": "RepositoryAdvisory",
                              "field": "vulnerabilities",
                              "code": "missing_field"}])
    if "state" in body and body["state"] not in ("published", "closed",
                                                   "draft"):
        return fail(422, "Validation Failed",
                    [{"resource": "RepositoryAdvisory", "field": "state",
                      "code": "invalid"}])
    return None


def github(method, parts, query, body):
    # parts: ["repos", O, R, "security-advisories", GHSA?, "cve"?]
    repo = "%s/%s" % (parts[1], parts[2])
    advs = STATE["advisories"].setdefault(repo, [])
    rest = parts[4:]
    if not rest:
        if method == "GET":
            found = sorted(advs, key=lambda a: a["n"],
                           reverse=query.get("direction", ["desc"])[0] ==
                           "desc")
            per = int(query.get("per_page", ["30"])[0])
            return 200, {}, [public(a) for a in found[:per]]
        if method == "POST":
            bad = advisory_check(body, True)
            if bad:
                return bad
            n = sum(len(v) for v in STATE["advisories"].values()) + 1
            a = {k: body.get(k) for k in ADVISORY_FIELDS}
            a.update({"n": n, "ghsa_id": ghsa_id(n), "state": "draft",
                      "created_at": now_iso(), "published_at": None,
                      "closed_at": None, "cve_requested": False,
                      "url": "https://api.github.com/repos/%s/security-"
                             "advisories/%s" % (repo, ghsa_id(n))})
            advs.append(a)
            return 201, {}, public(a)
        return fail(404, "Not Found")
    a = next((x for x in advs if x["ghsa_id"] == rest[0]), None)
    if a is None:
        return fail(404, "Not Found")
    if len(rest) == 2 and rest[1] == "cve" and method == "POST":
        if a["cve_id"]:
            return fail(422, "Validation Failed",
                        ["This advisory already has a CVE ID"])
        if a["cve_requested"]:
            return fail(422, "Validation Failed",
                        ["A CVE ID was already requested"])
        a["cve_requested"] = True
        return 202, {}, {}
    if len(rest) != 1:
        return fail(404, "Not Found")
    if method == "GET":
        return 200, {}, public(a)
    if method != "PATCH":
        return fail(404, "Not Found")
    bad = advisory_check(body, False)
    if bad:
        return bad
    for k in ADVISORY_FIELDS:
        if k in body:
            a[k] = body[k]
    if body.get("cvss_vector_string"):
        a["severity"] = None
    state = body.get("state")
    if state == "published" and a["state"] != "published":
        a["state"], a["published_at"] = "published", now_iso()
    elif state == "closed":
        a["state"], a["closed_at"] = "closed", now_iso()
    elif state == "draft":
        if a["state"] == "published":
            return fail(422, "Validation Failed",
                        ["A published advisory cannot become a draft"])
        a["state"] = "draft"
    return 200, {}, public(a)


def public(a):
    return {k: v for k, v in a.items() if k not in ("n",)}


# ---- Jira ----------------------------------------------------------------

def jira(method, path, query, body):
    issues = STATE["issues"]
    if path == "/rest/api/2/issue" and method == "POST":
        f = (body or {}).get("fields") if isinstance(body, dict) else None
        errors = {}
        if not isinstance(f, dict):
            return 400, {}, {"errorMessages": ["No fields"], "errors": {}}
        if not (f.get("project") or {}).get("key"):
            errors["project"] = "project is required"
        if not (f.get("issuetype") or {}).get("name"):
            errors["issuetype"] = "issue type is required"
        if not f.get("summary"):
            errors["summary"] = "You must specify a summary of the issue."
        elif "\n" in f["summary"] or len(f["summary"]) > 255:
            errors["summary"] = "The summary is invalid."
        for lab in f.get("labels") or []:
            if " " in lab or len(lab) > 255:
                errors["labels"] = "The label '%s' is invalid." % lab
        if errors:
            return 400, {}, {"errorMessages": [], "errors": errors}
        key = "%s-%d" % (f["project"]["key"], len(issues) + 1)
        issue = {"id": str(10000 + len(issues) + 1), "key": key,
                 "self": "/rest/api/2/issue/%s" % key, "fields": f}
        issues.append(issue)
        return 201, {}, {k: issue[k] for k in ("id", "key", "self")}
    if path == "/rest/api/2/search" and method == "GET":
        jql = query.get("jql", [""])[0]
        m = re.fullmatch(r'\s*labels\s*=\s*"([^"]*)"\s*', jql)
        if not m:
            return 400, {}, {"errorMessages": ["Error in the JQL Query"],
                             "errors": {}}
        found = [i for i in issues
                 if m.group(1) in (i["fields"].get("labels") or [])]
        return 200, {}, {"startAt": 0, "maxResults": 50,
                         "total": len(found), "issues": found}
    m = re.fullmatch(r"/rest/api/2/issue/([^/]+)", path)
    if m and method == "GET":
        issue = next((i for i in issues if i["key"] == m.group(1)), None)
        if issue:
            return 200, {}, issue
        return 404, {}, {"errorMessages": ["Issue does not exist"],
                         "errors": {}}
    return 404, {}, {"errorMessages": ["Not found"], "errors": {}}


# ---- ServiceNow ----------------------------------------------------------

def servicenow(method, table, query, body):
    rows = STATE["records"].setdefault(table, [])
    if method == "POST":
        if not isinstance(body, dict) or not body.get("short_description"):
            return 400, {}, {"error": {"message": "Invalid request",
                                       "detail": "short_description is "
                                                 "required"},
                             "status": "failure"}
        if len(body.get("correlation_id") or "") > 100:
            return 400, {}, {"error": {"message": "correlation_id is too "
                                                  "long"},
                             "status": "failure"}
        n = sum(len(v) for v in STATE["records"].values()) + 1
        rec = dict(body)
        rec["sys_id"] = hashlib.md5(b"rec%d" % n).hexdigest()
        rec["number"] = "INC%07d" % (10000 + n)
        rows.append(rec)
        return 201, {}, {"result": rec}
    if method == "GET":
        q = query.get("sysparm_query", [""])[0]
        found = rows
        if q:
            m = re.fullmatch(r"correlation_id=([^^]*)", q)
            if not m:
                return 400, {}, {"error": {"message": "bad query"},
                                 "status": "failure"}
            found = [r for r in rows
                     if r.get("correlation_id") == m.group(1)]
        fields = query.get("sysparm_fields", [""])[0]
        if fields:
            keep = fields.split(",")
            found = [{k: r.get(k) for k in keep} for r in found]
        limit = int(query.get("sysparm_limit", ["10000"])[0])
        return 200, {}, {"result": found[:limit]}
    return 405, {}, {"error": {"message": "Method not allowed"},
                     "status": "failure"}


def fake(method, path, query, body):
    parts = [urllib.parse.unquote(p) for p in path.strip("/").split("/")]
    if path == "/_state":
        return 200, {}, STATE
    if len(parts) >= 4 and parts[0] == "repos" and \
            parts[3] == "security-advisories":
        return github(method, parts, query, body)
    if path.startswith("/rest/api/2/"):
        return jira(method, path, query, body)
    if len(parts) == 4 and parts[:3] == ["api", "now", "table"]:
        return servicenow(method, parts[3], query, body)
    return 200, {}, {"ok": True}


# ---- the server ----------------------------------------------------------

def load_script():
    if not OPTS.script:
        return []
    try:
        with open(OPTS.script) as f:
            return json.load(f)
    except (OSError, ValueError):
        return []


def pick_rule(method, path):
    for i, rule in enumerate(load_script()):
        if rule.get("method") and rule["method"] != method:
            continue
        if not path.startswith(rule.get("path", "/")):
            continue
        ident = (i, json.dumps(rule, sort_keys=True))
        if "times" in rule and USED.get(ident, 0) >= rule["times"]:
            continue
        USED[ident] = USED.get(ident, 0) + 1
        return rule
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "herald-test-http/1"

    def log_message(self, fmt, *args):
        pass

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n > 0 else b""
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        with LOCK:
            rule = pick_rule(self.command, url.path)
            if rule is not None and "status" in rule:
                status = rule["status"]
                headers = rule.get("headers") or {}
                answer = rule.get("body", "")
            else:
                status, headers, answer = fake(self.command, url.path,
                                               query, body)
            if OPTS.log:
                entry = {"method": self.command, "path": self.path,
                         "headers": {k.lower(): v
                                     for k, v in self.headers.items()},
                         "body": raw.decode("utf-8", "replace"),
                         "body_b64": base64.b64encode(raw).decode(),
                         "status": status, "time": time.time()}
                with open(OPTS.log, "a") as f:
                    f.write(json.dumps(entry) + "\n")
            if not isinstance(answer, (str, bytes)):
                answer = json.dumps(answer)
                headers = dict(headers)
                headers.setdefault("Content-Type", "application/json")
            if isinstance(answer, str):
                answer = answer.encode()
        if rule is not None and rule.get("hang"):
            time.sleep(rule["hang"])
        try:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, str(v))
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        except OSError:
            # The client gave up waiting: what a hang is for.
            self.close_connection = True

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = handle_any


def main():
    global OPTS
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file", required=True)
    p.add_argument("--log")
    p.add_argument("--script")
    p.add_argument("--cert")
    p.add_argument("--key")
    OPTS = p.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", OPTS.port), Handler)
    server.daemon_threads = True
    if OPTS.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(OPTS.cert, OPTS.key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)

    def stop(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, stop)

    tmp = OPTS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, OPTS.port_file)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
