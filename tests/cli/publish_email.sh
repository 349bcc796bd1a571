#!/bin/sh
# tests/cli/publish_email.sh - herald publish through an e-mail channel to
# a real SMTP server on 127.0.0.1 (tests/servers/smtp_server.py): every
# message received is parsed (headers, RFC 2047 subject, Message-ID from
# the idempotency key, multipart/alternative, List-Id, List-Unsubscribe
# and List-Unsubscribe-Post), one message per confirmed recipient and none
# to the others; unsubscribing after queueing cancels at send time;
# STARTTLS forced on loopback with a throw-away certificate; AUTH with a
# password file of mode 0600, and one of mode 0644 refused; 451 retried
# later, 550 failed with the server's words; a server that hangs is
# given up on after --timeout; --channel and --comm send only theirs.
. "$top_srcdir/tests/lib.sh"

PY=/usr/bin/python3
$PY -c 'import aiosmtpd' 2>/dev/null ||
    skip_all "python3-aiosmtpd is not installed"
have openssl || skip_all "openssl is not installed"

test_db
export_settings
add_users "approver-legal-1 approver:legal"

# --- what the SMTP servers receive ---------------------------------------

# The checker: every message in MAILDIR for communication COMM parsed and
# held against the outbox; the addresses that got one must be exactly
# the ones named. Extra checks by keyword: tls, login=USER, now=TIME (the
# Date expected, else $HERALD_NOW).
cat >"$TEST_DIR/check_mail.py" <<'EOF'
import datetime, email, email.policy, email.utils, glob, json, os, sqlite3, sys

db, maildir, comm = sys.argv[1], sys.argv[2], int(sys.argv[3])
want = sorted(a for a in sys.argv[4:] if "@" in a)
flags = [a for a in sys.argv[4:] if "@" not in a]
now = os.environ["HERALD_NOW"]
for f in flags:
    if f.startswith("now="):
        now = f[4:]
c = sqlite3.connect(db)
rows = {r[2]: r for r in c.execute(
    "SELECT o.id, o.target, o.idempotency_key, o.state, o.external_ref,"
    " s.token FROM outbox o LEFT JOIN subscribers s"
    " ON s.id = o.subscriber_id WHERE o.communication_id = ?", (comm,))}
bad = []
got = []

def check(cond, what):
    if not cond:
        bad.append(what)

