#!/bin/sh
# tests/tui/subscribers.sh - subscribers and customers in the console, on
# the demo database: each address with its state and lists, search, what
# was sent to one, adding and erasing an address (asked first, audited);
# the customers with their contacts, subscriber addresses and
# deployments, adding a customer and a deployment through the pickers;
# someone who is no admin refused in core's words.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup
demo_copy subscribers

# run LOGIN ARGS...: herald as LOGIN on the database; output in $TT_DIR/out.
run() {
	tt_who=$1
	shift
	"$HERALD" --db "$DB" --as "$tt_who" "$@" >"$TT_DIR/out" 2>&1 ||
	    { note_stdin <"$TT_DIR/out"; return 1; }
}

# One address in each state: bob unconfirmed (his confirmation message
# waits in the outbox), carl unsubscribed, dora erased.
run ines subscriber add bob@example.org --list 'advisories:*' ||
    bail "subscribe bob"
run ines subscriber add carl@example.org --list 'advisories:*' \
    --list 'lifecycle:*' --confirmed &&
    run ines subscriber unsubscribe carl@example.org || bail "carl unsubscribes"
run ines subscriber add dora@example.org --list 'breach:*' --confirmed &&
    run ines subscriber remove dora@example.org || bail "dora is erased"
# A customer with a contact, an address of its own and what it runs.
run ines customer add "Acme Mobile" --email sec@acme.example --contract C-7 \
    --sla 48 || bail "add the customer Acme Mobile"
run ines customer contact add "Acme Mobile" --name "Dana Reyes" \
    --email dana@acme.example --role dpo || bail "add Acme's contact"
ACME=$("$HERALD" --db "$DB" customer list | awk '/Acme Mobile/ { print $1 }')
run ines subscriber add ops@acme.example --list 'advisories:beacon-sdk' \
    --customer "$ACME" --confirmed || bail "subscribe Acme's address"
run ines customer deploy "Acme Mobile" beacon-sdk 2 --version 2.4.1 ||
    bail "Acme runs beacon-sdk 2"

start subs 80 24 -- --db "$DB" --as ines
keys S
expect_row 0 "herald › Subscribers" "S on the home screen opens the subscribers"
expect_row 1 "Subscribers: " "a heading counts them"
expect "unsubscribed" "carl's state"
expect "(erased #" "dora's address is gone"
expect "advisories:*, lifecycle:*" "carl's lists"

# / and n search addresses, states and lists.
keys /
type_text carl
keys Enter
expect_selected "carl@example.org" "/ finds carl"
expect_selected "unsubscribed"
keys /
type_text unconfirmed
keys Enter
expect_selected "unconfirmed" "/ finds a state"
tt_sel=$(tt_selected)
keys n
tt_poll tt_selection_moved "$tt_sel"
expect_selected "unconfirmed" "n goes to the next unconfirmed address"
check "[subs] and it is another one" tt_selection_moved "$tt_sel"

# Enter shows what was sent to bob: his confirmation, waiting.
keys /
type_text bob@
keys Enter
expect_selected "bob@example.org"
keys Enter
expect_row 0 "herald › Subscriber" "Enter opens the address"
expect "bob@example.org: unconfirmed"
expect "Lists: advisories:*"
expect "Sent to this address: 1 message"
expect "pending    confirmation" "his confirmation message, waiting"
keys q
expect_row 0 "herald › Subscribers"

# a adds an address on the lists typed.
keys a
expect_row 23 "Add the address:" "a asks for the address"
type_text erin@example.org
keys Enter
expect_row 23 "On the lists" "then for the lists"
type_text "advisories:beacon-sdk breach:*"
keys Enter
expect_row 23 "erin@example.org added, unconfirmed until it confirms"
expect_selected "erin@example.org" "the new address is selected"
expect_selected "advisories:beacon-sdk, breach:*"
keys a
type_text "not an address"
keys Enter Enter
expect_row 23 "address" "a wrong address is refused in core's words"

# d erases, once the person says yes.
keys /
type_text erin@
keys Enter
expect_selected "erin@example.org"
keys d
expect_row 23 "Erase erin@example.org and its lists? (y/n)" \
    "d asks first"
type_text n
keys Enter
expect_row 23 "nothing erased" "n keeps it"
expect_selected "erin@example.org"
keys d
type_text y
keys Enter
expect_row 23 "erased" "y erases it"
expect_selected "(erased #" "the address is gone from the list"
expect_not "erin@example.org"

# Customers, from home with C.
keys H
expect_row 0 "herald › Home"
keys C
expect_row 0 "herald › Customers" "C on the home screen opens the customers"
move_to "Acme Mobile"
expect_selected "sec@acme.example"
expect_selected "48 h SLA, contract C-7" "its terms"
keys Enter
expect_row 0 "herald › Customer" "Enter opens the customer"
expect "sec@acme.example, security contact"
expect "Dana Reyes <dana@acme.example>, dpo" "its contacts"
expect "ops@acme.example  confirmed" "its subscriber addresses"
expect "beacon-sdk 2, version 2.4.1" "what it runs"

# d records another deployment: a product, its cycle, the version.
keys d
expect "What does Acme Mobile run?" "d asks which product"
move_to "harbor-gateway"
keys Enter
expect "Which release cycle of harbor-gateway?" "then which cycle"
move_to "3.2"
keys Enter
expect_row 23 "Version" "then the version"
type_text 3.2.14
keys Enter
expect_row 23 "Acme Mobile runs harbor-gateway 3.2" "the deployment is recorded"
expect "harbor-gateway 3.2, version 3.2.14" "and shows"
keys q

# a adds a customer; an SLA that is no number is refused before core.
keys a
expect_row 23 "Customer's name:"
type_text "Borealis Air"
keys Enter
expect_row 23 "Contact e-mail"
type_text sec@borealis.example
keys Enter Enter
expect_row 23 "Notification SLA"
type_text soon
keys Enter
expect_row 23 "the SLA is a number of hours" "a wrong SLA is refused"
keys a
type_text "Borealis Air"
keys Enter
type_text sec@borealis.example
keys Enter Enter
type_text 24
keys Enter
expect_row 23 "customer Borealis Air added"
expect_selected "Borealis Air" "the new customer is selected"
expect_selected "24 h SLA"
keys Q
expect_exit

audit_log
check "the address added is in the audit log" grep -q "subscriber\.add" "$AUDIT"
check "the erasure is in the audit log" grep -q "subscriber\.erase" "$AUDIT"
check "no address in the audit log" sh -c "! grep -q 'erin@example.org' '$AUDIT'"
check "the new customer is in the audit log" grep -q "customer\.create" "$AUDIT"
check "the new deployment is in the audit log" grep -q "deployment\.add\|customer\.deploy" "$AUDIT"

# An author who is no admin reads, and is refused a change.
start author 80 24 -- --db "$DB" --as alice
keys S
expect_row 0 "herald › Subscribers"
keys a
type_text fred@example.org
keys Enter Enter
expect_row 23 "alice needs the admin role for that" "a is refused in core's words"
keys d
type_text y
keys Enter
expect_row 23 "alice needs the admin role for that" "and so is d"
keys Q
expect_exit

finish
