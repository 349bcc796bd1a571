#!/bin/sh
# tests/cli/export_disclosure.sh - herald export security-txt: the RFC
# 9116 /.well-known/security.txt (its fields, Expires within a year and
# fixed within a day, no line broken by a value, settings that would
# break it refused), clear-signed and verified by gpg when signing.key is
# set, and the disclosure policy page whose promised times are the
# vulnerability-report playbook's clocks.
. "$top_srcdir/tests/lib.sh"

have python3 || skip_all "python3 is not installed"

site=https://security.brightwater.example/
txt_rel=site/.well-known/security.txt

# --- refusals ----------------------------------------------------------------

fresh="$TEST_DIR/fresh.db"
run herald --db "$fresh" init --testing
expect_exit 0
f()
{
	run herald --db "$fresh" "$@"
}
f settings set site.url "$site"
expect_exit 0
f settings set publisher.name "Brightwater Systems"
expect_exit 0
f export security-txt --out "$TEST_DIR/o"
expect_exit 3 "no security.contact: exit 3"
expect_err 'security\.contact'
check "nothing written without a contact" test ! -e "$TEST_DIR/o/$txt_rel"

# Values that would break a line of security.txt, or point to http:
f settings set security.contact "$(printf 'mailto:a@b.example\nExpires: 2099-01-01T00:00:00Z')"
expect_exit 3 "a contact with a line break is refused"
expect_err 'security\.contact' "the refusal names security.contact"
f settings set security.contact "$(printf 'mailto:a@b.example\rX: y')"
expect_exit 3 "a contact with a carriage return is refused"
f settings set security.contact http://example.org/report
expect_exit 3 "an http:// contact is refused"
expect_err 'is not a contact'
f settings set security.contact "mailto:a@b.example, http://example.org/r"
expect_exit 3 "an http:// contact among others is refused"
f settings set security.contact "mailto:a@b.example,,tel:+441234"
expect_exit 3 "an empty contact in the list is refused"
f settings set security.contact "javascript:alert(1)"
expect_exit 3 "a javascript: contact is refused"
f settings set security.encryption http://example.org/key.asc
expect_exit 3 "an http:// Encryption URL is refused"
f settings set security.languages "$(printf 'en\nContact: mailto:x@y')"
expect_exit 3 "a language list with a line break is refused"
f settings set security.expires-days 366
expect_exit 3 "Expires more than a year ahead is refused"
f settings set security.expires-days 0
expect_exit 3 "Expires of 0 days is refused"
f settings get security.contact
check "no refused value was kept" test ! -s "$OUT"

# --- the demo ----------------------------------------------------------------

db="$TEST_DIR/demo.db"
out="$TEST_DIR/out"
txt="$out/$txt_rel"
md="$out/docs/policy/disclosure.md"
html="$out/site/policy/disclosure.html"
demo_db "$db" || { echo "Bail out! no demo database"; exit 99; }
h()
{
	run herald --db "$db" "$@"
}
h template import
if grep -q 'not built yet' "$ERR"; then
	skip_all "herald template import is not built yet"
fi
expect_exit 0 "the templates are imported"

h export security-txt --out "$out"
expect_exit 0 "export security-txt of the demo"
check "security.txt written" test -s "$txt"
check "docs/policy/disclosure.md written" test -s "$md"
check "site/policy/disclosure.html written" test -s "$html"

