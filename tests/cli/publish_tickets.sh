#!/bin/sh
# tests/cli/publish_tickets.sh - jira and servicenow channels against the
# loopback server's fakes: a publication with a ticket output files a Jira
# issue and a ServiceNow record (their keys stored and shown); a create
# whose answer never came is looked up (Jira by its label, ServiceNow by
# its correlation ID) rather than made twice; a retry after a refusal
# looks up, finds nothing and creates.
. "${top_srcdir:-.}/tests/lib.sh"

have python3 || skip_all "python3 is not installed"

test_db
add_users "bob author"

http_server

printf 'jira-Zq9-token\n' >"$TEST_DIR/jira.token"
printf 'snow-Zq9-password\n' >"$TEST_DIR/snow.password"
chmod 600 "$TEST_DIR/jira.token" "$TEST_DIR/snow.password"
h channel add jira jira --settings "{\"url\": \"http://127.0.0.1:$port/\",
    \"project\": \"OPS\", \"issue_type\": \"Bug\", \"username\":
    \"herald-bot\", \"token_file\": \"$TEST_DIR/jira.token\"}"
expect_exit 0 "a jira channel"
h channel add snow servicenow --settings "{\"url\":
    \"http://127.0.0.1:$port\", \"username\": \"svc-herald\",
    \"password_file\": \"$TEST_DIR/snow.password\"}"
expect_exit 0 "a servicenow channel"

{
	playbook_head test-ticket "Ticket test"
	playbook_facts summary text
	playbook_end tk ticket "Support ticket"
} >"$(playbook_dir)/test-ticket.yaml"

# row ID CHANNEL [FIELDS]: FIELDS (state, attempts, external_ref,
# last_error) of the row of communication ID on CHANNEL.
row()
{
	sql_row "SELECT ${3:-state, attempts, external_ref, last_error} FROM outbox
	    WHERE communication_id = $1 AND channel_id = (SELECT id FROM
	    channels WHERE name = '$2')"
}

# fake PYTHON: PYTHON's value over the fakes' state (s), Jira's issues
# (issues), ServiceNow's incident records (recs) and the request log (log).
fake()
{
	python3 -c 'import json, sys, urllib.request
s = json.load(urllib.request.urlopen("http://127.0.0.1:%s/_state" % sys.argv[1]))
issues = s["issues"]
recs = s["records"].get("incident", [])
log = [json.loads(l) for l in open(sys.argv[2]) if "/_state" not in l]
try:
    v = eval(sys.argv[3])
except Exception as e:
    v = "(%s: %s)" % (type(e).__name__, e)
print(json.dumps(v) if not isinstance(v, str) else v)' "$port" "$log" "$1"
}

approved()
{
	comm_approved bob test-ticket "$1"
}

# --- one issue, one record -------------------------------------------------------------

approved "Widget 1.x reaches end of life"
h comm publish "$id"
expect_exit 0 "published and sent"
jkey=$(row "$id" jira idempotency_key)
skey=$(row "$id" snow idempotency_key)
case $(row "$id" jira) in
"delivered|1|OPS-1|") pass "the Jira issue key is stored" ;;
*) fail "the Jira issue key is stored ($(row "$id" jira))" ;;
esac
sref=$(fake "'%s (%s)' % (recs[0]['sys_id'], recs[0]['number'])")
case $(row "$id" snow) in
"delivered|1|$sref|") pass "the ServiceNow sys_id and number are stored ($sref)" ;;
*) fail "the ServiceNow sys_id and number are stored ($(row "$id" snow))" ;;
esac
h outbox show "$(row "$id" jira id)"
expect_exit 0
expect_out "OPS-1" "the issue key is shown"
h outbox show "$(row "$id" snow id)"
expect_exit 0
expect_out "INC0010001" "the record's number is shown"

cat >"$TEST_DIR/check_tickets.py" <<'EOF'
import base64, json, sys
reqs = [json.loads(l) for l in open(sys.argv[1]) if "/_state" not in l]
jkey, skey = sys.argv[2], sys.argv[3]
problems = []
jira = [r for r in reqs if r["path"].startswith("/rest/")]
snow = [r for r in reqs if r["path"].startswith("/api/now/")]
if [(r["method"], r["path"]) for r in jira] != [("POST", "/rest/api/2/issue")]:
    problems.append("jira requests %r" % [r["path"] for r in jira])
if [(r["method"], r["path"]) for r in snow] != [("POST",
        "/api/now/table/incident")]:
    problems.append("servicenow requests %r" % [r["path"] for r in snow])
f = json.loads(jira[0]["body"])["fields"]
if f["project"] != {"key": "OPS"} or f["issuetype"] != {"name": "Bug"}:
    problems.append("project and type %r %r" % (f["project"], f["issuetype"]))
