#!/bin/sh
# tests/cli/channel.sh - herald channel: settings checked per kind, secrets
# only by name, shown masked, changes audited.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

test_db
add_users "bob author"

h channel list
expect_exit 0
expect_out '^No channels'

h channel add mail email --settings '{"url": "smtp://127.0.0.1:2525",
    "from": "Security <security@example.org>", "tls": "loopback-plain",
    "username": "herald", "password_file": "'"$TEST_DIR"'/smtp.pw"}'
expect_exit 0
expect_out '^Added channel mail \(email, channel:1\)'
printf '{"url": "https://hooks.example.com/x", "secret_env": "HERALD_HOOK"}' \
    >"$TEST_DIR/hook.json"
h channel add hook webhook --settings-file "$TEST_DIR/hook.json"
expect_exit 0

# Refused, each naming the key; nothing written.
h channel add x email --settings '{"url": "smtp://mail.example.com"}'
expect_exit 3
expect_err '"from" is required for an email channel'
h channel add x webhook --settings '{"url": "http://hooks.example.com/x"}'
expect_exit 3
expect_err '"url": plain http:// only to a loopback host'
h channel add x email --settings '{"url": "smtp://mail.example.com",
    "from": "a@example.org", "tls": "loopback-plain"}'
expect_exit 3
expect_err '"tls": "loopback-plain" is only for a loopback host'
h channel add x github --settings '{"repository": "o/r", "token": "ghp_123"}'
expect_exit 3
expect_err '"token" looks like a credential'
h channel add x jira --settings '{"url": "https://u:pw@jira.example.com",
    "project": "SEC"}'
expect_exit 3
expect_err '"url" holds a URL with a password'
expect_no_out 'pw'
h channel add x webhook --settings '{"url": "https://h.example", "colr": 1}'
expect_exit 3
expect_err '"colr": not a setting of a webhook channel'
h channel add x webhook --settings '{"url": '
expect_exit 3
expect_err 'settings: not JSON'
h channel add x sms
expect_exit 3
expect_err 'kind sms: expected one of email, webhook'
as bob channel add x webhook --settings '{"url": "https://h.example"}'
expect_exit 6
h channel list --json
expect_json_is 'len(d)' 2

h channel list
expect_exit 0
expect_out '^hook +webhook +enabled'
expect_out '^mail +email +enabled'

# Shown masked: the secret file's state, never its content.
printf 'hunter2\n' >"$TEST_DIR/smtp.pw"
chmod 0644 "$TEST_DIR/smtp.pw"
h channel show mail
expect_exit 0
expect_out "password_file +$TEST_DIR/smtp.pw \\(exists, mode 0644: readable by others"
expect_no_out 'hunter2'
chmod 0600 "$TEST_DIR/smtp.pw"
h channel show mail
expect_out "password_file +$TEST_DIR/smtp.pw \\(exists, mode 0600\\)$"
HERALD_HOOK=sekrit h channel show hook --json
expect_json_is 'd["shown"]["secret_env"]' '$HERALD_HOOK (set)'
expect_json_is 'd["settings"]["url"]' 'https://hooks.example.com/x'
expect_no_out 'sekrit'

h channel set hook --settings '{"url": "https://user@hooks.example.com/y"}'
expect_exit 0
h channel show hook --json
expect_json_is 'd["shown"]["url"]' 'https://***@hooks.example.com/y'
h channel set hook --settings '{"path": "/srv"}'
expect_exit 3
expect_err '"path": not a setting of a webhook channel'
h channel set hook
expect_exit 2

h channel disable hook
expect_exit 0
expect_out 'Channel hook disabled'
h channel list --json
expect_json_is '[c["enabled"] for c in d]' '[false, true]'
h channel enable hook
expect_exit 0
h channel disable nope
expect_exit 4

# Audited, settings by hash only; no secret anywhere in the database.
python3 - "$db" <<'PY' && pass "audited: create, update, disable, enable; settings by hash" || fail "audited: create, update, disable, enable; settings by hash"
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT action, detail FROM audit WHERE action LIKE"
    " 'channel.%' ORDER BY seq").fetchall()
acts = [a for a, _ in rows]
assert acts == ["channel.create", "channel.create", "channel.update",
    "channel.disable", "channel.enable"], acts
for a, d in rows:
    assert "hooks.example.com" not in d and "smtp.pw" not in d, d
    if a in ("channel.create", "channel.update"):
        assert len(json.loads(d)["settings_sha256"]) == 64
dump = "\n".join(c.iterdump())
assert "hunter2" not in dump and "sekrit" not in dump
PY
run herald --db "$db" audit verify
expect_exit 0
finish
