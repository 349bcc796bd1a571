#!/bin/sh
# tests/cli/export_csaf.sh - herald export csaf: the CSAF 2.0 provider
# layout of the demo, every document valid by the CSAF validator library
# (the strict schema and every mandatory test; shown to say no to broken
# documents), index.txt and changes.csv listing them, hashes that
# sha256sum -c and sha512sum -c accept, nothing rewritten when nothing
# changed; with signing.key set, a trusted provider whose every document
# has a signature gpg verifies with the published public key alone; a
# hostile advisory (and control characters and invalid UTF-8 slipped into
# its snapshot) still valid; a v4.0 vector alone refused where CSAF needs
# v3.1; an "are we affected?" statement as a valid csaf_vex; and the unit
# test's hand-made documents valid too.
. "$top_srcdir/tests/lib.sh"

node_validators

# valid FILE...: every file passes the CSAF validator.
valid()
{
	NODE_PATH="$vdir/node_modules" node "$top_srcdir/tests/validators/csaf.js" \
	    "$@"
}

db="$TEST_DIR/demo.db"
out="$TEST_DIR/out"
csaf="$out/site/.well-known/csaf"
demo_db "$db" || { echo "Bail out! no demo database"; exit 99; }
h()
{
	run herald --db "$db" "$@"
}

# --- the demo ----------------------------------------------------------------

h export csaf --out "$out"
expect_exit 0 "export csaf of the demo"
expect_out '^exported csaf to '
(cd "$csaf/white" && find . -name '*.json' | sed 's|^\./||' | sort) \
    >"$TEST_DIR/files"
[ "$(wc -l <"$TEST_DIR/files")" -ge 3 ]
_result $? "the demo gives CSAF documents ($(wc -l <"$TEST_DIR/files"))"
run valid $(find "$csaf" -name '*.json')
expect_exit 0 "every document and provider-metadata.json is valid"

check "index.txt lists every document, by path" \
    cmp "$TEST_DIR/files" "$csaf/white/index.txt"
cat >"$TEST_DIR/layout.py" <<'EOF'
import csv, json, os, re, sys
top = sys.argv[1]
signed = sys.argv[2] == "signed"
bad = []
rows = list(csv.reader(open(os.path.join(top, "white/changes.csv"))))
paths = [r[0] for r in rows]
index = open(os.path.join(top, "white/index.txt")).read().split()
if sorted(paths) != sorted(index) or len(set(paths)) != len(paths):
    bad.append("changes.csv and index.txt differ")
if [r[1] for r in rows] != sorted((r[1] for r in rows), reverse=True):
    bad.append("changes.csv is not newest first")
if not all('"%s","%s"' % (r[0], r[1]) in open(os.path.join(top,
        "white/changes.csv")).read() for r in rows):
    bad.append("changes.csv fields are not quoted")
for path, date in rows:
    d = json.load(open(os.path.join(top, "white", path)))
    t = d["document"]["tracking"]
    name = re.sub(r"[^+\-a-z0-9]+", "_", t["id"].lower()) + ".json"
    if path != t["initial_release_date"][:4] + "/" + name:
        bad.append("%s: filed wrongly for %s" % (path, t["id"]))
    if date != t["current_release_date"]:
        bad.append("%s: changes.csv says %s" % (path, date))
    if d["document"]["distribution"]["tlp"]["label"] != "WHITE":
        bad.append("%s: not TLP:WHITE" % path)
    self = [r["url"] for r in d["document"].get("references", [])
            if r["category"] == "self"]
    if "https://security.brightwater.example/.well-known/csaf/white/" + \
            path not in self:
        bad.append("%s: no self reference" % path)
    for h in ("sha256", "sha512"):
        line = open(os.path.join(top, "white", path + "." + h)).read()
        if not re.fullmatch(r"[0-9a-f]+  " + re.escape(name) + "\n", line):
            bad.append("%s.%s: %r" % (path, h, line))
    if os.path.exists(os.path.join(top, "white", path + ".asc")) != signed:
        bad.append("%s: signature %s" % (path, "missing" if signed else
            "left behind"))