# check_txt FILE NOW DAYS: RFC 9116's rules and what the settings say.
cat >"$TEST_DIR/sectxt.py" <<'EOF'
import datetime, re, subprocess, sys
path, now, days, herald, db, site = sys.argv[1:7]
text = open(path, "rb").read().decode("utf-8")
bad = []
def setting(k):
    # unset: exit 4 and nothing on stdout
    return subprocess.run([herald, "--db", db, "settings", "get", k],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode().strip()
if "\r" in text or not text.endswith("\n"):
    bad.append("CR in the file, or no final newline")
fields = {}
for n, line in enumerate(text.split("\n")[:-1], 1):
    if line.startswith("#") or line == "":
        continue
    m = re.fullmatch(r"([A-Za-z][A-Za-z-]*): (\S+(?: \S+)*)", line)
    if not m:
        bad.append("line %d is not a field: %r" % (n, line))
        continue
    fields.setdefault(m.group(1), []).append(m.group(2))
known = {"Contact", "Expires", "Encryption", "Acknowledgments",
         "Preferred-Languages", "Canonical", "Policy", "Hiring", "CSAF"}
if set(fields) - known:
    bad.append("unknown fields %s" % (set(fields) - known))
for once in ("Expires", "Preferred-Languages", "Canonical", "Policy"):
    if len(fields.get(once, [])) != 1:
        bad.append("%s %d times" % (once, len(fields.get(once, []))))
want = [c.strip() for c in setting("security.contact").split(",")]
if fields.get("Contact") != want:
    bad.append("Contact %s, want %s" % (fields.get("Contact"), want))
exp = fields.get("Expires", ["?"])[0]
if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", exp):
    bad.append("Expires %r is not RFC 3339 UTC" % exp)
else:
    e = datetime.datetime.strptime(exp, "%Y-%m-%dT%H:%M:%SZ")
    t = datetime.datetime.strptime(now, "%Y-%m-%dT%H:%M:%SZ")
    start = t.replace(hour=0, minute=0, second=0)
    if e != start + datetime.timedelta(days=int(days)):
        bad.append("Expires %s, want the start of %s + %s days" % (exp,
            now, days))
    if not t < e <= t.replace(year=t.year + 1):
        bad.append("Expires %s is not within a year of %s" % (exp, now))
for field, key in (("Encryption", "security.encryption"),
                   ("Acknowledgments", "security.acknowledgments"),
                   ("Hiring", "security.hiring")):
    v = setting(key)
    if fields.get(field, []) != ([v] if v else []):
        bad.append("%s %s, want %r" % (field, fields.get(field), v))
langs = ", ".join(x.strip() for x in setting("security.languages").split(","))
if fields.get("Preferred-Languages") != [langs]:
    bad.append("Preferred-Languages %s" % fields.get("Preferred-Languages"))
for field, rel in (("Canonical", ".well-known/security.txt"),
                   ("Policy", "policy/disclosure.html"),
                   ("CSAF", ".well-known/csaf/provider-metadata.json")):
    if fields.get(field) != [site + rel]:
        bad.append("%s %s" % (field, fields.get(field)))
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
check_txt()
{
	run python3 "$TEST_DIR/sectxt.py" "$1" "$2" "$3" "$HERALD" "$db" "$site"
	expect_exit 0 "${4:-security.txt: the fields, Expires $3 days ahead}"
}
check_txt "$txt" "$HERALD_NOW" 365
cp "$txt" "$TEST_DIR/first.txt"

# Later the same day: the same bytes, nothing written; from scratch too.
HERALD_NOW=2026-03-01T23:59:59Z h export security-txt --out "$out"
expect_exit 0
expect_out ' 0 files written'
check "the same day, the same security.txt" cmp "$txt" "$TEST_DIR/first.txt"
HERALD_NOW=2026-03-01T00:00:00Z h export security-txt --out "$TEST_DIR/again"
expect_exit 0
check "from scratch at midnight, the same security.txt" \
    cmp "$TEST_DIR/again/$txt_rel" "$TEST_DIR/first.txt"
# The next day, Expires moves by a day.
HERALD_NOW=2026-03-02T08:00:00Z h export security-txt --out "$out"
expect_exit 0
check_txt "$txt" 2026-03-02T08:00:00Z 365 "the next day, Expires a day later"
# A shorter life; a leap year's 366th day is never reached.
h settings set security.expires-days 30
expect_exit 0
h export security-txt --out "$out"
expect_exit 0
check_txt "$txt" "$HERALD_NOW" 30 "security.expires-days 30: Expires in 30 days"
grep -qx 'Expires: 2026-03-31T00:00:00Z' "$txt"
_result $? "Expires: 2026-03-31T00:00:00Z"
HERALD_NOW=2027-12-31T23:00:00Z h settings set security.expires-days 365
expect_exit 0
HERALD_NOW=2027-03-01T12:00:00Z h export security-txt --out "$out"
expect_exit 0
check_txt "$txt" 2027-03-01T12:00:00Z 365 "before a leap day: still within a year"

# Optional fields go when unset; a hostile publisher name stays on its
# comment line and is escaped on the page.
h settings unset security.hiring
expect_exit 0
h settings unset security.acknowledgments
expect_exit 0
evil=$(printf '<b>Bright & "water"</b> \342\200\256RTL\342\200\254 \360\237\224\245 ]]>')
h settings set publisher.name "$evil"
expect_exit 0
h export security-txt --out "$out"
expect_exit 0
check_txt "$txt" "$HERALD_NOW" 365 "without Hiring and Acknowledgments"
! grep -q '^Hiring:\|^Acknowledgments:' "$txt"
_result $? "unset fields are left out"
! grep -Fq '<b>Bright' "$html" && grep -Fq '&lt;b&gt;Bright &amp; ' "$html"
_result $? "the publisher's name is escaped on the HTML page"

# --- the policy page ---------------------------------------------------------

# The promised times are the playbook's clocks, as herald shows them.
cat >"$TEST_DIR/promises.py" <<'EOF'
import html as H, json, re, sqlite3, subprocess, sys
herald, db, md, page = sys.argv[1:5]
pb = json.loads(subprocess.check_output([herald, "--db", db, "playbook",
    "show", "vulnerability-report", "--json"]))
mdt = open(md, encoding="utf-8").read()
ht = H.unescape(re.sub(r"<[^>]+>", "", open(page, encoding="utf-8").read()))
bad = []
clocks = [c for c in pb["clocks"] if not c["regime"]]
if not clocks:
    bad.append("the playbook has no clocks")
for c in clocks:
    span = c["every"] if c["every"] else c["within"]
    want = "%s: %s %s" % (c["title"], "every" if c["every"] else "within",
        span)
    if want not in mdt:
        bad.append("Markdown lacks %r" % want)
    if want not in ht:
        bad.append("HTML lacks %r" % want)
promised = re.findall(r"^- (.*): (?:within|every) ", mdt.split(
    "## What you can expect")[1].split("\n## ")[0], re.M)
if promised != [c["title"] for c in clocks]:
    bad.append("promises %s, clocks %s" % (promised,
        [c["title"] for c in clocks]))
for (name,) in sqlite3.connect(db).execute("SELECT name FROM products"):
    if "**%s**" % name not in mdt or name not in ht:
        bad.append("product %s not in scope" % name)
for sec in ("Scope", "How to report", "What you can expect, and when",
            "Coordinated disclosure", "Safe harbour", "Acknowledgements"):
    if "\n## %s\n" % sec not in mdt:
        bad.append("no section %s" % sec)
if "mailto:security@brightwater.example" not in mdt:
    bad.append("no e-mail contact link")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
run python3 "$TEST_DIR/promises.py" "$HERALD" "$db" "$md" "$html"
expect_exit 0 "the page promises the playbook's clocks, lists products and sections"

# MkDocs builds the page without a warning.
if have mkdocs; then
	cat >"$TEST_DIR/mkdocs.yml" <<EOF
site_name: test
docs_dir: $out/docs
site_dir: $TEST_DIR/mkdocs-site
use_directory_urls: false
nav:
  - "Vulnerability disclosure policy": "policy/disclosure.md"
EOF
	run mkdocs build --strict -q -f "$TEST_DIR/mkdocs.yml"
	expect_exit 0 "mkdocs build --strict builds the policy page"
	check "... into policy/disclosure.html" \
	    test -s "$TEST_DIR/mkdocs-site/policy/disclosure.html"
else
	note "mkdocs is not installed: the Markdown is not built"
fi

# A parenthesis in a URL does not end its link.
h settings set security.encryption 'https://brightwater.example/key(2026).asc'
expect_exit 0
h export security-txt --out "$out"
expect_exit 0
grep -qx 'Encryption: https://brightwater.example/key(2026).asc' "$txt" &&
    grep -Fq '(https://brightwater.example/key%282026%29.asc)' "$md" &&
    grep -Fq 'href="https://brightwater.example/key%282026%29.asc"' "$html"
_result $? "security.txt as set; the page's link percent-encodes ( and )"

# Change the playbook's clocks (a copy in the configuration directory,
# as new reports use it): the page follows.
pbdir="$XDG_CONFIG_HOME/herald/playbooks"
mkdir -p "$pbdir"
sed -e 's/within: 72h/within: 5d/' -e 's/within: 10d/within: 3 weeks/' \
    "$top_srcdir/share/playbooks/vulnerability-report.yaml" \
    >"$pbdir/vulnerability-report.yaml"
h playbook show vulnerability-report --json
expect_out '"within": "5 d"' "the changed playbook is the one herald uses"
h export security-txt --out "$out"
expect_exit 0
run python3 "$TEST_DIR/promises.py" "$HERALD" "$db" "$md" "$html"
expect_exit 0 "after the playbook changes, the page promises its new times"
grep -q 'within 5 d' "$md" && ! grep -q 'within 72 h' "$md"
_result $? "5 d, no longer 72 h"
# A broken playbook: a clear error, naming it.
printf 'playbook: vulnerability-report\nversion: [\n' \
    >"$pbdir/vulnerability-report.yaml"
h export security-txt --out "$out"
expect_exit 3 "a broken vulnerability-report playbook: exit 3"
expect_err 'vulnerability-report'
rm -f "$pbdir/vulnerability-report.yaml"

# --- signed ------------------------------------------------------------------

if have gpg; then
	GNUPGHOME=$(mktemp -d /tmp/hg.XXXX) || exit 99
	export GNUPGHOME
	at_exit 'gpgconf --kill all >/dev/null 2>&1; rm -rf "$GNUPGHOME"'
	chmod 0700 "$GNUPGHOME"
	gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key \
	    'Herald Test <security@brightwater.example>' ed25519 sign never \
	    >/dev/null 2>&1
	fpr=$(gpg --batch --with-colons --list-secret-keys 2>/dev/null |
	    awk -F: '$1 == "fpr" { print $10; exit }')
	[ -n "$fpr" ]
	_result $? "a test signing key ($fpr)"
	h settings set signing.key "$fpr"
	expect_exit 0
	h export security-txt --out "$out"
	if [ "$rc" != 0 ] && grep -q 'not built yet' "$ERR"; then
		note "signing is not built yet: the signed security.txt is not checked"
	else
		expect_exit 0 "export security-txt, signed"
		head -n 1 "$txt" | grep -qx -- '-----BEGIN PGP SIGNED MESSAGE-----'
		_result $? "security.txt is clear-signed"
		run gpg --batch --verify "$txt"
		expect_exit 0 "gpg --verify accepts the signature"
		expect_err "Good signature"
		gpg --batch --decrypt "$txt" >"$TEST_DIR/body.txt" 2>/dev/null
		check_txt "$TEST_DIR/body.txt" "$HERALD_NOW" 365 \
		    "the signed text has every field"
		cp "$txt" "$TEST_DIR/signed.txt"
		h export security-txt --out "$out"
		expect_exit 0
		check "the same day, not signed again" cmp "$txt" \
		    "$TEST_DIR/signed.txt"
		sed 's/^Contact: mailto:/Contact: mailto:x/' "$TEST_DIR/signed.txt" \
		    >"$TEST_DIR/forged.txt"
		run gpg --batch --verify "$TEST_DIR/forged.txt"
		[ "$rc" != 0 ]
		_result $? "gpg --verify refuses a changed contact"
		h settings set signing.key 0123456789ABCDEF0123456789ABCDEF01234567
		expect_exit 0
		h export security-txt --out "$out"
		[ "$rc" != 0 ]
		_result $? "a key GnuPG does not hold: refused"
		expect_err '0123456789ABCDEF0123456789ABCDEF01234567'
		check "and the signed file stays" cmp "$txt" "$TEST_DIR/signed.txt"
	fi
else
	note "gpg is not installed: the signed security.txt is not checked"
fi

finish
