/* test_people_reveal.c — a full personnummer shown on request (people_reveal_pnr()): to a
 * manager and to the person's own coordinator only, each reveal an entry of the audit trail
 * written in the same transaction, nothing revealed and nothing recorded on a refusal. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "audit.h"
#include "people.h"
#include "testutil.h"

static TuDb *t;

static int setup(void **state)
{
    (void)state;
    t = tu_db_new("reveal");
    if (!t)
        return -1;
    tu_import_fixture(t->db, "bundle-min.json", NULL);
    t->project = tu_project_id(t->db, "kompetens-vrmland");
    tu_exec(t->db, "INSERT INTO person (project_id, code, name, gender, organisation_id)"
                   " SELECT 1, 'pr1', 'Rut Avslöjad', 'female', id FROM organisation"
                   " WHERE code = 'sunne';"
                   "INSERT INTO person (project_id, code, name, gender, organisation_id)"
                   " SELECT 1, 'pr2', 'Utan Nummer', 'male', id FROM organisation"
                   " WHERE code = 'sunne'");
    tu_set_pnr(t->db, "pr1", "199001012385");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return tu_db_free(t);
}

static int64_t reveals(void)
{
    return tu_query_int(t->db, "SELECT count(*) FROM audit_log WHERE action = 'reveal'"
                               " AND kind = 'person' AND record_code = 'pr1'");
}

static int reveal(const Actor *a, const char *code, char out[13])
{
    audit_set_actor(t->db, a, "web");
    Errs errs;
    errs_init(&errs);
    int rc = people_reveal_pnr(t->db, a, t->project, code, out, &errs);
    assert_true(rc == INSATS_OK ? errs.count == 0 : errs.count > 0);
    errs_free(&errs);
    tu_set_actor(t->db);
    return rc;
}

static void test_manager_and_own_coordinator(void **state)
{
    (void)state;
    char out[13];
    int64_t before = reveals();
    Actor m = {.user_id = 7, .login = "maria", .name = "Maria", .role = ROLE_MANAGER};
    assert_int_equal(reveal(&m, "pr1", out), INSATS_OK);
    assert_string_equal(out, "199001012385");
    assert_int_equal(reveals(), before + 1);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM audit_log WHERE action ="
                                         " 'reveal' AND actor_login = 'maria'"), 1);
    /* the trail never holds the number itself */
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM audit_log WHERE"
                                         " coalesce(after, '') LIKE '%19900101%'"
                                         " OR coalesce(before, '') LIKE '%19900101%'"), 0);
    Actor c = {.user_id = 8, .login = "sune", .role = ROLE_COORDINATOR,
               .organisation_id = tu_query_int(t->db, "SELECT id FROM organisation"
                                                      " WHERE code = 'sunne'")};
    assert_int_equal(reveal(&c, "pr1", out), INSATS_OK);
    assert_string_equal(out, "199001012385");
    assert_int_equal(reveals(), before + 2);
}

static void test_refused_and_not_recorded(void **state)
{
    (void)state;
    char out[13];
    int64_t before = reveals();
    Actor other = {.user_id = 9, .login = "tora", .role = ROLE_COORDINATOR,
                   .organisation_id = tu_query_int(t->db, "SELECT id FROM organisation"
                                                          " WHERE code = 'torsby'")};
    assert_int_equal(reveal(&other, "pr1", out), INSATS_EINPUT);
    assert_string_equal(out, "");
    static const Role roles[] = {ROLE_ADMIN, ROLE_ECONOMIST, ROLE_TRAINER, ROLE_READER,
                                 ROLE_EVALUATOR};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        Actor a = {.user_id = 10, .login = "x", .role = roles[i]};
        assert_int_equal(reveal(&a, "pr1", out), INSATS_EFORBIDDEN);
        assert_string_equal(out, "");
    }
    Actor m = {.user_id = 7, .login = "maria", .role = ROLE_MANAGER};
    assert_int_equal(reveal(&m, "nosuch", out), INSATS_EINPUT);
    assert_int_equal(reveal(&m, "pr2", out), INSATS_EINPUT);
    assert_int_equal(reveals(), before);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM audit_log WHERE action ="
                                         " 'reveal' AND record_code IN ('nosuch', 'pr2')"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manager_and_own_coordinator),
        cmocka_unit_test(test_refused_and_not_recorded),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