pm = json.load(open(os.path.join(top, "provider-metadata.json")))
want = {"canonical_url": "https://security.brightwater.example/"
            ".well-known/csaf/provider-metadata.json",
        "distributions": [{"directory_url": "https://security."
            "brightwater.example/.well-known/csaf/white/"}],
        "metadata_version": "2.0",
        "role": "csaf_trusted_provider" if signed else "csaf_provider"}
for k, v in want.items():
    if pm.get(k) != v:
        bad.append("provider-metadata %s: %r" % (k, pm.get(k)))
if pm["publisher"]["name"] != "Brightwater Systems":
    bad.append("provider-metadata publisher")
if pm["last_updated"] != max(r[1] for r in rows):
    bad.append("last_updated %s is not the newest document" %
        pm["last_updated"])
if ("public_openpgp_keys" in pm) != signed:
    bad.append("public_openpgp_keys")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
run python3 "$TEST_DIR/layout.py" "$csaf" unsigned
expect_exit 0 "the layout: years, names, changes.csv newest first, metadata"

# The hashes, as readers check them.
hashes_ok()
{
	for f in $(find "$csaf/white" -name '*.sha256' -o -name '*.sha512'); do
		(cd "$(dirname "$f")" && "${f##*.}sum" -c --status \
		    "$(basename "$f")") || return 1
	done
}
check "every .sha256 and .sha512 verifies" hashes_ok
first=$(head -n 1 "$TEST_DIR/files")
cp "$csaf/white/$first" "$TEST_DIR/keep.json"
printf ' ' >>"$csaf/white/$first"
run sh -c "cd '$csaf/white/$(dirname "$first")' && sha256sum -c --status \
    '$(basename "$first").sha256'"
expect_exit 1 "a changed document fails its hash"
cp "$TEST_DIR/keep.json" "$csaf/white/$first"

# What the documents say, for an advisory the demo knows well.
cat >"$TEST_DIR/ledger.py" <<'EOF'
import glob, json, sys
docs = [json.load(open(f)) for f in glob.glob(sys.argv[1] + "/white/*/*.json")]
cats = {d["document"]["category"] for d in docs}
bad = []
if "csaf_security_advisory" not in cats:
    bad.append("no advisory: %s" % cats)
led = [d for d in docs if d["document"]["title"].startswith("Ledger Sync 5.4") and
       d["document"]["category"] == "csaf_security_advisory"]
if not led:
    bad.append("no Ledger Sync advisory")
else:
    v = led[0]["vulnerabilities"][0]
    ps = v["product_status"]
    if not ps.get("known_affected") or not ps.get("fixed"):
        bad.append("statuses: %r" % ps)
    if not any(r["category"] == "vendor_fix" for r in v.get("remediations", [])):
        bad.append("no vendor fix")
    s = v["scores"][0]["cvss_v3"]
    if not s["vectorString"].startswith("CVSS:3.1/") or s["baseScore"] <= 0:
        bad.append("score: %r" % s)
for d in docs:
    for v in d.get("vulnerabilities", []):
        for f in v.get("flags", []):
            if f["label"] not in ("component_not_present",
                    "vulnerable_code_not_present",
                    "vulnerable_code_cannot_be_controlled_by_adversary",
                    "vulnerable_code_not_in_execute_path",
                    "inline_mitigations_already_exist"):
                bad.append("flag %s" % f["label"])
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
run python3 "$TEST_DIR/ledger.py" "$csaf"
expect_exit 0 "the Ledger Sync advisory: affected, fixed, vendor fix, CVSS v3.1"

# Again: nothing changed, nothing written; from scratch, the same bytes.
h export csaf --out "$out"
expect_exit 0
expect_out ' 0 files written, [0-9]+ unchanged, [1-9][0-9]* kept'
h export csaf --out "$TEST_DIR/again"
expect_exit 0
check "an export into a new directory gives the same files" \
    diff -r "$csaf" "$TEST_DIR/again/site/.well-known/csaf"

# --- the validator itself ------------------------------------------------------

python3 - "$csaf/white/$first" "$csaf/provider-metadata.json" "$TEST_DIR" \
    <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
out = sys.argv[3]
a = json.loads(json.dumps(d)); a["document"]["tracking"]["version"] = "9"
json.dump(a, open(out + "/bad-version.json", "w"))
b = json.loads(json.dumps(d)); b["document"]["category"] = "csaf_vex"
b["document"]["publisher"]["namespace"] = "not a uri"
for v in b["vulnerabilities"]:
    v.pop("product_status", None)
