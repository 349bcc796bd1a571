/* cli/cmd_customer.c - herald customer: organisations, contacts and what
 * they run. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/customer.h"
#include "core/subscriber.h"
#include "core/product.h"

static const char usage[] =
"usage: herald customer add NAME [--email ADDR] [--contract REF] [--sla HOURS]\n"
"       herald customer list [--json]\n"
"       herald customer show NAME|ID [--json]\n"
"       herald customer contact add CUSTOMER --name NAME --email ADDR\n"
"                                   [--role ROLE]\n"
"       herald customer deploy CUSTOMER PRODUCT [CYCLE] [--version V]\n"
"       herald customer undeploy CUSTOMER PRODUCT [CYCLE]\n"
"       herald customer import FILE.csv\n"
"       herald customer import-deployments FILE.csv\n"
"\n"
"Customers are the organisations told about what concerns them: an\n"
"end-of-life notice reaches those whose deployed release cycle ends, an\n"
"advisory those running an affected version. A contract's notification\n"
"SLA (--sla, in hours) beats a playbook's when it is stricter. CUSTOMER\n"
"is a name or an id; PRODUCT a product's slug; CYCLE a release cycle's\n"
"name (leave it out, or give -, when not known).\n"
"\n"
"import reads a CSV file with the header name and optionally email,\n"
"contract, sla_hours; import-deployments one with customer, product,\n"
"cycle and optionally version. Every row is checked first: when any is\n"
"wrong, each problem is listed as FILE:LINE: field: what is wrong, and\n"
"nothing is imported. Changes need the admin role and are audited.\n"
"\n"
"  --email ADDR     the customer's security contact address\n"
"  --contract REF   the contract's reference\n"
"  --sla HOURS      the contract's notification SLA (0: none)\n"
"  --name NAME      (contact add) the contact's name\n"
"  --role ROLE      (contact add) security, dpo, ...\n"
"  --version V      (deploy) the version they run\n"
"  --json           JSON instead of text\n"
"  -h, --help       show this help\n";

static int
customer_add_cmd(struct cli *c, int argc, char **argv)
{
	const char *email = NULL, *contract = NULL;
	long sla = 0;
	const struct cli_opt opts[] = {
		{ "email", .str = &email },
		{ "contract", .str = &contract },
		{ "sla", .num = &sla, .min = 0, .max = CUSTOMER_SLA_MAX },
		{ .name = NULL },
	};
	struct session *s = NULL;
	struct err err = { 0 };
	long long id;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 1, &rc,
	    "customer add takes one NAME"))
		return rc;
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    customer_create(s, argv[optind], email, contract != NULL ? contract :
	    "", (int)sla, &id, &err) != ST_OK)
		rc = cli_fail(&err);
	else {
		char name[256];

		printf("Added %s (customer:%lld)\n", cli_clean(argv[optind], name,
		    sizeof name), id);
	}
	session_close(&s);
	return rc;
}

static json_t *
customer_json(const void *row)
{
	const struct customer *cu = row;
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(cu->id));
	json_object_set_new(o, "name", cli_json_str(cu->name));
	json_object_set_new(o, "email", cli_json_str(cu->contact_email));
	json_object_set_new(o, "contract", cli_json_str(cu->contract_ref));
	json_object_set_new(o, "sla_hours", cu->notify_sla_hours > 0 ?
	    json_integer(cu->notify_sla_hours) : json_null());
	json_object_set_new(o, "created_at", cli_json_str(cu->created_at));
	json_object_set_new(o, "erased_at", cli_json_str(cu->erased_at));
	return o;
}

static void
print_customers(const struct rowlist *l)
{
	size_t i, w = cli_col_width(l, offsetof(struct customer, name), "NAME");

	if (w > 40)
		w = 40;
	printf("%-6s  %-*s  %-5s  %s\n", "ID", (int)w, "NAME", "SLA", "E-MAIL");
	for (i = 0; i < l->count; i++) {
		const struct customer *cu = rowlist_at(l, i);
		char name[256], email[300], sla[16] = "-";

		if (cu->notify_sla_hours > 0)
			snprintf(sla, sizeof sla, "%dh", cu->notify_sla_hours);
		printf("%-6lld  %-*s  %-5s  %s\n", cu->id, (int)w,
		    cu->name != NULL ? cli_clean(cu->name, name, sizeof name) :
		    "(erased)", sla, cu->contact_email != NULL ?
		    cli_clean(cu->contact_email, email, sizeof email) : "-");
	}
}

/* What customer show prints: the customer and all it has. */
struct customer_view {
	struct customer cu;
	struct rowlist  contacts;       /* struct customer_contact */
	struct rowlist  subscribers;    /* struct subscriber */
	struct rowlist  deployments;    /* struct deployment */
	struct rowlist  products;       /* struct product */
};

static void
view_clear(void *row)
{
	struct customer_view *v = row;

	customer_clear(&v->cu);
	rowlist_free(&v->contacts, (row_clear_fn)customer_contact_clear);
	rowlist_free(&v->subscribers, (row_clear_fn)subscriber_clear);
	rowlist_free(&v->deployments, (row_clear_fn)deployment_clear);
	rowlist_free(&v->products, (row_clear_fn)product_clear);
}

