/* test_web_page.c — the page writer: every escaper with hostile input, links and redirects
 * that cannot leave the site, forms with labels and errors, tables, pagination, and the layout
 * as a whole document. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "page.h"
#include "router.h"
#include "testutil.h"
#include "webtest.h"

static const char *const hostile = "<script>alert(\"x\")</script> & 'q' \x01\x7f";

static void test_text_and_attribute_escaping(void **state)
{
    (void)state;
    Page p;
    page_init(&p, NULL);
    page_text(&p, hostile);
    assert_string_equal(p.body.data,
                        "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'q' ");
    buf_clear(&p.body);
    page_attr(&p, "title", hostile);
    assert_string_equal(p.body.data, " title=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
                                     "&amp; &#39;q&#39; \"");
    buf_clear(&p.body);
    page_attr(&p, "title", NULL);
    assert_int_equal(p.body.len, 0);
    page_free(&p);
}

static void test_printf_escapes_every_string(void **state)
{
    (void)state;
    Page p;
    page_init(&p, NULL);
    page_printf(&p, "<td title=\"%s\">%s %d %zu %lld</td>", "\"><img src=x>", "a<b", -3,
                (size_t)7, 1234567890123LL);
    assert_string_equal(p.body.data, "<td title=\"&quot;&gt;&lt;img src=x&gt;\">a&lt;b -3 7 "
                                     "1234567890123</td>");
    buf_clear(&p.body);
    const char *volatile none = NULL;   /* a NULL value, as a missing field gives */
    page_printf(&p, "<p>%s</p>", none);
    assert_string_equal(p.body.data, "<p></p>");
    page_free(&p);
}

static void test_url_escaping(void **state)
{
    (void)state;
    Page p;
    page_init(&p, NULL);
    page_urlf(&p, "/people/%s?q=%s", "a b/c?d&e=f#g", "å\"<>'");
    assert_string_equal(p.body.data, "/people/a%20b%2Fc%3Fd%26e%3Df%23g?q=%C3%A5%22%3C%3E%27");
    page_free(&p);
    char *u = page_url("/x/%s", "javascript:alert(1)");
    assert_string_equal(u, "/x/javascript%3Aalert%281%29");
    free(u);
}

static void test_json_escaping(void **state)
{
    (void)state;
    Buf b = {0};
    esc_json_string(&b, "\"\\</script>\n\t\r\x01 \xe2\x80\xa8 \xe2\x80\xa9 & ö");
    assert_string_equal(b.data, "\\\"\\\\\\u003c/script\\u003e\\n\\t\\r\\u0001 \\u2028 \\u2029 "
                                "\\u0026 ö");
    buf_free(&b);
}

static void test_links_and_redirects_stay_on_the_site(void **state)
{
    (void)state;
    Page p;
    page_init(&p, NULL);
    page_link(&p, "javascript:alert(1)", "klick");
    page_link(&p, "//evil.example/", "<b>");
    page_link(&p, "/\\evil.example/", "x");
    assert_string_equal(p.body.data, "klick&lt;b&gt;x");
    buf_clear(&p.body);
    page_link(&p, "/people?q=\"a\"", "Personer & grupper");
    assert_string_equal(p.body.data,
                        "<a href=\"/people?q=&quot;a&quot;\">Personer &amp; grupper</a>");
    assert_int_equal(page_redirect(&p, "https://evil.example/"), 303);
    assert_string_equal(p.location, "/");
    page_redirect(&p, "//evil.example");
    assert_string_equal(p.location, "/");
    page_redirect(&p, "/people/p1");
    assert_string_equal(p.location, "/people/p1");
    assert_int_equal(page_fail(&p, 404, "borta"), 404);
    assert_int_equal(p.status, 404);
    page_free(&p);
}