json.dump(b, open(out + "/bad-vex.json", "w"))
p = json.load(open(sys.argv[2])); p["role"] = "csaf_boss"
del p["canonical_url"]; p["distributions"][0]["directory_url"] = "http://x/"
json.dump(p, open(out + "/provider-metadata.json", "w"))
EOF
run valid "$TEST_DIR/bad-version.json"
expect_exit 1 "a version the revision history does not end with is refused"
expect_out 'mandatoryTest_6_1_16'
run valid "$TEST_DIR/bad-vex.json"
expect_exit 1 "a csaf_vex without what VEX needs, a bad namespace: refused"
expect_out 'csaf_2_0_strict: /document/publisher/namespace'
expect_out 'mandatoryTest_6_1_27_'
run valid "$TEST_DIR/provider-metadata.json"
expect_exit 1 "a provider-metadata.json with a bad role and no URL: refused"
expect_out '/role'
expect_out '/canonical_url: required'
expect_out '/distributions/0/directory_url'
printf '{' >"$TEST_DIR/broken.json"
run valid "$TEST_DIR/broken.json"
expect_exit 2 "a file that is not JSON is an error"

# --- signed: a trusted provider ------------------------------------------------

if have gpg && have gpgconf; then
	GNUPGHOME=$(mktemp -d /tmp/hg.XXXX) || exit 99
	export GNUPGHOME
	at_exit "gpgconf --kill gpg-agent >/dev/null 2>&1; rm -rf '$GNUPGHOME'"
	run gpg --batch --passphrase '' --quick-gen-key \
	    "Brightwater CSAF <csaf@brightwater.example>" ed25519 sign never
	expect_exit 0 "a signing key without a passphrase"
	fpr=$(gpg --batch --with-colons --list-secret-keys |
	    awk -F: '$1 == "fpr" { print $10; exit }')
	h settings set signing.key "$fpr"
	expect_exit 0
	h export csaf --out "$out"
	expect_exit 0 "export csaf, signed"
	run python3 "$TEST_DIR/layout.py" "$csaf" signed
	expect_exit 0 "signed: every document has its .asc; a trusted provider"
	run valid "$csaf/provider-metadata.json"
	expect_exit 0 "the trusted provider's metadata is valid"
	key="$csaf/openpgp/$fpr.asc"
	check "the public key is published under openpgp/" \
	    grep -q 'BEGIN PGP PUBLIC KEY BLOCK' "$key"
	check "provider-metadata.json names the key and where it is" \
	    grep -q "\"url\": \"https://security.brightwater.example/.well-known/csaf/openpgp/$fpr.asc\"" \
	    "$csaf/provider-metadata.json"
	# A reader's keyring holds only the published public key.
	reader=$(mktemp -d /tmp/hg.XXXX) || exit 99
	at_exit "GNUPGHOME='$reader' gpgconf --kill gpg-agent >/dev/null 2>&1; rm -rf '$reader'"
	run env GNUPGHOME="$reader" gpg --batch --import "$key"
	expect_exit 0 "the public key imports"
	sigs_ok()
	{
		n=0
		for a in $(find "$csaf/white" -name '*.json.asc'); do
			GNUPGHOME="$reader" gpg --batch --verify "$a" "${a%.asc}" \
			    2>/dev/null || return 1
			n=$((n + 1))
		done
		[ "$n" -eq "$(wc -l <"$TEST_DIR/files")" ]
	}
	check "gpg --verify x.asc x.json passes for every document" sigs_ok
	printf ' ' >>"$csaf/white/$first"
	run env GNUPGHOME="$reader" gpg --batch --verify \
	    "$csaf/white/$first.asc" "$csaf/white/$first"
	expect_exit 1 "a changed document fails its signature"
	cp "$TEST_DIR/keep.json" "$csaf/white/$first"
	# Signatures are not made again when nothing changed.
	cp "$csaf/white/$first.asc" "$TEST_DIR/keep.asc"
	h export csaf --out "$out"
	expect_exit 0
	expect_out ' 0 files written'
	check "an unchanged document keeps its signature" \
	    cmp "$TEST_DIR/keep.asc" "$csaf/white/$first.asc"
	# A key GnuPG does not have: refused, naming it.
	h settings set signing.key 0123456789ABCDEF0123456789ABCDEF01234567
	expect_exit 0
	h export csaf --out "$out"
	expect_exit 4 "export with a key GnuPG lacks fails"
	expect_err '0123456789ABCDEF0123456789ABCDEF01234567'
	# No key any more: no signature left to contradict a document.
	h settings unset signing.key
	expect_exit 0
	h export csaf --out "$out"
	expect_exit 0
	run python3 "$TEST_DIR/layout.py" "$csaf" unsigned
	expect_exit 0 "unsigned again: the signatures are gone, a provider"
