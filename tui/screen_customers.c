/* tui/screen_customers.c - the customers: a adds one, d records a product
 * one runs, Enter shows one's contacts, subscriber addresses and
 * deployments (the customer screen below). */
#include "config.h"

#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/customer.h"
#include "core/product.h"
#include "core/subscriber.h"
#include "tui/incident_view.h"
#include "tui/listview.h"
#include "tui/pickers.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define NAME_W      28       /* columns of the name column, at most */
#define CONTACT_W   30
#define PICK_MAX    200      /* products or cycles offered at once */

static const struct customer *
selected(const struct wholelist *v)
{
	return wholelist_selected(v);
}

static bool
is_erased(const struct customer *c)
{
	return c->erased_at != NULL && *c->erased_at != '\0';
}

static enum status
open_customers(struct screen *sc, const void *arg, struct err *err)
{
	(void)arg;
	(void)err;
	wholelist_open(sc->priv, tui_session(sc->tui), sizeof(struct customer),
	    offsetof(struct customer, id), (row_clear_fn)customer_clear, customer_list);
	return ST_OK;
}

/* "72 h SLA, contract C-1234", or what of it there is. */
static const char *
terms_of(const struct customer *c, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	if (c->notify_sla_hours > 0)
		len = (size_t)snprintf(buf, n, "%d h SLA", c->notify_sla_hours);
	if (c->contract_ref != NULL && *c->contract_ref != '\0' && len < n)
		snprintf(buf + len, n - len, "%scontract %s", len > 0 ? ", " : "",
		    c->contract_ref);
	if (buf[0] == '\0')
		snprintf(buf, n, "-");
	return buf;
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct wholelist *v = sc->priv;
	const struct customer *c;
	char head[128], terms[256];
	int nw = NAME_W, cw = CONTACT_W, i, y, footer;
	bool is_sel;

	snprintf(head, sizeof head, "Customers: %zu", v->list.count);
	if (!wholelist_draw_head(v, top, cols, head))
		return;
	footer = wholelist_draw_footer(top, rows, cols, "Enter shows a "
	    "customer; a adds one, d records a product it runs (admins).");
	if (nw + cw > cols * 2 / 3) {
		nw = cols / 3;
		cw = cols / 3;
	}
	attron(theme_attr(ROLE_DIM));
	text_put(top + 1, 2, "Name", nw - 1, false);
	text_put(top + 1, 2 + nw, "Contact", cw - 1, false);
	text_put(top + 1, 2 + nw + cw, "Terms", cols - nw - cw - 3, false);
	attroff(theme_attr(ROLE_DIM));
	wholelist_scroll(v, rows - 2 - footer);
	if (v->list.count == 0) {
		attron(theme_attr(ROLE_DIM));
		text_put(top + 2, 2, "No customers yet: a adds one.", cols - 4,
		    false);
		attroff(theme_attr(ROLE_DIM));
	}
	for (i = 0; i < v->height && v->top + i < (int)v->list.count; i++) {
		c = rowlist_at(&v->list, (size_t)(v->top + i));
		y = top + 2 + i;
		is_sel = v->top + i == v->cursor;
		if (is_sel) {
			attron(theme_attr(ROLE_SELECTED));
			mvhline(y, 0, ' ', cols);
		} else if (is_erased(c))
			attron(theme_attr(ROLE_DIM));
		text_put(y, 2, is_erased(c) ? "(erased)" : c->name, nw - 1, false);
		text_put(y, 2 + nw, c->contact_email != NULL ? c->contact_email :
		    "", cw - 1, false);
		text_put(y, 2 + nw + cw, terms_of(c, terms, sizeof terms),
		    cols - nw - cw - 3, false);
		if (is_sel)
			attroff(theme_attr(ROLE_SELECTED));
		else if (is_erased(c))
			attroff(theme_attr(ROLE_DIM));
	}
}