for path in sorted(glob.glob(os.path.join(maildir, "*.eml"))):
    raw = open(path, "rb").read()
    env = json.load(open(path[:-4] + ".json"))
    m = email.message_from_bytes(raw, policy=email.policy.default)
    mid = m["Message-ID"]
    domain_part = "@brightwater.example>"
    if mid is None or not mid.endswith(domain_part):
        bad.append("%s: Message-ID %r" % (path, mid))
        continue
    key = mid[1:-len(domain_part)]
    if key not in rows:
        continue            # another communication's message
    oid, target, _, state, ext, token = rows[key]
    name = "%s (%s)" % (target, os.path.basename(path))
    got.append(target)
    check(state == "delivered", name + ": outbox row is " + state)
    check(ext == mid, name + ": external_ref %r" % ext)
    check(env["rcpt_tos"] == [target], name + ": envelope %r" %
          env["rcpt_tos"])
    check(env["mail_from"] == "security@brightwater.example",
          name + ": MAIL FROM " + env["mail_from"])
    check(m["To"] == "<%s>" % target or m["To"] == target,
          name + ": To " + str(m["To"]))
    frm = email.utils.parseaddr(str(m["From"]))
    check(frm == ("Brightwater Security", "security@brightwater.example"),
          name + ": From %r" % (frm,))
    check(email.utils.parsedate_to_datetime(m["Date"]) ==
          datetime.datetime.fromisoformat(now.replace("Z", "+00:00")),
          name + ": Date " + str(m["Date"]))
    subj = str(m["Subject"])
    check("SEC-2026-001" in subj, name + ": no incident ID in " + subj)
    check("\u00dcberlauf" in subj, name + ": subject lost its umlaut: " +
          subj)
    rawsubj = raw.split(b"\r\nSubject:", 1)[1].split(b"\r\n", 1)[0]
    check(rawsubj.strip().startswith(b"=?UTF-8?B?"),
          name + ": the subject is not RFC 2047 encoded: %r" % rawsubj)
    check(all(b < 0x80 for b in raw.split(b"\r\n\r\n", 1)[0]),
          name + ": 8-bit bytes in the header")
    check(m.get_content_type() == "multipart/alternative",
          name + ": " + m.get_content_type())
    parts = [p.get_content_type() for p in m.iter_parts()]
    check(parts == ["text/plain", "text/html"], name + ": parts %r" % parts)
    text = m.get_body(("plain",)).get_content()
    html = m.get_body(("html",)).get_content()
    check("Gr\u00fc\u00dfe" in text and "Gr\u00fc\u00dfe" in html,
          name + ": the body lost its non-ASCII text")
    check(str(m["List-Id"]) == "Brightwater advisories "
          "<advisories.brightwater.example>", name + ": List-Id " +
          str(m["List-Id"]))
    lu = str(m["List-Unsubscribe"])
    check(token is not None and lu ==
          "<https://example.org/unsubscribe?token=%s>, "
          "<mailto:unsubscribe@brightwater.example?subject=unsubscribe%%20%s>"
          % (token, token), name + ": List-Unsubscribe " + lu)
    check(str(m["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click",
          name + ": List-Unsubscribe-Post")
    check(m["Bcc"] is None and m["Cc"] is None, name + ": Bcc or Cc")
    if "tls" in flags:
        check(env["tls"], name + ": not over STARTTLS")
    for f in flags:
        if f.startswith("login="):
            check(env["login"] == f[6:], name + ": login %r" % env["login"])
check(sorted(got) == want, "recipients %r, expected %r" % (sorted(got), want))
for b in bad:
    print("# " + b)
sys.exit(1 if bad else 0)
EOF

# check_mail DESC DIR COMM ADDR... [tls] [login=USER] [now=TIME]
check_mail()
{
	_cm_desc=$1
	shift
	_cm_dir=$1
	shift
	run $PY "$TEST_DIR/check_mail.py" "$db" "$TEST_DIR/$_cm_dir" "$@"
	expect_exit 0 "$_cm_desc"
	[ "$rc" = 0 ] || cat "$OUT"
}

# --- the advisory ----------------------------------------------------------

pbdir=$(playbook_dir)
{
	playbook_head mail-flow "Mail test advisory"
	playbook_facts summary long-text
	playbook_end email email "E-mail"
} >"$pbdir/mail-flow.yaml"

smtp_server plain
channel_settings()
{
	printf '{"url": "smtp://127.0.0.1:%s", "from": "Brightwater Security <security@brightwater.example>", "list_id": "Brightwater advisories <advisories.brightwater.example>", "unsubscribe_mailto": "unsubscribe@brightwater.example"%s}' "$1" "${2:-}"
}
h channel add mail email --settings "$(channel_settings "$port")"
expect_exit 0

h subscriber add bob@example.org --list 'advisories:*' --confirmed
expect_exit 0
h subscriber add carol@example.org --list 'advisories:*' --confirmed
expect_exit 0
h subscriber add alice@example.org --list 'advisories:*'
expect_exit 0 "alice is unconfirmed"
h subscriber add dave@example.org --list 'advisories:*' --confirmed
expect_exit 0
h subscriber unsubscribe dave@example.org
expect_exit 0 "dave unsubscribed before publication"
h subscriber add erin@example.org --list 'advisories:*' --confirmed
expect_exit 0
h subscriber add frank@example.org --list 'lifecycle:*' --confirmed
expect_exit 0 "frank reads another list"

h incident new --title "Überlauf in the widget" --trigger vulnerability \
    --severity high
expect_exit 0
ref=$(cat "$OUT")

# new_comm TITLE [send]: a communication of mail-flow about $ref,
# published without sending (--no-send, so herald publish sends it), or
# sent at once with "send"; sets id.
new_comm()
{
	h comm new "$ref" --playbook mail-flow --title "$1"
	expect_exit 0
	id=$(awk 'NR == 1 { print $1 }' "$OUT")
	comm_set "$id" summary "$(printf 'A buffer overflow.\nUpgrade now.\n\nGrüße, the security team')"
	h comm done "$id" facts
	expect_exit 0
	h comm submit "$id"
	expect_exit 0
	if approve_by_hand "$db" "$id"; then
		pass "communication $id approved"
	else
		fail "communication $id approved"
	fi
	if [ "${2:-}" = send ]; then
		h comm publish "$id"
	else
		h comm publish "$id" --no-send
	fi
}

new_comm "Überlauf in the widget"
expect_exit 0 "published, nothing sent yet"
c1=$id
check "three messages queued" test "$(sql "SELECT count(*) FROM outbox WHERE
    communication_id = $c1 AND state = 'pending'")" = 3
# erin leaves after her message was queued: checked again at send time.
h subscriber unsubscribe erin@example.org
expect_exit 0

h publish
expect_exit 0
expect_out '^delivered 3, retrying 0, failed 0, cancelled 1, waiting 0$' \
    "bob, carol and alice's confirmation delivered; erin's cancelled"
check "erin's message cancelled at send time" test "$(sql "SELECT state FROM
    outbox WHERE communication_id = $c1 AND target = 'erin@example.org'")" = \
    cancelled
check_mail "every message parsed: headers, MIME, unsubscribe; bob and carol only" \
    plain "$c1" bob@example.org carol@example.org
run grep -l 'alice@example.org' "$TEST_DIR"/plain/*.json
check "one message to alice" test "$(wc -l <"$OUT")" = 1
run grep -h '^Subject:' "$(sed 's/json$/eml/' "$OUT")"
expect_out 'Please confirm' "alice got the confirmation request only"
run grep -l -e dave@ -e frank@ -e erin@ "$TEST_DIR"/plain/*.json
expect_exit 1 "nothing to dave, erin or frank"
check "three messages in all" test "$(messages plain)" = 3

# Nothing due: a second run sends nothing again.
h publish --json
expect_exit 0
expect_json_is 'd["delivered"]' 0
check "none sent again" test "$(messages plain)" = 3

# Header injection through a payload: nothing from data becomes a header;
# an address with a line break is refused for good.
chid=$(sql "SELECT id FROM channels WHERE name = 'mail'")
$PY - "$db" "$chid" <<'EOF'
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for key, to, subject in (
        ("evil-1", "bob@example.org", "Hi\r\nBcc: x@evil.example\nX-Evil: 1"),
        ("evil-2", "bob@example.org>\r\nRCPT TO:<x@evil.example", "Hi"),
        ("long-1", "bob@example.org", "\u00dcberlauf \U0001f525 " * 40)):
    c.execute("INSERT INTO outbox (channel_id, target, payload,"
        " idempotency_key, created_at) VALUES (?, ?, ?, ?,"
        " '2026-03-01T12:00:00Z')", (int(sys.argv[2]), to, json.dumps({
        "to": to, "subject": subject,
        "text": "body\r\n.\r\nMAIL FROM:<x@evil.example>\r\n"}), key))
c.commit()
EOF
h publish
expect_exit 13 "a refused address fails for good: exit 13"
expect_out '^delivered 2, retrying 0, failed 1,'
check "the bad address failed" test "$(sql "SELECT state FROM outbox WHERE
    idempotency_key = 'evil-2'")" = failed
run sql "SELECT last_error FROM outbox WHERE idempotency_key = 'evil-2'"
expect_out 'not a plain address'
cat >"$TEST_DIR/evil.py" <<'EOF'
import email, email.policy, glob, re, sys
seen = set()
for p in glob.glob(sys.argv[1] + "/*.eml"):
    raw = open(p, "rb").read()
    m = email.message_from_bytes(raw, policy=email.policy.default)
    mid = str(m["Message-ID"])
    if "evil-1" in mid:
        assert m["Bcc"] is None and m["X-Evil"] is None, p
        assert str(m["Subject"]) == "Hi Bcc: x@evil.example X-Evil: 1", \
            str(m["Subject"])
        assert "MAIL FROM" in m.get_body(("plain",)).get_content()
        seen.add("evil")
    if "long-1" in mid:
        # Cut to 250 characters, the last one an ellipsis; encoded-words
        # of at most 75 characters on folded lines.
        want = ("\u00dcberlauf \U0001f525 " * 40)[:249] + "\u2026"
        assert str(m["Subject"]) == want, str(m["Subject"])
        words = re.findall(rb"=\?UTF-8\?B\?[^?]*\?=", raw)
        assert len(words) > 5 and max(len(w) for w in words) <= 75, words
        seen.add("long")
sys.exit(0 if seen == {"evil", "long"} else 1)
EOF
run $PY "$TEST_DIR/evil.py" "$TEST_DIR/plain"
expect_exit 0 "line breaks in a subject stay in it; a long one is cut and folded"

# --- STARTTLS forced on loopback, AUTH with a 0600 password file ----------

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$TEST_DIR/key.pem" -out "$TEST_DIR/cert.pem" >/dev/null 2>&1
check "a throw-away certificate" test -s "$TEST_DIR/cert.pem"
secret='s3cret-Pa55-never-printed'
printf '%s\n' "$secret" >"$TEST_DIR/smtp.pw"
chmod 600 "$TEST_DIR/smtp.pw"

smtp_server tls --tls "$TEST_DIR/cert.pem" "$TEST_DIR/key.pem" --auth "herald:$secret"
tls_port=$port
h channel set mail --settings "$(channel_settings "$tls_port" \
    ", \"tls\": \"required\", \"ca_file\": \"$TEST_DIR/cert.pem\", \"username\": \"herald\", \"password_file\": \"$TEST_DIR/smtp.pw\"")"
expect_exit 0
new_comm "Überlauf: TLS advisory"
expect_exit 0
c2=$id
h publish
expect_exit 0
expect_out '^delivered 2, retrying 0, failed 0, cancelled 0, waiting 0$'
cat "$OUT" "$ERR" >"$TEST_DIR/said"
check_mail "over STARTTLS, logged in as herald" tls "$c2" \
    bob@example.org carol@example.org tls login=herald
run grep -l -- "$secret" "$db"* "$TEST_DIR/said"
expect_exit 1 "the password is nowhere in the database or the output"

# The password from the environment; a wrong one is refused for good with
# the server's words.
h channel set mail --settings "$(channel_settings "$tls_port" \
    ", \"tls\": \"required\", \"ca_file\": \"$TEST_DIR/cert.pem\", \"username\": \"herald\", \"password_env\": \"HERALD_TEST_SMTP_PW\"")"
expect_exit 0
new_comm "Überlauf: Wrong password advisory"
cwrong=$id
run env HERALD_TEST_SMTP_PW=not-the-password "$HERALD" --db "$db" --as ada \
    publish
expect_exit 13 "a wrong password fails for good"
expect_out '^delivered 0, retrying 0, failed 2,'
run sql "SELECT last_error FROM outbox WHERE communication_id = $cwrong"
expect_out '^SMTP server said: 535 5\.7\.8 Authentication credentials invalid'
run grep -l -- not-the-password "$db"*
expect_exit 1 "the wrong password is not kept either"

# STARTTLS is demanded even on loopback when tls is "required": a server
# that offers none is refused for good, and nothing is sent in the clear.
h channel set mail --settings "$(channel_settings "$(cat "$TEST_DIR/plain.port")" \
    ', "tls": "required"')"
expect_exit 0
new_comm "Überlauf: Plain server advisory"
c3=$id
before=$(messages plain)
h publish
expect_exit 13 "no STARTTLS offered: failed for good"
expect_out 'failed 2'
run sql "SELECT last_error FROM outbox WHERE communication_id = $c3"
expect_out 'STARTTLS|SSL|TLS'
check "nothing sent in the clear" test "$(messages plain)" = "$before"

# --- 451 then success; 550 for good; a hanging server ----------------------

smtp_server grey --tempfail-first 1
h channel set mail --settings "$(channel_settings "$port")"
expect_exit 0
new_comm "Überlauf: Greylisted advisory" send
expect_exit 0 "comm publish sends at once (451: retried later)"
c5=$id
check "both refused with 451, due again in 2 s give or take a quarter" test "$(sql "SELECT count(*) FROM
    outbox WHERE communication_id = $c5
    AND state = 'pending' AND attempts = 1 AND last_error LIKE '%451 4.3.0%'
    AND next_attempt_at BETWEEN '2026-03-01T12:00:01Z'
    AND '2026-03-01T12:00:03Z'")" = 2
h publish
expect_exit 0
expect_out '^delivered 0, retrying 0, failed 0' "not due again yet"
run env HERALD_NOW=2026-03-01T13:00:00Z "$HERALD" --db "$db" --as ada publish
expect_exit 0
expect_out '^delivered 2, retrying 0, failed 0' "delivered on the second try"
check_mail "greylisted mail arrives once each" grey "$c5" bob@example.org \
    carol@example.org now=2026-03-01T13:00:00Z

smtp_server reject --reject bob@example.org
h channel set mail --settings "$(channel_settings "$port")"
expect_exit 0
new_comm "Überlauf: Rejected advisory"
c6=$id
h publish
expect_exit 13 "550: failed for good, exit 13"
expect_out '^delivered 1, retrying 0, failed 1, cancelled 0, waiting 0$'
run sql "SELECT state, attempts, last_error FROM outbox
    WHERE communication_id = $c6 AND target = 'bob@example.org'"
expect_out '^failed\|1\|SMTP server said: 550 5\.1\.1 <bob@example\.org>: mailbox unavailable' \
    "the server's words are kept"

# Transient failures end after 30 attempts.
smtp_server busy --tempfail-first 100
h channel set mail --settings "$(channel_settings "$port")"
expect_exit 0
new_comm "Überlauf: Busy server advisory"
cbusy=$id
sql "UPDATE outbox SET attempts = 29 WHERE communication_id = $cbusy
    AND target = 'bob@example.org'" >/dev/null
h publish
expect_exit 13 "the thirtieth transient failure is the last"
expect_out '^delivered 0, retrying 1, failed 1, cancelled 0, waiting 0$'
run sql "SELECT attempts, state, last_error FROM outbox
    WHERE communication_id = $cbusy ORDER BY target"
expect_out '^30\|failed\|gave up after 30 attempts; the last: SMTP server said: 451 '
expect_out '^1\|pending\|SMTP server said: 451 '

smtp_server hang --hang-after-rcpt
h channel set mail --settings "$(channel_settings "$port")"
expect_exit 0
new_comm "Überlauf: Hanging server advisory"
c7=$id
start=$(date +%s)
h publish --timeout 2 --comm "$c7"
expect_exit 0 "a hanging server: retried later"
expect_out '^delivered 0, retrying 2, failed 0'
check "given up on within the timeout" test "$(($(date +%s) - start))" -lt 10
run sql "SELECT last_error FROM outbox WHERE communication_id = $c7"
expect_out '[Tt]imeout'

# --channel and --comm send only theirs; the rest stays queued.
smtp_server last
h channel set mail --settings "$(channel_settings "$port")"
expect_exit 0
h channel add other email --settings "$(channel_settings "$port")"
expect_exit 0
new_comm "Überlauf: Two channels advisory"
c8=$id
h publish --channel other --comm "$c8"
expect_exit 0
expect_out '^delivered 2,' "only the other channel's two"
check "the first channel's two still queued" test "$(sql "SELECT count(*)
    FROM outbox WHERE communication_id = $c8 AND state = 'pending'")" = 2
h publish --channel nosuch
expect_exit 4 "an unknown channel"
h publish --limit 1 --comm "$c8"
expect_out '^delivered 1,' "--limit 1"
h publish --parallel 0
expect_exit 3
h publish extra
expect_exit 2
h publish --help
expect_exit 0
expect_out '^usage: herald publish'

# A password file others may read is refused, naming it and its mode; as
# an unprivileged user (CI runs as root, and root reads anything), on a
# copy of the database that user may write. Last, as its messages stay
# queued in the original.
if have setpriv && id nobody >/dev/null 2>&1; then
	nb="$TEST_DIR/nb"
	mkdir -p "$nb"
	printf '%s\n' "$secret" >"$nb/open.pw"
	chmod 644 "$nb/open.pw"
	h channel set mail --settings "$(channel_settings "$tls_port" \
	    ", \"tls\": \"required\", \"ca_file\": \"$TEST_DIR/cert.pem\", \"username\": \"herald\", \"password_file\": \"$nb/open.pw\"")"
	expect_exit 0
	new_comm "Überlauf: Open password file advisory"
	c4=$id
	h backup "$nb/h.db"
	expect_exit 0
	chown -R nobody "$nb"
	run setpriv --reuid nobody --regid nogroup --clear-groups env \
	    HOME="$nb" "$HERALD" --db "$nb/h.db" --as ada publish --comm "$c4"
	expect_exit 13 "as nobody: the 0644 password file is refused"
	expect_out 'failed 2'
	db0=$db
	db=$nb/h.db
	run sql "SELECT last_error FROM outbox WHERE communication_id = $c4"
	db=$db0
	expect_out "$nb/open.pw has mode 0644.*chmod 600 $nb/open.pw"
	cat "$OUT" "$ERR" >"$TEST_DIR/said"
	run grep -l -- "$secret" "$nb/h.db"* "$TEST_DIR/said"
	expect_exit 1 "the password is not in the refusal"
else
	note "no setpriv or no user nobody: the 0644 check is skipped"
fi

h audit verify
expect_exit 0 "the audit chain holds"

finish