static void test_field_with_error_keeps_input(void **state)
{
    (void)state;
    Ctx c = {0};
    snprintf(c.csrf, sizeof c.csrf, "%064d", 7);
    Page p;
    page_init(&p, &c);
    page_form_begin(&p, "/people/new");
    page_field(&p, &(PageField){.name = "name", .label = "Namn", .value = "\"><script>",
                                .error = "Namnet är för långt", .required = true});
    page_field(&p, &(PageField){.name = "password", .label = "Lösenord", .type = "password",
                                .value = "hemligt"});
    page_form_end(&p);
    const char *h = p.body.data;
    assert_non_null(strstr(h, "<form method=\"post\" action=\"/people/new\">"));
    assert_non_null(strstr(h, "name=\"csrf\" value=\"000000"));
    assert_non_null(strstr(h, "<label for=\"f-name\">Namn"));
    assert_non_null(strstr(h, "id=\"f-name-err\""));
    assert_non_null(strstr(h, "aria-describedby=\"f-name-err\""));
    assert_non_null(strstr(h, "aria-invalid=\"true\""));
    assert_non_null(strstr(h, "value=\"&quot;&gt;&lt;script&gt;\""));
    assert_null(strstr(h, "<script>"));
    assert_null(strstr(h, "hemligt"));   /* a password is never sent back */
    page_free(&p);
}

static void test_table_has_caption_and_scopes(void **state)
{
    (void)state;
    Page p;
    page_init(&p, NULL);
    page_table_begin(&p, "Deltagare <2025>", (const char *const[]){"Namn", "Timmar", NULL});
    page_tr(&p);
    page_th_row(&p, "Anna & Bo");
    page_tdf(&p, "%d", 12);
    page_tr_end(&p);
    page_table_end(&p);
    const char *h = p.body.data;
    assert_non_null(strstr(h, "<caption id=\"caption-1\">Deltagare &lt;2025&gt;</caption>"));
    /* no link or button inside: the scrolling wrapper takes the focus, named by the caption */
    assert_non_null(strstr(h, "<section class=\"table-wrap\" aria-labelledby=\"caption-1\" "
                              "tabindex=\"0\"><table>"));
    assert_non_null(strstr(h, "</table></section>\n"));
    assert_non_null(strstr(h, "<th scope=\"col\">Namn</th><th scope=\"col\">Timmar</th>"));
    assert_non_null(strstr(h, "<tr><th scope=\"row\">Anna &amp; Bo</th><td>12</td></tr>"));
    page_free(&p);

    /* a table with a link: the link is the way in, the wrapper stays a plain div; the
     * headings of figures are aligned like their figures */
    page_init(&p, NULL);
    page_table_begin_num(&p, "Timmar", (const char *const[]){"", "Timmar", NULL}, 0x2);
    page_tr(&p);
    page_td_link(&p, "/people/p1", "Anna");
    page_td_numf(&p, "%d", 12);
    page_tr_end(&p);
    page_table_end(&p);
    h = p.body.data;
    assert_non_null(strstr(h, "<div class=\"table-wrap\"><table>"));
    assert_null(strstr(h, "<section"));
    assert_non_null(strstr(h, "<thead><tr><td></td><th scope=\"col\" class=\"num\">Timmar</th>"));
    assert_non_null(strstr(h, "<td class=\"num\">12</td>"));
    page_free(&p);
}

static void test_pager_keeps_the_query_encoded(void **state)
{
    (void)state;
    Ctx c = {0};
    c.path = xstrdup("/people");
    web_pairs_add(&c.query, "q", "å&b", 4);
    web_pairs_add(&c.query, "page", "3", 1);
    Page p;
    page_init(&p, &c);
    page_pager(&p, 3, 10);
    const char *h = p.body.data;
    assert_non_null(strstr(h, "href=\"/people?q=%C3%A5%26b&amp;page=2\""));
    assert_non_null(strstr(h, "aria-current=\"page\""));
    assert_non_null(strstr(h, "href=\"/people?q=%C3%A5%26b&amp;page=10\""));
    assert_null(strstr(h, "page=3&amp;page"));
    buf_clear(&p.body);
    page_pager(&p, 1, 1);
    assert_int_equal(p.body.len, 0);
    page_free(&p);
    ctx_free(&c);
}