static enum status
view_load(struct session *s, const char *which, void *row, struct err *err)
{
	struct customer_view *v = row;
	enum status st;

	rowlist_init(&v->contacts, sizeof(struct customer_contact));
	rowlist_init(&v->subscribers, sizeof(struct subscriber));
	rowlist_init(&v->deployments, sizeof(struct deployment));
	rowlist_init(&v->products, sizeof(struct product));
	if ((st = customer_find(s, which, &v->cu, err)) != ST_OK)
		return st;
	rowlist_free(&v->contacts, NULL);
	rowlist_free(&v->subscribers, NULL);
	rowlist_free(&v->deployments, NULL);
	if ((st = customer_contacts(s, v->cu.id, &v->contacts, err)) != ST_OK ||
	    (st = subscriber_list_for_customer(s, v->cu.id, &v->subscribers,
	    err)) != ST_OK ||
	    (st = deployment_list_for_customer(s, v->cu.id, &v->deployments,
	    err)) != ST_OK)
		return st;
	return ST_OK;
}

/* The slug of product ID and the name of cycle CYCLE_ID, loaded by S. */
static void
deployment_names(struct session *s, const struct deployment *d, char *prod,
    size_t np, char *cycle, size_t nc)
{
	struct product p = { 0 };
	struct cycle cy = { 0 };

	snprintf(prod, np, "product:%lld", d->product_id);
	snprintf(cycle, nc, "-");
	if (product_get(s, d->product_id, &p, NULL) == ST_OK)
		cli_clean(p.slug, prod, np);
	if (d->cycle_id != 0 && cycle_get(s, d->cycle_id, &cy, NULL) == ST_OK)
		cli_clean(cy.cycle, cycle, nc);
	product_clear(&p);
	cycle_clear(&cy);
}

static json_t *
view_json(struct session *s, const void *row)
{
	const struct customer_view *v = row;
	json_t *o = customer_json(&v->cu), *a;
	size_t i;

	a = json_array();
	for (i = 0; i < v->contacts.count; i++) {
		const struct customer_contact *ct = rowlist_at(&v->contacts, i);

		json_array_append_new(a, json_pack("{s:I, s:o, s:o, s:o}", "id",
		    (json_int_t)ct->id, "name", cli_json_str(ct->name), "email",
		    cli_json_str(ct->email), "role", cli_json_str(ct->role)));
	}
	json_object_set_new(o, "contacts", a);
	a = json_array();
	for (i = 0; i < v->subscribers.count; i++) {
		const struct subscriber *sub = rowlist_at(&v->subscribers, i);

		json_array_append_new(a, json_pack("{s:I, s:o, s:s}", "id",
		    (json_int_t)sub->id, "address", cli_json_str(sub->address),
		    "state", subscriber_state(sub)));
	}
	json_object_set_new(o, "subscribers", a);
	a = json_array();
	for (i = 0; i < v->deployments.count; i++) {
		const struct deployment *d = rowlist_at(&v->deployments, i);
		char prod[128], cycle[128];

		deployment_names(s, d, prod, sizeof prod, cycle, sizeof cycle);
		json_array_append_new(a, json_pack("{s:I, s:s, s:o, s:o}", "id",
		    (json_int_t)d->id, "product", prod, "cycle", d->cycle_id != 0 ?
		    json_string(cycle) : json_null(), "version",
		    cli_json_str(d->version)));
	}
	json_object_set_new(o, "deployments", a);
	return o;
}

static void
view_print(struct session *s, const void *row)
{
	const struct customer_view *v = row;
	size_t i;

	printf("Customer:  ");
	cli_put(v->cu.name);
	printf(" (customer:%lld)\nE-mail:    ", v->cu.id);
	cli_put(v->cu.contact_email);
	printf("\nContract:  ");
	cli_put(v->cu.contract_ref);
	if (v->cu.notify_sla_hours > 0)
		printf("\nSLA:       %d hours", v->cu.notify_sla_hours);
	printf("\nContacts:%s\n", v->contacts.count == 0 ? "  -" : "");
	for (i = 0; i < v->contacts.count; i++) {
		const struct customer_contact *ct = rowlist_at(&v->contacts, i);

		printf("  ");
		cli_put(ct->name);
		printf(" <");
		cli_put(ct->email);
		printf(">");
		if (ct->role != NULL && *ct->role != '\0') {
			printf(", ");
			cli_put(ct->role);
		}
		printf("\n");
	}
	printf("Subscriber addresses:%s\n", v->subscribers.count == 0 ? " -" :
	    "");
	for (i = 0; i < v->subscribers.count; i++) {
		const struct subscriber *sub = rowlist_at(&v->subscribers, i);

		printf("  ");
		cli_put(sub->address);
		printf(" (%s)\n", subscriber_state(sub));
	}
	printf("Deployments:%s\n", v->deployments.count == 0 ? " -" : "");
	for (i = 0; i < v->deployments.count; i++) {
		const struct deployment *d = rowlist_at(&v->deployments, i);
		char prod[128], cycle[128];

		deployment_names(s, d, prod, sizeof prod, cycle, sizeof cycle);
		printf("  %s %s", prod, cycle);
		if (d->version != NULL && *d->version != '\0') {
			printf(" (");
			cli_put(d->version);
			printf(")");
		}
		printf("\n");
	}
}

