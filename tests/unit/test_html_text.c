/* tests/unit/test_html_text.c - an HTML page as the preview reads it:
 * pages with no text, blocks and headings, the main content, lists,
 * links and images, character references, then hostile input. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/html_text.h"
#include "util/xalloc.h"

static bool is_utf8;            /* C.UTF-8 could be set: widths count */

/* HTML_TEXT of the string HTML equals WANT (NULL: no text). */
static void
expect(const char *html, const char *want)
{
	char *got = html_text(html, strlen(html));

	if (want == NULL && got != NULL)
		fail_msg("%s: wanted no text, got [%s]", html, got);
	if (want != NULL && (got == NULL || strcmp(got, want) != 0))
		fail_msg("%s:\nwanted [%s]\n   got [%s]", html, want,
		    got != NULL ? got : "(NULL)");
	free(got);
}

static void
test_no_text(void **state)
{
	char *t;

	(void)state;
	expect("", NULL);
	expect(" \n\t ", NULL);
	expect("<!doctype html><html><head><title>T</title><meta "
	    "charset=utf-8><style>p{}</style></head><body><!-- c -->"
	    "<script>x()</script><p> </p></body></html>", NULL);
	/* N bounds the input: it need not end in NUL, nor be read past. */
	t = html_text("<p>abc</p><p>def</p>", 10);
	assert_non_null(t);
	assert_string_equal(t, "abc");
	free(t);
	assert_null(html_text("abc", 0));
}

static void
test_blocks(void **state)
{
	(void)state;
	expect("<h1>Title</h1><p>a  b\n c</p><h2>Sub</h2><p>x</p>"
	    "<h3>Three</h3><p>y</p>",
	    "Title\n=====\n\na b c\n\nSub\n---\n\nx\n\nThree\n\ny");
	/* A short heading still gets an underline a wrapper knows. */
	expect("<h1>A</h1>", "A\n===");
	assert_int_equal(HTML_TEXT_RULE_MIN, 3);
	expect("<pre>line 1\n  line 2</pre><blockquote><p>quoted</p>"
	    "</blockquote>", "    line 1\n      line 2\n\n> quoted");
	expect("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td>"
	    "</tr></table><hr><dl><dt>term</dt><dd>def</dd></dl>",
	    "a | b\n1 | 2\n\n----------\n\nterm\n    def");
	expect("<p>one<br>two<br/>three</p>", "one\ntwo\nthree");
}

static void
test_main(void **state)
{
	(void)state;
	expect("<header><p>nav</p></header><main><h1>News</h1><p>in</p>"
	    "</main><footer>f</footer>", "News\n====\n\nin");
	/* The main element ends at its own end tag, not a nested one. */
	expect("<div>skip</div><div role=\"main\"><div>one</div><div>two"
	    "</div></div><div>after</div>", "one\ntwo");
	expect("<div id='main'>only</div><p>not</p>", "only");
	/* No main content: the whole page. */
	expect("<nav>menu</nav><p>body</p>", "menu\n\nbody");
}

static void
test_lists(void **state)
{
	(void)state;
	expect("<p>before</p><ul><li>one<li>two<ul><li>in</li></ul></li>"
	    "</ul><ol start=\"3\"><li>c</li><li>d</li></ol><p>after</p>",
	    "before\n\n- one\n- two\n  - in\n\n3. c\n4. d\n\nafter");
	/* A start past any count is held within reach: no overflow. */
	expect("<ol start=\"99999999999999\"><li>x</li><li>y</li></ol>",
	    "999999999. x\n1000000000. y");
	expect("<ol start=\"-99999999999999\"><li>x</li></ol>",
	    "-999999999. x");
}

