#!/bin/sh
# tests/cli/publish_http.sh - a webhook channel against a loopback HTTP
# server: the body signed with the channel's secret (checked here with
# Python's hmac), Slack-compatible text and the structured payload, the
# idempotency key; a 500 retried, a 429's Retry-After honoured (seconds
# and an HTTP-date), a hang cut by the timeout and retried, a 400 failed
# for good with the server's words.
. "${top_srcdir:-.}/tests/lib.sh"

have python3 || skip_all "python3 is not installed"

test_db
add_users "bob author"

# --- the receiver -------------------------------------------------------------

http_server

# The secret, in a file only its owner reads.
printf 'whsec-Zq9-never-shown\n' >"$TEST_DIR/hook.secret"
chmod 600 "$TEST_DIR/hook.secret"
h channel add hook webhook --settings "{\"url\":
    \"http://127.0.0.1:$port/hook\", \"secret_file\":
    \"$TEST_DIR/hook.secret\"}"
expect_exit 0 "a webhook channel"

{
	playbook_head test-hook "Hook test"
	playbook_facts summary text
	playbook_end web html "Web page"
} >"$(playbook_dir)/test-hook.yaml"

# hook_row ID: the state, attempts, next attempt and last error of the
# webhook row of communication ID.
hook_row()
{
	sql_row "SELECT state, attempts, next_attempt_at, last_error FROM outbox
	    WHERE communication_id = $1 AND channel_id = (SELECT id FROM
	    channels WHERE name = 'hook')"
}

# approved TITLE: a communication TITLE of test-hook approved; sets id.
approved()
{
	comm_approved bob test-hook "$1"
}

# requests: the number of requests the server has logged.
requests()
{
	wc -l <"$log" | tr -d ' '
}

# --- delivered, signed -----------------------------------------------------------

approved "Tokens leak in the gateway logs"
h comm publish "$id"
expect_exit 0 "published and sent"
check "the webhook row is delivered" test "$(hook_row "$id" | cut -d'|' -f1)" = delivered
check "one request" test "$(requests)" = 1
key=$(sql_row "SELECT idempotency_key FROM outbox WHERE communication_id = $id
    AND channel_id = (SELECT id FROM channels WHERE name = 'hook')")

cat >"$TEST_DIR/check_hook.py" <<'EOF'
import base64, hashlib, hmac, json, sys
req = json.loads(open(sys.argv[1]).readline())
secret = open(sys.argv[2], "rb").read().rstrip(b"\n")
body = base64.b64decode(req["body_b64"])
h = req["headers"]
want = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
doc = json.loads(body)
problems = []
if req["method"] != "POST" or req["path"] != "/hook":
    problems.append("request %s %s" % (req["method"], req["path"]))
if h.get("x-herald-signature") != want:
    problems.append("signature %r, want %r" % (h.get("x-herald-signature"),
        want))
if h.get("content-type") != "application/json":
    problems.append("content type %r" % h.get("content-type"))
if h.get("idempotency-key") != sys.argv[3]:
    problems.append("idempotency key %r" % h.get("idempotency-key"))
if not h.get("user-agent", "").startswith("herald/"):
    problems.append("user agent %r" % h.get("user-agent"))
if "Tokens leak in the gateway logs" not in doc.get("text", ""):
    problems.append("no Slack text: %r" % doc.get("text"))
if not isinstance(doc.get("herald"), dict) or \
        doc["herald"].get("title") != "Tokens leak in the gateway logs":
    problems.append("no structured payload: %r" % doc.get("herald"))
if secret.decode() in json.dumps(req):
    problems.append("the secret was sent")
# A body changed on the way no longer matches.
bad = hmac.new(secret, body + b" ", hashlib.sha256).hexdigest()
if h.get("x-herald-signature") == "sha256=" + bad:
    problems.append("the signature does not depend on the body")
print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF
run python3 "$TEST_DIR/check_hook.py" "$log" "$TEST_DIR/hook.secret" "$key"
expect_exit 0 "signed over the exact body with the channel's secret; text, payload, key"
check "the secret is nowhere in the database" sh -c \
    "! grep -a -q 'whsec-Zq9' '$db'"

# A repeat run sends nothing: a delivered row is final.
run herald --db "$db" --as ada publish
expect_exit 0
check "nothing sent twice" test "$(requests)" = 1

# --- 500, then success -------------------------------------------------------------

echo '[{"path": "/hook", "times": 1, "status": 500, "body": "upstream down"}]' \
    >"$script"
approved "Session cookies are not rotated"
h comm publish "$id"
row=$(hook_row "$id")
check "after a 500 the row waits to be retried ($row)" \
    test "$(echo "$row" | cut -d'|' -f1,2)" = "pending|1"
case $row in
*"HTTP 500: upstream down"*) pass "the server's words are kept" ;;
*) fail "the server's words are kept ($row)" ;;
esac
# Not due yet at the same moment...
run herald --db "$db" --as ada publish
check "not sent again before its time" test "$(hook_row "$id" | cut -d'|' -f2)" = 1
# ...but a little later.
HERALD_NOW=2026-03-01T12:10:00Z run herald --db "$db" --as ada publish
expect_exit 0 "the retry succeeds"
check "delivered on the second attempt" \
    test "$(hook_row "$id" | cut -d'|' -f1,2)" = "delivered|2"