else
	note "gpg is not installed: the signatures are not checked"
fi

# --- a hostile advisory --------------------------------------------------------

hostile=$(hostile_text)
comm_on_incident security-advisory "$hostile"
fill_hostile_advisory "$id" "$hostile"
comm_set "$id" products '[{"product":"harbor-gateway","cycle":"4.0","range":"<4.0.4","status":"known_affected","ecosystem":"npm","package":"@bw/gate"},{"product":"harbor-gateway","cycle":"4.0","range":"4.0.4","status":"fixed","ecosystem":"maven","package":"com.bw:gate"},{"product":"ledger-sync","cycle":"6.0","range":"all versions before the next one","status":"under_investigation"},{"product":"ledger-sync","cycle":"5.4","status":"known_not_affected","justification":"inline_mitigations_already_exist"}]'
h comm done "$id" summary
expect_exit 0
# CSAF 2.0 carries CVSS v3.x: a v4.0 vector alone does not finish the step.
h comm done "$id" impact
expect_exit 3 "a v4.0 vector alone: the step is not done"
expect_err 'CSAF 2\.0 carries CVSS v3\.x only'
expect_err 'CVSS v3\.1 vector \(for CSAF\)'
comm_set "$id" cvss-v3 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
publish_by_hand h "$id" impact remedy context review

h export csaf --out "$out"
expect_exit 0 "export csaf with the hostile advisory"
doc=$(find "$csaf/white" -name "$(echo "$ref" | tr 'A-Z' 'a-z').json")
check "the hostile advisory has its document" test -f "$doc"
run valid $(find "$csaf" -name '*.json')
expect_exit 0 "with the hostile advisory every document is valid"
cat >"$TEST_DIR/hostile.py" <<'EOF'
import json, sys
f, hostile = sys.argv[1:3]
hostile = hostile.encode("utf-8", "surrogateescape").decode("utf-8")
d = json.load(open(f))
bad = []
if d["document"]["title"] != hostile:
    bad.append("title: %r" % d["document"]["title"])
v = d["vulnerabilities"]
if [x["cve"] for x in v] != ["CVE-2026-55555", "CVE-2026-1234567"]:
    bad.append("cves")
n = v[0]["notes"][0]["text"]
if len(n) != 100000 or not n.startswith(hostile):
    bad.append("summary of %d characters" % len(n))
r = {x["category"]: x["details"] for x in v[0]["remediations"]}
if r.get("vendor_fix") != hostile or r.get("workaround") != hostile:
    bad.append("remediations: %r" % r)
if d["document"]["acknowledgments"][0]["summary"] != hostile:
    bad.append("credits")
if v[0]["scores"][0]["cvss_v3"]["vectorString"] != \
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H":
    bad.append("the v3.1 vector is not the score")
urls = [x["url"] for x in d["document"]["references"]]
if any(u.startswith("javascript") for u in urls) or \
   "https://example.org/a%7Bb%7D%7Cc%5Ed?x=%60y%60#f%23g" not in urls or \
   "https://example.org/%E2%80%AE" not in urls:
    bad.append("references: %r" % urls)
if d["document"]["tracking"]["status"] != "interim":
    bad.append("under investigation yet %s" % d["document"]["tracking"]["status"])
flags = v[0]["flags"]
if [f["label"] for f in flags] != ["inline_mitigations_already_exist"]:
    bad.append("flags: %r" % flags)
helpers = json.dumps(d["product_tree"])
if "pkg:npm/%40bw/gate" not in helpers or \
   "pkg:maven/com.bw/gate@4.0.4" not in helpers:
    bad.append("purls")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