static void
test_links(void **state)
{
	(void)state;
	expect("<p><a href=\"https://x.example/a?b=1&amp;c=2\">the page</a>"
	    "</p>", "the page <https://x.example/a?b=1&c=2>");
	/* The address once when it is the text; none for a fragment. */
	expect("<p><a href=\"https://x.example/\">https://x.example/</a> "
	    "<a href=\"mailto:s@x.example\">s@x.example</a> "
	    "<a href=\"#top\">top</a> <a>bare</a></p>",
	    "https://x.example/ s@x.example top bare");
	expect("<p><img src=a.png alt=\"logo &amp; co\"> <img src=b.png></p>",
	    "[image: logo & co] [image]");
}

static void
test_references(void **state)
{
	(void)state;
	expect("<p>&amp; &lt;b&gt; &quot;q&quot; &apos; &#65;&#x42;&#X43;</p>",
	    "& <b> \"q\" ' ABC");
	expect("<p>&#x1F600; &mdash;&hellip;</p>",
	    "\xf0\x9f\x98\x80 \xe2\x80\x94\xe2\x80\xa6");
	/* Controls are dropped; nothing and the unencodable become U+FFFD. */
	expect("<p>[&#1;][&#x9b;][&#0;][&#x110000;][&#xd800;]</p>",
	    "[][][\xef\xbf\xbd][\xef\xbf\xbd][\xef\xbf\xbd]");
	/* Not references: left as text. */
	expect("<p>&bogus; & alone &#xZZ; &#12a; &amp</p>",
	    "&bogus; & alone &#xZZ; &#12a; &amp");
}

static void
test_hostile(void **state)
{
	static const char bad[] = "<p>\xff\xfe bad \xe2\x80 utf8</p>";
	char *html, *t;
	size_t i, n = 100000;

	(void)state;
	/* Markup inside scripts and styles is not read. */
	expect("<script>if (a<b) document.write(\"</p><p>no\");</script>"
	    "<style>p>i{}</style><p>yes</p>", "yes");
	expect("<svg><text>no</text></svg><p>yes</p><textarea><p>no</p>"
	    "</textarea><SCRIPT>no</SCRIPT>", "yes");
	/* '>' in a quoted attribute; '<' that opens no tag is text. */
	expect("<p class=\"x>y\">attr &gt;</p><p>1 < 2 <b>b</b> <unclosed",
	    "attr >\n\n1 < 2 b <unclosed");
	expect("<p>]]&gt; <![CDATA[x]]> \"'</p>", "]]> \"'");
	/* Bytes that are not UTF-8, RTL and zero-width characters pass as
	 * they are: the screen's drawing deals with them. */
	expect(bad, "\xff\xfe bad \xe2\x80 utf8");
	expect("<p>\xe2\x80\xaeRTL\xe2\x80\xac zero\xe2\x80\x8bwidth</p>",
	    "\xe2\x80\xaeRTL\xe2\x80\xac zero\xe2\x80\x8bwidth");

	/* 100,000 characters of text, and of nesting past any limit. */
	html = xmalloc(n * 8 + 64);
	strcpy(html, "<p>");
	memset(html + 3, 'x', n);
	strcpy(html + 3 + n, "</p>");
	t = html_text(html, strlen(html));
	assert_non_null(t);
	assert_int_equal(strlen(t), n);
	free(t);
	html[0] = '\0';
	for (i = 0; i < 1000; i++)
		strcat(html, "<ul><li>");
	strcat(html, "deep");
	for (i = 0; i < 1000; i++)
		strcat(html, "</ul><blockquote>");
	strcat(html, "out");
	t = html_text(html, strlen(html));
	assert_non_null(t);
	assert_non_null(strstr(t, "deep"));
	assert_non_null(strstr(t, "out"));
	free(t);
	free(html);
}

/* An underline is as wide as its heading in columns, not bytes. */
static void
test_wide(void **state)
{
	(void)state;
	if (!is_utf8)
		skip();
	expect("<h1>\xe6\x97\xa5\xe6\x9c\xac</h1>",
	    "\xe6\x97\xa5\xe6\x9c\xac\n====");
	expect("<h2>caf\xc3\xa9</h2>", "caf\xc3\xa9\n----");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_text),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_main),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_wide),
	};

	is_utf8 = setlocale(LC_ALL, "C.UTF-8") != NULL;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