# --- 429 with Retry-After -------------------------------------------------------------

echo '[{"path": "/hook", "times": 1, "status": 429,
    "headers": {"Retry-After": "120"}, "body": "slow down"}]' >"$script"
approved "Rate limits are not enforced"
h comm publish "$id"
check "Retry-After in seconds sets the next attempt" \
    test "$(hook_row "$id" | cut -d'|' -f1,3)" = "pending|2026-03-01T12:02:00Z"
HERALD_NOW=2026-03-01T12:01:59Z run herald --db "$db" --as ada publish
check "not before that" test "$(hook_row "$id" | cut -d'|' -f2)" = 1
echo '[{"path": "/hook", "times": 1, "status": 503,
    "headers": {"Retry-After": "Sun, 01 Mar 2026 12:30:00 GMT"}}]' >"$script"
HERALD_NOW=2026-03-01T12:02:00Z run herald --db "$db" --as ada publish
check "Retry-After as an HTTP-date sets the next attempt" \
    test "$(hook_row "$id" | cut -d'|' -f1,3)" = "pending|2026-03-01T12:30:00Z"
HERALD_NOW=2026-03-01T12:30:00Z run herald --db "$db" --as ada publish
check "then delivered" test "$(hook_row "$id" | cut -d'|' -f1,2)" = "delivered|3"

# --- a hang, cut by the timeout --------------------------------------------------------

echo '[{"path": "/hook", "times": 1, "hang": 6, "status": 200}]' >"$script"
approved "The admin page hangs"
h comm publish "$id" --no-send
expect_exit 0
start=$(date +%s)
run herald --db "$db" --as ada publish --timeout 1
took=$(($(date +%s) - start))
expect_exit 0 "a timeout is transient"
check "the hang was cut short (${took} s)" test "$took" -lt 5
row=$(hook_row "$id")
case $row in
pending\|1\|*"no answer within 1 s"*) pass "retried later: timeout ($row)" ;;
*) fail "retried later: timeout ($row)" ;;
esac
HERALD_NOW=2026-03-01T12:10:00Z run herald --db "$db" --as ada publish --timeout 5
check "delivered on the retry" test "$(hook_row "$id" | cut -d'|' -f1)" = delivered

# --- 400: failed for good ----------------------------------------------------------------

echo '[{"path": "/hook", "status": 400,
    "body": {"message": "invalid_payload: no such channel #sec"}}]' >"$script"
approved "Passwords are logged"
h comm publish "$id" --no-send
before=$(requests)
run herald --db "$db" --as ada publish
expect_exit 13 "a permanent failure is reported"
row=$(hook_row "$id")
case $row in
failed\|1\|*"HTTP 400: invalid_payload: no such channel #sec"*)
	pass "failed with the server's words ($row)" ;;
*) fail "failed with the server's words ($row)" ;;
esac
HERALD_NOW=2026-03-02T12:00:00Z run herald --db "$db" --as ada publish
check "a failed row is not sent again" test "$(requests)" = $((before + 1))

# --- plain http to anywhere but loopback is refused -----------------------------------------

echo '[]' >"$script"
h channel add far webhook --settings "{\"url\": \"http://hooks.example.com/x\",
    \"secret_file\": \"$TEST_DIR/hook.secret\"}"
if [ "$rc" = 0 ]; then
	approved "Debug endpoint is exposed"
	h comm publish "$id"
	row=$(sql_row "SELECT state, last_error FROM outbox WHERE communication_id
	    = $id AND channel_id = (SELECT id FROM channels WHERE name = 'far')")
	case $row in
	failed\|*"loopback"*) pass "refused at send time ($row)" ;;
	*) fail "refused at send time ($row)" ;;
	esac
else
	expect_err "loopback" "refused when the channel is added"
fi

finish