/* Ask QUESTION; false when Esc was pressed. BUF gets the trimmed answer. */
static bool
ask(struct screen *sc, const char *question, char *buf, size_t n,
    char **answer)
{
	buf[0] = '\0';
	if (!tui_prompt(sc->tui, question, buf, n))
		return false;
	*answer = text_trim(buf);
	return true;
}

static unsigned
add(struct screen *sc)
{
	struct err err = { 0 };
	char name[CUSTOMER_NAME_MAX + 2], email[256], contract[
	    CUSTOMER_CONTRACT_MAX + 2], hours[32], *n, *e, *c, *h, *end;
	long long id = 0, sla = 0;

	if (!ask(sc, "Customer's name:", name, sizeof name, &n))
		return UI_HANDLED | UI_REDRAW;
	if (*n == '\0') {
		tui_message(sc->tui, "no name given; nothing added");
		return UI_HANDLED | UI_REDRAW;
	}
	if (!ask(sc, "Contact e-mail (Enter for none):", email, sizeof email,
	    &e) || !ask(sc, "Contract reference (Enter for none):", contract,
	    sizeof contract, &c) || !ask(sc, "Notification SLA in hours (Enter "
	    "for none):", hours, sizeof hours, &h))
		return UI_HANDLED | UI_REDRAW;
	if (*h != '\0') {
		sla = strtoll(h, &end, 10);
		if (*end != '\0' || sla < 0 || sla > CUSTOMER_SLA_MAX) {
			tui_message(sc->tui, "the SLA is a number of hours from 0 to "
			    "%d, not \"%s\"; nothing added", CUSTOMER_SLA_MAX, h);
			return UI_HANDLED | UI_REDRAW;
		}
	}
	if (customer_create(tui_session(sc->tui), n, *e != '\0' ? e : NULL,
	    *c != '\0' ? c : NULL, (int)sla, &id, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	wholelist_screen_load(sc, true, id);
	tui_message(sc->tui, "customer %s added", n);
	return UI_HANDLED | UI_REDRAW;
}

/* Record that CUSTOMER (NAME) runs a product: pick the product, then its
 * release cycle (or none), then type the version. False when nothing was
 * recorded (the status line says why). */
static bool
add_deployment(struct screen *sc, long long customer, const char *name)
{
	struct session *s = tui_session(sc->tui);
	struct rowlist products, cycles;
	const struct product *p;
	const struct cycle *cy;
	struct err err = { 0 };
	char *labels[PICK_MAX + 1], title[256], version[DEPLOYMENT_VERSION_MAX + 2],
	    *ver;
	size_t np = 0, nc = 0, chosen = 0, i;
	long long product_id = 0, cycle_id = 0;
	bool is_done = false;

	rowlist_init(&cycles, sizeof(struct cycle));
	if (product_list(s, &products, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		goto end;
	}
	if (products.count == 0) {
		tui_message(sc->tui, "no products yet: add one first (herald "
		    "product)");
		goto end;
	}
	for (np = 0; np < products.count && np < PICK_MAX; np++) {
		p = rowlist_at(&products, np);
		labels[np] = xasprintf("%s  %s", p->slug, p->name != NULL ?
		    p->name : "");
	}
	snprintf(title, sizeof title, "What does %s run?", name);
	if (!tui_pick_one(sc->tui, title, (const char *const *)labels, np,
	    &chosen))
		goto end;
	p = rowlist_at(&products, chosen);
	product_id = p->id;
	for (i = 0; i < np; i++)
		free(labels[i]);
	np = 0;
	if (cycle_list_for_product(s, product_id, &cycles, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		goto end;
	}
	labels[0] = xstrdup("release cycle not known");
	for (nc = 1; nc - 1 < cycles.count && nc < PICK_MAX; nc++) {
		cy = rowlist_at(&cycles, nc - 1);
		labels[nc] = xasprintf("%s%s%s", cy->cycle, cy->eol != NULL &&
		    *cy->eol != '\0' ? "  EOL " : "", cy->eol != NULL ? cy->eol :
		    "");
	}
	chosen = cycles.count > 0 ? 1 : 0;
	snprintf(title, sizeof title, "Which release cycle of %s?", p->slug);
	if (!tui_pick_one(sc->tui, title, (const char *const *)labels, nc,
	    &chosen))
		goto end;
	cy = chosen > 0 ? rowlist_at(&cycles, chosen - 1) : NULL;
	cycle_id = cy != NULL ? cy->id : 0;
	version[0] = '\0';
	if (!tui_prompt(sc->tui, "Version (Enter when not known):", version,
	    sizeof version))
		goto end;
	ver = text_trim(version);
	if (deployment_add(s, customer, product_id, cycle_id, *ver != '\0' ?
	    ver : NULL, NULL, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		goto end;
	}
	tui_message(sc->tui, "%s runs %s%s%s%s%s", name, p->slug,
	    cy != NULL ? " " : "", cy != NULL ? cy->cycle : "",
	    *ver != '\0' ? ", version " : "", ver);
	is_done = true;
end:
	for (i = 0; i < np; i++)
		free(labels[i]);
	for (i = 0; i < nc; i++)
		free(labels[i]);
	rowlist_free(&products, (row_clear_fn)product_clear);
	rowlist_free(&cycles, (row_clear_fn)cycle_clear);
	return is_done;
}

static const struct screen_ops screen_customer_ops;

static unsigned
handle(struct screen *sc, enum action act)
{
	struct wholelist *v = sc->priv;
	const struct customer *c = selected(v);
	char *name;

	switch (act) {
	case ACT_OPEN:
		return wholelist_screen_push(sc, &screen_customer_ops);
	case ACT_ADD:
		return add(sc);
	case ACT_ADD_DEPLOYMENT:
		if (c == NULL)
			return UI_HANDLED;
		name = xstrdup(c->name);
		if (add_deployment(sc, c->id, name))
			wholelist_screen_load(sc, true, 0);
		free(name);
		return UI_HANDLED | UI_REDRAW;
	default:
		return wholelist_move(v, act);
	}
}

static unsigned
click(struct screen *sc, int row, int col, bool is_double)
{
	(void)col;
	return wholelist_screen_click(sc, row, is_double, &screen_customer_ops);
}

static bool
matches(const void *row, const char *needle)
{
	const struct customer *c = row;

	return text_contains(c->name, needle) ||
	    text_contains(c->contact_email, needle) ||
	    text_contains(c->contract_ref, needle);
}

static bool
search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	(void)is_new;
	return wholelist_search(sc->priv, needle, dir, matches);
}

const struct screen_ops screen_customers_ops = {
	.name = "customers",
	.title = "Customers",
	.priv_size = sizeof(struct wholelist),
	.open = open_customers,
	.close = wholelist_screen_close,
	.reload = wholelist_screen_reload,
	.draw = draw,
	.handle = handle,
	.click = click,
	.search = search,
};

/* ---- one customer: contacts, subscriber addresses, deployments ---- */

struct one {
	long long       id;
	struct customer cu;
	struct rowlist  lines;         /* char *, built at load */
	int             top, height;
	char            problem[512];
};

/* Lines are built with xasprintf(), so one takes the text made. */
static void
line_put(struct one *o, char *line)
{
	*(char **)rowlist_push(&o->lines) = line;
}

#define line_add(o, ...) line_put((o), xasprintf(__VA_ARGS__))

static void
line_clear(void *row)
{
	free(*(char **)row);
}

/* The security contact of the customer record, then its contacts:
 * "Dana Reyes <dana@acme.example>, dpo". */
static void
load_contacts(struct one *o, struct session *s)
{
	const struct customer_contact *c;
	struct rowlist l;
	struct err err = { 0 };
	size_t i;

	if (o->cu.contact_email != NULL && *o->cu.contact_email != '\0')
		line_add(o, "  %s, security contact", o->cu.contact_email);
	if (customer_contacts(s, o->id, &l, &err) != ST_OK) {
		line_add(o, "  could not read the contacts: %s", err.msg);
		rowlist_free(&l, (row_clear_fn)customer_contact_clear);
		return;
	}
	for (i = 0; i < l.count; i++) {
		c = rowlist_at(&l, i);
		line_add(o, "  %s <%s>%s%s", c->name != NULL ? c->name : "",
		    c->email != NULL ? c->email : "", c->role != NULL &&
		    *c->role != '\0' ? ", " : "", c->role != NULL ? c->role : "");
	}
	if (l.count == 0 && (o->cu.contact_email == NULL ||
	    *o->cu.contact_email == '\0'))
		line_add(o, "  none");
	rowlist_free(&l, (row_clear_fn)customer_contact_clear);
}

/* The subscriber addresses of the customer, each with its state. */
static void
load_addresses(struct one *o, struct session *s)
{
	const struct subscriber *sub;
	struct rowlist subs;
	struct err err = { 0 };
	size_t i, n = 0;

	if (subscriber_list_for_customer(s, o->id, &subs, &err) != ST_OK) {
		line_add(o, "  could not read the subscribers: %s", err.msg);
		rowlist_free(&subs, (row_clear_fn)subscriber_clear);
		return;
	}
	for (i = 0; i < subs.count; i++) {
		sub = rowlist_at(&subs, i);
		if (sub->address == NULL)
			continue;           /* erased */
		line_add(o, "  %s  %s", sub->address, subscriber_state(sub));
		n++;
	}
	if (n == 0)
		line_add(o, "  none");
	rowlist_free(&subs, (row_clear_fn)subscriber_clear);
}

static void
load_deployments(struct one *o, struct session *s)
{
	const struct deployment *d;
	struct rowlist deps;
	struct product p;
	struct cycle c;
	struct err err = { 0 };
	size_t i;

	if (deployment_list_for_customer(s, o->id, &deps, &err) != ST_OK) {
		line_add(o, "  could not read them: %s", err.msg);
		rowlist_free(&deps, (row_clear_fn)deployment_clear);
		return;
	}
	for (i = 0; i < deps.count; i++) {
		d = rowlist_at(&deps, i);
		memset(&p, 0, sizeof p);
		memset(&c, 0, sizeof c);
		if (product_get(s, d->product_id, &p, &err) != ST_OK)
			p.slug = xasprintf("product #%lld", d->product_id);
		if (d->cycle_id != 0 && cycle_get(s, d->cycle_id, &c, &err) != ST_OK)
			c.cycle = xasprintf("#%lld", d->cycle_id);
		line_add(o, "  %s %s%s%s%s%s", p.slug, c.cycle != NULL ? c.cycle :
		    "(cycle not known)", d->version != NULL && *d->version != '\0' ?
		    ", version " : "", d->version != NULL ? d->version : "",
		    c.eol != NULL && *c.eol != '\0' ? ", end of life " : "",
		    c.eol != NULL ? c.eol : "");
		product_clear(&p);
		cycle_clear(&c);
	}
	if (deps.count == 0)
		line_add(o, "  none recorded: d records one");
	rowlist_free(&deps, (row_clear_fn)deployment_clear);
}

static void
one_load(struct screen *sc)
{
	struct one *o = sc->priv;
	struct session *s = tui_session(sc->tui);
	struct err err = { 0 };
	char terms[256], when[64];

	customer_clear(&o->cu);
	rowlist_free(&o->lines, line_clear);
	o->problem[0] = '\0';
	if (customer_get(s, o->id, &o->cu, &err) != ST_OK) {
		snprintf(o->problem, sizeof o->problem, "%s", err.msg);
		return;
	}
	line_add(o, "Terms: %s", terms_of(&o->cu, terms, sizeof terms));
	line_add(o, "Added %s%s%s", incident_view_time(o->cu.created_at,
	    TIME_MINUTE, when, sizeof when), is_erased(&o->cu) ? ", erased " :
	    "", is_erased(&o->cu) ? o->cu.erased_at : "");
	line_add(o, "%s", "");
	line_add(o, "Contacts");
	load_contacts(o, s);
	line_add(o, "%s", "");
	line_add(o, "Subscriber addresses");
	load_addresses(o, s);
	line_add(o, "%s", "");
	line_add(o, "Deployments");
	load_deployments(o, s);
}

static enum status
one_open(struct screen *sc, const void *arg, struct err *err)
{
	struct one *o = sc->priv;

	(void)err;
	o->id = *(const long long *)arg;
	rowlist_init(&o->lines, sizeof(char *));
	one_load(sc);
	return ST_OK;
}

static void
one_close(struct screen *sc)
{
	struct one *o = sc->priv;

	customer_clear(&o->cu);
	rowlist_free(&o->lines, line_clear);
}

static bool
is_heading(const char *line)
{
	return strcmp(line, "Contacts") == 0 || strcmp(line,
	    "Subscriber addresses") == 0 || strcmp(line, "Deployments") == 0;
}

static void
one_draw(struct screen *sc, int top, int rows, int cols)
{
	struct one *o = sc->priv;
	const char *line;
	int i;

	if (o->problem[0] != '\0') {
		attron(theme_attr(ROLE_ERROR));
		text_put(top + 1, 2, o->problem, cols - 4, false);
		attroff(theme_attr(ROLE_ERROR));
		return;
	}
	attron(theme_attr(ROLE_HEADER));
	mvhline(top, 0, ' ', cols);
	text_put(top, 1, is_erased(&o->cu) ? "(erased)" : o->cu.name, cols - 2,
	    false);
	attroff(theme_attr(ROLE_HEADER));
	o->height = rows - 1;
	if (o->top > (int)o->lines.count - o->height)
		o->top = (int)o->lines.count - o->height;
	if (o->top < 0)
		o->top = 0;
	for (i = 0; i < o->height && o->top + i < (int)o->lines.count; i++) {
		line = *(char **)rowlist_at(&o->lines, (size_t)(o->top + i));
		if (is_heading(line))
			attron(A_BOLD);
		text_put(top + 1 + i, 2, line, cols - 3, false);
		if (is_heading(line))
			attroff(A_BOLD);
	}
}

static unsigned
one_handle(struct screen *sc, enum action act)
{
	struct one *o = sc->priv;
	int page = o->height > 1 ? o->height - 1 : 1;
	char *name;

	switch (act) {
	case ACT_MOVE_DOWN:
		o->top++;
		return UI_HANDLED | UI_REDRAW;
	case ACT_MOVE_UP:
		o->top = o->top > 0 ? o->top - 1 : 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_PAGE_DOWN:
		o->top += page;
		return UI_HANDLED | UI_REDRAW;
	case ACT_PAGE_UP:
		o->top = o->top > page ? o->top - page : 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_FIRST:
		o->top = 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_LAST:
		o->top = (int)o->lines.count;
		return UI_HANDLED | UI_REDRAW;
	case ACT_ADD_DEPLOYMENT:
		name = xstrdup(o->cu.name != NULL ? o->cu.name : "?");
		if (add_deployment(sc, o->id, name))
			one_load(sc);
		free(name);
		return UI_HANDLED | UI_REDRAW;
	default:
		return UI_NONE;
	}
}

static const struct screen_ops screen_customer_ops = {
	.name = "customer",
	.title = "Customer",
	.priv_size = sizeof(struct one),
	.open = one_open,
	.close = one_close,
	.reload = one_load,
	.draw = one_draw,
	.handle = one_handle,
};