static int
customer_show_cmd(struct cli *c, int argc, char **argv)
{
	static const struct cli_show how = {
		view_load, view_json, view_print, view_clear,
	};
	struct customer_view v = { 0 };

	return cli_show_cmd(c, argc, argv, usage, &how, &v,
	    "customer show takes a NAME or an ID");
}

/* customer contact add CUSTOMER --name N --email E [--role R]. */
static int
customer_contact_cmd(struct cli *c, int argc, char **argv)
{
	const char *name = NULL, *email = NULL, *role = NULL;
	const struct cli_opt opts[] = {
		{ "name", .str = &name },
		{ "email", .str = &email },
		{ "role", .str = &role },
		{ .name = NULL },
	};
	struct customer cu = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	long long id;
	int rc = 0;

	if (argc < 2 || strcmp(argv[1], "add") != 0)
		return cli_usage_error(usage, "customer contact takes add");
	argc--;
	argv++;
	if (!cli_parse_args(argc, argv, opts, usage, 1, &rc,
	    "customer contact add takes a CUSTOMER"))
		return rc;
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    customer_find(s, argv[optind], &cu, &err) != ST_OK ||
	    customer_contact_add(s, cu.id, name, email, role, &id, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("Added contact %lld to customer:%lld\n", id, cu.id);
	customer_clear(&cu);
	session_close(&s);
	return rc;
}

/* customer deploy / undeploy CUSTOMER PRODUCT [CYCLE]. */
static int
customer_deploy_cmd(struct cli *c, int argc, char **argv)
{
	bool is_deploy = strcmp(argv[0], "deploy") == 0;
	const char *version = NULL, *cycle;
	const struct cli_opt opts[] = {
		{ "version", .str = &version },
		{ .name = NULL },
	};
	const struct cli_opt none[] = { { .name = NULL } };
	struct customer cu = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	enum status st;
	int rc = 0;

	if (!cli_parse_opts(argc, argv, is_deploy ? opts : none, usage, &rc))
		return rc;
	if (argc - optind < 2 || argc - optind > 3)
		return cli_usage_error(usage, "customer %s takes a CUSTOMER, a "
		    "PRODUCT and maybe a CYCLE", argv[0]);
	cycle = argc - optind == 3 ? argv[optind + 2] : NULL;
	if ((st = cli_open(c, DB_WRITE, &s, &err)) == ST_OK &&
	    (st = customer_find(s, argv[optind], &cu, &err)) == ST_OK)
		st = is_deploy ? deployment_add_named(s, cu.id, argv[optind + 1],
		    cycle, version, NULL, &err) : deployment_remove(s, cu.id,
		    argv[optind + 1], cycle, &err);
	if (st != ST_OK)
		rc = cli_fail(&err);
	else
		printf("customer:%lld %s %s%s%s\n", cu.id, is_deploy ? "runs" :
		    "no longer runs", argv[optind + 1], cycle != NULL ? " " : "",
		    cycle != NULL ? cycle : "");
	customer_clear(&cu);
	session_close(&s);
	return rc;
}

/* import / import-deployments FILE.csv. */
static int
customer_import_cmd(struct cli *c, int argc, char **argv)
{
	bool is_deployments = strcmp(argv[0], "import-deployments") == 0;
	struct import_result res = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	enum status st;
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, 1, &rc,
	    "customer %s takes one FILE.csv", argv[0]))
		return rc;
	if ((st = cli_open(c, DB_WRITE, &s, &err)) == ST_OK)
		st = is_deployments ? deployment_import(s, argv[optind], &res,
		    &err) : customer_import(s, argv[optind], &res, &err);
	if (st == ST_OK)
		printf("Imported %lld %s%s from %s\n", res.added, is_deployments ?
		    "deployment" : "customer", res.added == 1 ? "" : "s",
		    argv[optind]);
	else {
		cli_print_problems(&res);
		rc = cli_fail(&err);
	}
	import_result_clear(&res);
	session_close(&s);
	return rc;
}

int
cmd_customer(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "add", customer_add_cmd },
		{ "show", customer_show_cmd },
		{ "contact", customer_contact_cmd },
		{ "deploy", customer_deploy_cmd },
		{ "undeploy", customer_deploy_cmd },
		{ "import", customer_import_cmd },
		{ "import-deployments", customer_import_cmd },
		{ NULL, NULL },
	};
	static const struct cli_list_action lists[] = {
		{ "list", { customer_list, (row_clear_fn)customer_clear,
		    customer_json, print_customers, "No customers. Add one with: "
		    "herald customer add NAME" } },
		{ .name = NULL },
	};

	return cli_dispatch_lists(c, argc, argv, actions, lists, usage);
}
