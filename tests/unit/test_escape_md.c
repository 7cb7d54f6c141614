/* test_escape_md.c — unit tests of esc_markdown_md (escape.c) and its use by the Markdown
 * report: raw HTML and links with unsafe schemes in narratives and agenda notes are
 * neutralised as the HTML report neutralises them; harmless Markdown stays as written. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cmark.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "render.h"
#include "util.h"

static char *safe_md(const char *markdown)
{
    Buf b = {0};
    esc_markdown_md(&b, markdown);
    return buf_steal(&b);
}

/* Nothing in md that a Markdown viewer would take for markup or follow as a script: md is
 * rendered as a viewer that allows raw HTML renders it (cmark with CMARK_OPT_UNSAFE), and the
 * HTML holds no tag of the author's and no link or image with an unsafe scheme. */
static void expect_inert(const char *md)
{
    char *html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_UNSAFE);
    for (char *p = html; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    const char *bad[] = {"<script", "<iframe", "<b>", "href=\"javascript:", "href=\"vbscript:",
                         "href=\"file:", "src=\"data:text", "href=\"java"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (strstr(html, bad[i]))
            fail_msg("\"%s\" renders as \"%s\", with %s", md, html, bad[i]);
    free(html);
}

static void test_raw_html_becomes_text(void **state)
{
    (void)state;
    char *s = safe_md("Bra. <script>alert(1)</script> och <b>fet</b>.\n\n"
                      "<iframe src=\"https://evil.example\"></iframe>\n");
    expect_inert(s);
    /* The words stay readable: the tags are shown, escaped, not dropped. */
    assert_non_null(strstr(s, "\\<script\\>alert(1)\\</script\\>"));
    assert_non_null(strstr(s, "\\<iframe src=\"https://evil.example\"\\>"));
    assert_non_null(strstr(s, "fet"));
    free(s);
}

static void test_unsafe_links_lose_destination(void **state)
{
    (void)state;
    char *s = safe_md("[klicka](javascript:alert(2)), [v](VBScript:msgbox), <javascript:alert(3)>, "
                      "[f](file:///etc/passwd), ![b](data:text/html;base64,PHNjcmlwdD4=), "
                      "[tab](java\tscript:x) och [ok](https://example.org) "
                      "![ok](data:image/png;base64,iVBORw0KGgo=)");
    expect_inert(s);
    assert_non_null(strstr(s, "[klicka]()"));
    assert_non_null(strstr(s, "[ok](https://example.org)"));
    assert_non_null(strstr(s, "(data:image/png;base64,iVBORw0KGgo=)"));
    free(s);
}

/* An image from anywhere but the text itself would be fetched when the page, the HTML report
 * or the Markdown is opened (a tracking pixel): every output shows its alt text instead, and
 * the address is gone; an image embedded as data: loads nothing and stays. */
static void test_remote_images_become_alt_text(void **state)
{
    (void)state;
    const char *md = "Se ![diagram över *deltagare*](http://evil.example/x.png?u=1) och "
                     "![](//evil.example/y.gif), ![ref][r], ![in ![inre](https://evil.example/z)]"
                     "(https://evil.example/w) och ![ok](data:image/png;base64,iVBORw0KGgo=)."
                     "\n\n[r]: HTTPS://evil.example/r.png\n";
    Buf b = {0};
    esc_markdown_html(&b, md, 0);
    char *html = buf_steal(&b);
    assert_null(strstr(html, "evil.example"));
    assert_non_null(strstr(html, "diagram över <em>deltagare</em>"));
    assert_non_null(strstr(html, "ref"));
    assert_non_null(strstr(html, "in inre"));
    assert_non_null(strstr(html, "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"ok\""));
    assert_int_equal(strstr(html, "<img") - html, strstr(html, "<img src=\"data:") - html);
    free(html);
    char *s = safe_md(md);
    expect_inert(s);
    assert_null(strstr(s, "evil.example/x"));
    assert_null(strstr(s, "evil.example/y"));
    assert_null(strstr(s, "evil.example/z"));
    assert_null(strstr(s, "evil.example/w"));
    assert_non_null(strstr(s, "diagram över *deltagare*"));
    assert_non_null(strstr(s, "![ok](data:image/png;base64,iVBORw0KGgo=)"));
    /* Rendered as a viewer renders it, the Markdown loads nothing from elsewhere either. */
    char *viewed = cmark_markdown_to_html(s, strlen(s), CMARK_OPT_UNSAFE);
    const char *img = viewed;
    while ((img = strstr(img, "<img")) != NULL) {
        assert_int_equal(strncmp(img, "<img src=\"data:image/png;", 25), 0);
        img++;
    }
    free(viewed);
    free(s);
}

static void test_harmless_markdown_as_written(void **state)
{
    (void)state;
    const char *md = "**Uppstart:** gjord.\n\n* punkt ett\n* punkt två\n\n1) första\n\n"
                     "Mindre bra: lokalbokningen (< 2 veckor) & [länk](https://esf.se).\n";
    char *s = safe_md(md);
    assert_string_equal(s, md);
    free(s);
    s = safe_md("");
    assert_string_equal(s, "");
    free(s);
}

static json_t *load_sample(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "tests/fixtures/report-sample-%s.json", name);
    json_error_t err;
    json_t *j = json_load_file(path, 0, &err);
    if (!j)
        fail_msg("%s: %s (line %d); run the test from the repository root", path, err.text, err.line);
    return j;
}

static char *render_md_of(json_t *j)
{
    Buf out = {0};
    Errs errs;
    errs_init(&errs);
    assert_int_equal(render_md(j, &out, &errs), INSATS_OK);
    errs_free(&errs);
    return buf_steal(&out);
}

/* The sample lägesrapport's narrative holds <script>, <b> and a javascript: link. */
static void test_report_narrative(void **state)
{
    (void)state;
    json_t *j = load_sample("lagesrapport");
    char *md = render_md_of(j);
    expect_inert(md);
    assert_non_null(strstr(md, "\\<script\\>alert(1)\\</script\\>"));
    assert_non_null(strstr(md, "[programmet]()"));
    free(md);
    json_decref(j);
}

/* Agenda notes of minutes are Markdown too. */
static void test_minutes_agenda_notes(void **state)
{
    (void)state;
    json_t *j = load_sample("minutes");
    json_t *item = json_array_get(json_object_get(json_object_get(j, "meeting"), "agenda"), 1);
    assert_non_null(item);
    json_object_set_new(item, "notes", json_string("Se <iframe src=x></iframe> och "
                                                   "[protokollet](javascript:steal())."));
    char *md = render_md_of(j);
    expect_inert(md);
    assert_non_null(strstr(md, "[protokollet]()"));
    free(md);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_raw_html_becomes_text),
        cmocka_unit_test(test_unsafe_links_lose_destination),
        cmocka_unit_test(test_remote_images_become_alt_text),
        cmocka_unit_test(test_harmless_markdown_as_written),
        cmocka_unit_test(test_report_narrative),
        cmocka_unit_test(test_minutes_agenda_notes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