if "Widget 1.x reaches end of life" not in f["summary"] or "\n" in f["summary"]:
    problems.append("summary %r" % f["summary"])
if "herald-" + jkey not in f["labels"] or "herald" not in f["labels"]:
    problems.append("labels %r" % f["labels"])
if not f.get("description"):
    problems.append("no description")
auth = jira[0]["headers"].get("authorization", "")
if auth != "Basic " + base64.b64encode(b"herald-bot:jira-Zq9-token").decode():
    problems.append("jira authorization %r" % auth)
b = json.loads(snow[0]["body"])
if b.get("correlation_id") != skey or b.get("correlation_display") != "herald":
    problems.append("correlation %r" % b)
if "Widget 1.x reaches end of life" not in b.get("short_description", ""):
    problems.append("short description %r" % b.get("short_description"))
auth = snow[0]["headers"].get("authorization", "")
if auth != "Basic " + base64.b64encode(b"svc-herald:snow-Zq9-password").decode():
    problems.append("servicenow authorization %r" % auth)
for r in reqs:
    if r["headers"].get("idempotency-key") not in (jkey, skey):
        problems.append("idempotency key %r" % r["headers"].get(
            "idempotency-key"))
print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF
run python3 "$TEST_DIR/check_tickets.py" "$log" "$jkey" "$skey"
expect_exit 0 "fields, label, correlation ID and credentials as the APIs take them"
check "no credential in the database" sh -c "! grep -a -q 'Zq9' '$db'"

# --- creates whose answers never came -----------------------------------------------------

echo '[{"method": "POST", "path": "/rest/api/2/issue", "times": 1, "hang": 4},
    {"method": "POST", "path": "/api/now/table/incident", "times": 1,
    "hang": 4}]' >"$script"
approved "Widget 2.x reaches end of life"
h comm publish "$id" --no-send
run herald --db "$db" --as ada publish --timeout 1
expect_exit 0 "timeouts are transient"
check "the Jira row waits to be retried" \
    test "$(row "$id" jira state,attempts)" = "pending|1"
check "the ServiceNow row waits to be retried" \
    test "$(row "$id" snow state,attempts)" = "pending|1"
check "both were made all the same" \
    test "$(fake "(len(issues), len(recs))")" = "[2, 2]"
n=$(fake "len(log)")
HERALD_NOW=2026-03-01T12:10:00Z run herald --db "$db" --as ada publish
expect_exit 0
check "Jira: found by its label, not made twice" \
    test "$(row "$id" jira state,attempts,external_ref)" = "delivered|2|OPS-2"
sref=$(fake "'%s (%s)' % (recs[1]['sys_id'], recs[1]['number'])")
check "ServiceNow: found by its correlation ID, not made twice" \
    test "$(row "$id" snow state,attempts,external_ref)" = "delivered|2|$sref"
check "still two of each" test "$(fake "(len(issues), len(recs))")" = "[2, 2]"
check "the retry only looked" \
    test "$(fake "sorted(l['method'] for l in log[$n:])")" = '["GET", "GET"]'
jkey=$(row "$id" jira idempotency_key)
check "the search was by the label" \
    test "$(fake "[l['path'] for l in log[$n:] if l['path'].startswith('/rest/')][0]")" = \
    "/rest/api/2/search?jql=labels%20%3D%20%22herald-$jkey%22&fields=key&maxResults=1"

# --- a refusal, then a retry that finds nothing and creates ----------------------------------

echo '[{"method": "POST", "path": "/rest/api/2/issue", "times": 1,
    "status": 503, "body": "maintenance"}]' >"$script"
approved "Widget 3.x reaches end of life"
h comm publish "$id"
case $(row "$id" jira) in
"pending|1||Jira, creating the issue: HTTP 503: maintenance") pass "a 503 is retried" ;;
*) fail "a 503 is retried ($(row "$id" jira))" ;;
esac
n=$(fake "len(log)")
HERALD_NOW=2026-03-01T12:10:00Z run herald --db "$db" --as ada publish
check "then searched, found none, and created" \
    test "$(fake "[l['method'] for l in log[$n:]]")" = '["GET", "POST"]'
check "delivered as OPS-3" \
    test "$(row "$id" jira state,attempts,external_ref)" = "delivered|2|OPS-3"

# --- Jira refuses ---------------------------------------------------------------------------

echo '[{"method": "POST", "path": "/rest/api/2/issue", "status": 400,
    "body": {"errorMessages": [], "errors": {"issuetype":
    "The issue type selected is invalid."}}}]' >"$script"
approved "Widget 4.x reaches end of life"
h comm publish "$id"
case $(row "$id" jira) in
"failed|1||Jira, creating the issue: HTTP 400: issuetype: The issue type selected is invalid.")
	pass "a 400 fails for good with Jira's words" ;;
*) fail "a 400 fails for good with Jira's words ($(row "$id" jira))" ;;
esac

finish