run python3 "$TEST_DIR/hostile.py" "$doc" "$hostile"
expect_exit 0 "hostile text as written; bad URLs left out; interim; purls"

# Control characters and invalid UTF-8 where the command line refuses
# them: straight into the published snapshot.
poke_hostile "$db" "$id" 'snap["plain-summary"] = "bell\x07 and\r\nCRLF"'
h export csaf --out "$out"
expect_exit 0
expect_out ' [1-9] files written'
run valid "$doc"
expect_exit 0 "control characters and invalid UTF-8: still valid"
expect_cleaned "$doc" 'd["document"]["title"]' \
    'd["document"]["acknowledgments"][0]["summary"]'
check "the hashes follow the change" hashes_ok

# --- an "are we affected?" statement: CSAF VEX ---------------------------------

vref=$(herald --db "$db" incident list --json | python3 -c 'import json, sys
print([i["id"] for i in json.load(sys.stdin) if "libexpat" in i["title"]][0])')
h comm new "$vref" --playbook vex-statement --title "libexpat CVE-2026-0000: are we affected?"
expect_exit 0 "start an are-we-affected statement"
vid=$(awk 'NR == 1 { print $1 }' "$OUT")
comm_set "$vid" cves CVE-2026-0000
comm_set "$vid" component "libexpat 2.6"
comm_set "$vid" products '[{"product":"harbor-gateway","cycle":"3.2","range":"all","status":"known_not_affected","justification":"vulnerable_code_not_in_execute_path"},{"product":"harbor-gateway","cycle":"4.0","range":"4.0.4","status":"fixed"},{"product":"harbor-gateway","cycle":"4.0","range":"<4.0.4","status":"known_affected"},{"product":"ledger-sync","cycle":"6.0","status":"under_investigation"}]'
comm_set "$vid" statement "Harbor Gateway 3.2 links libexpat but parses only its own signed configuration with it; 4.0 parsed untrusted XML until 4.0.4."
comm_set "$vid" plain-summary "Older gateways are safe. Update newer ones."
comm_set "$vid" customer-actions "Upgrade Harbor Gateway 4.0 to 4.0.4."
comm_set "$vid" review "$(printf 'versions\nreasons\nplain')"
publish_by_hand h "$vid" subject status statement review
h export csaf --out "$out"
expect_exit 0 "export csaf with the statement"
run python3 -c 'import glob, json, sys
docs = [f for f in glob.glob(sys.argv[1] + "/white/*/*.json")
        if json.load(open(f))["document"]["category"] == "csaf_vex"]
print("\n".join(docs))
sys.exit(0 if len(docs) == 1 else 1)' "$csaf"
expect_exit 0 "one csaf_vex document"
vex=$(cat "$OUT")
run valid "$vex"
expect_exit 0 "the csaf_vex document is valid (VEX profile tests included)"
run python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))["vulnerabilities"]
ps = v[0]["product_status"]
ok = (len(v) == 1 and v[0]["cve"] == "CVE-2026-0000" and
      v[0]["title"] == "CVE-2026-0000 in libexpat 2.6" and
      set(ps) == {"known_not_affected", "fixed", "known_affected",
                  "under_investigation"} and
      v[0]["flags"][0]["label"] == "vulnerable_code_not_in_execute_path" and
      v[0]["threats"][0]["category"] == "impact" and
      any(r["category"] == "vendor_fix" for r in v[0]["remediations"]))
sys.exit(0 if ok else 1)' "$vex"
expect_exit 0 "not affected with why, fixed, affected with what to do"

# --- the unit test's hand-made documents -----------------------------------------

unit="$top_builddir/tests/unit/test_csaf"
if [ -x "$unit" ]; then
	mkdir -p "$TEST_DIR/unit"
	(cd "$TEST_DIR" && CSAF_OUT="$TEST_DIR/unit" "$unit" \
	    >"$TEST_DIR/unit.log" 2>&1)
	check "the unit test wrote its documents" \
	    sh -c "ls '$TEST_DIR'/unit/*.json | wc -l | grep -qv '^0\$'"
	run valid "$TEST_DIR"/unit/*.json
	expect_exit 0 "every hand-made document (states, purls, hostile) is valid"
else
	note "no $unit: the hand-made documents are not checked"
fi

finish