/* The whole document of a page and of an error page, as the router sends them. */
static void test_layout_is_a_whole_accessible_page(void **state)
{
    (void)state;
    Ctx c = {0};
    c.path = xstrdup("/");
    c.authenticated = true;
    c.actor.role = ROLE_MANAGER;
    snprintf(c.actor.name, sizeof c.actor.name, "Karin <Ek>");
    snprintf(c.csrf, sizeof c.csrf, "%064d", 1);
    for (int err = 0; err < 2; err++) {
        Page p;
        page_init(&p, &c);
        page_title(&p, "Översikt & <mer>");
        page_raw(&p, "<p>Innehåll</p>");
        if (err)
            page_fail(&p, 404, "Sidan <finns> inte");
        Page doc;
        page_init(&doc, &c);
        layout_render(&p, &doc);
        WtResp r = {.status = p.status};
        buf_puts(&r.headers, "Content-Type: text/html; charset=utf-8\r\n");
        buf_append(&r.body, doc.body.data, doc.body.len);
        wt_assert_page(&r, true);
        assert_true(wt_body_has(&r, "Karin &lt;Ek&gt;"));
        assert_true(wt_body_has(&r, err ? "Sidan &lt;finns&gt; inte" : "<p>Innehåll</p>"));
        if (!err)
            assert_true(wt_body_has(&r, "<h1>Översikt &amp; &lt;mer&gt;</h1>"));
        assert_true(wt_body_has(&r, "aria-current=\"page\""));   /* "/" is in the nav */
        wt_resp_free(&r);
        page_free(&doc);
        page_free(&p);
    }
    ctx_free(&c);
}

/* The page checker of the harness finds what it must, so that a page passing it means something. */
static void test_page_checker_finds_faults(void **state)
{
    (void)state;
    static const char *const head =
        "<!DOCTYPE html><html lang=\"sv\"><head><title>T</title></head><body>"
        "<a class=\"skip\" href=\"#main\">x</a><header></header><nav></nav>";
    static const char *const tail = "<footer></footer></body></html>";
    static const struct {
        const char *main;
        const char *want;
    } cases[] = {
        {"<main id=\"main\"><h1>A</h1></main>", ""},
        {"<main id=\"main\"><h1>A</h1><h1>B</h1></main>", "2 h1 elements"},
        {"<main id=\"main\"><p>A</p></main>", "0 h1 elements"},
        {"<main id=\"main\"><h1>A</h1><input id=\"f-x\" name=\"x\"></main>",
         "a <input> without a label"},
        {"<main id=\"main\"><h1>A</h1><label for=\"f-x\">X</label><input id=\"f-x\"></main>", ""},
        {"<main id=\"main\"><h1>A</b></h1></main>", "not well-formed"},
        {"<main id=\"main\"><h1>A & B</h1></main>", "not well-formed"},
        {"<div><h1>A</h1></div>", "a landmark is missing"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        WtResp r = {0};
        buf_printf(&r.body, "%s%s%s", head, cases[i].main, tail);
        char problem[600];
        wt_page_problem(&r, true, problem, sizeof problem);
        if (strncmp(problem, cases[i].want, strlen(cases[i].want)) != 0 ||
            (!cases[i].want[0] && problem[0]))
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, problem, cases[i].want);
        wt_resp_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_and_attribute_escaping),
        cmocka_unit_test(test_printf_escapes_every_string),
        cmocka_unit_test(test_url_escaping),
        cmocka_unit_test(test_json_escaping),
        cmocka_unit_test(test_links_and_redirects_stay_on_the_site),
        cmocka_unit_test(test_field_with_error_keeps_input),
        cmocka_unit_test(test_table_has_caption_and_scopes),
        cmocka_unit_test(test_pager_keeps_the_query_encoded),
        cmocka_unit_test(test_layout_is_a_whole_accessible_page),
        cmocka_unit_test(test_page_checker_finds_faults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
