#include <stdlib.h>

#include "admin_models.h"
#include "http/parse.h"
#include "tap.h"

static arena_t *arena;

/* Builds the transactions query for a raw query string. */
static void
build(admin_query_t *q, const char *qs)
{
    http_pairs_t kv;
    if (http_query_parse(arena, str_from_cstr(qs), &kv) != HTTP_PARSE_OK)
        abort();
    if (admin_query_build(q, arena, &tx_model, &kv) != 0)
        abort();
}

static str_t
sql(admin_query_t *q)
{
    return (str_t){q->sql.data, q->sql.len};
}

/* The same SQL text for both query strings (only parameters may differ). */
static void
same_sql(const char *a, const char *b, const char *what)
{
    admin_query_t qa, qb;
    build(&qa, a);
    build(&qb, b);
    is_str(sql(&qb), qa.sql.data, "same SQL: %s", what);
    is_str(((str_t){qb.count_sql.data, qb.count_sql.len}), qa.count_sql.data, "same count: %s",
           what);
    admin_query_free(&qa);
    admin_query_free(&qb);
}

static void
test_default(void)
{
    admin_query_t q;
    build(&q, "");
    is_str(sql(&q),
           "SELECT \"transactions\".\"id\", (description)::text, \"transactions\".\"date\"::text, "
           "\"transactions\".\"description\"::text, \"transactions\".\"amount\"::text, (SELECT "
           "(name)::text FROM \"statements\" AS _fk WHERE _fk.\"id\" = "
           "\"transactions\".\"source_file_id\") FROM (SELECT * FROM \"transactions\" ORDER BY "
           "\"transactions\".\"date\" DESC, \"transactions\".\"id\" DESC LIMIT 100 OFFSET 0) AS "
           "\"transactions\" ORDER BY \"transactions\".\"date\" DESC, \"transactions\".\"id\" DESC",
           "default query: FK shown by its str, model ordering, pk tiebreak, the columns computed "
           "for the page's rows only");
    is_int(q.nparams, 0, "no parameters");
    ok(!q.filtered, "unfiltered");
    is_str(((str_t){q.count_sql.data, q.count_sql.len}),
           "SELECT COUNT(*) FROM (SELECT 1 FROM \"transactions\" LIMIT 10001) AS _capped",
           "count, capped (t/unit/admin_count_test)");
    admin_query_free(&q);
}

static void
test_search(void)
{
    admin_query_t q;
    build(&q, "q=%20coffee%25%20%20shop_%27;--%20&p=2");
    ok(strstr(q.sql.data, " WHERE (\"transactions\".\"description\" ILIKE '%' || $1 || '%' OR "
                          "\"transactions\".\"location\" ILIKE '%' || $1 || '%') AND (") != NULL,
       "each term ORs the search fields with one parameter");
    is_int(q.nparams, 2, "two terms, two parameters");
    is_str(str_from_cstr(q.params[0]), "coffee\\%", "LIKE wildcard typed is literal");
    is_str(str_from_cstr(q.params[1]), "shop\\_';--", "quote and comment only a parameter");
    ok(q.filtered, "filtered");
    ok(strstr(q.sql.data, "OFFSET 200") != NULL, "page 2 is offset 200");
    admin_query_free(&q);
    same_sql("q=abc", "q=%27%29OR%281%3D1%29;DROP--%22%5C", "metacharacters in q");
    same_sql("q=a+b", "q=%27%29+%3B--", "metacharacters in two terms");
}

static void
test_filters(void)
{
    admin_query_t q;
    build(&q, "date__gte=2024-01-01&date__lt=2024-02-01&source_file_id__id__exact=7&"
              "reviewed__exact=1&description__exact=a%27b&nope__exact=1");
    ok(strstr(q.sql.data, "WHERE \"transactions\".\"date\" >= $1::date AND "
                          "\"transactions\".\"date\" < $2::date AND "
                          "\"transactions\".\"source_file_id\" = $3 AND "
                          "\"transactions\".\"reviewed\" = $4 AND "
                          "\"transactions\".\"description\" = $5 ORDER") != NULL,
       "filters as parameters");
    is_int(q.nparams, 5, "five parameters, the unknown filter ignored");
    is_str(str_from_cstr(q.params[3]), "true", "bool 1 is true");
    is_str(str_from_cstr(q.params[4]), "a'b", "choice value a parameter");
    admin_query_free(&q);
    same_sql("",
             "date__gte=2024-01-01%27;--&source_file_id__id__exact=1%20OR%201=1&"
             "reviewed__exact=yes&location__exact=x",
             "malformed or unlisted filters ignored");
}

static void
test_ordering(void)
{
    admin_query_t q;
    build(&q, "o=-3.1");
    ok(strstr(q.sql.data, "ORDER BY \"transactions\".\"amount\" DESC, "
                          "\"transactions\".\"date\", \"transactions\".\"id\" DESC") != NULL,
       "o=-3.1: amount descending, then date");
    is_int((long)q.norder, 2, "two ordering columns");
    is_int(q.order[0], -3, "first is -3");
    admin_query_free(&q);
    build(&q, "o=2,2,-2");
    is_int((long)q.norder, 1, "a repeated column counts once");
    admin_query_free(&q);
    same_sql("", "o=9", "a column past list_display ignored");
    same_sql("", "o=0", "index 0 ignored");
    same_sql("", "o=location", "a column name ignored");
    same_sql("", "o=1;DROP%20TABLE%20x", "metacharacters in o ignored");
    same_sql("o=1", "o=1.x.99", "bad pieces beside a good one ignored");
    same_sql("", "p=-1", "negative page ignored");
    same_sql("", "p=abc", "non-numeric page ignored");
}

static void
test_values(void)
{
    const admin_field_t *f = admin_field_find(&tx_model, "amount");
    ok(admin_value_check(f, STR_LIT("-12.50")) == NULL, "decimal accepted");
    ok(admin_value_check(f, STR_LIT("1e5")) != NULL, "exponent refused");
    f = admin_field_find(&tx_model, "date");
    ok(admin_value_check(f, STR_LIT("2024-02-30")) != NULL, "February 30 refused");
    f = admin_field_find(&tx_model, "source_file_id");
    ok(admin_value_check(f, STR_LIT("0")) != NULL, "FK 0 refused");
    f = admin_field_find(&statement_model, "name");
    ok(admin_value_check(f, STR_LIT("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9")) == NULL,
       "max_len counts characters");
    ok(admin_value_check(f, STR_LIT("abcdef")) != NULL, "past max_len refused");
    ok(admin_value_check(f, STR_LIT("a\xff")) != NULL, "invalid UTF-8 refused");
}

int
main(void)
{
    arena = arena_new(4096);
    if (admin_register(&statement_model) != 0 || admin_register(&tx_model) != 0)
        abort();
    test_default();
    test_search();
    test_filters();
    test_ordering();
    test_values();
    arena_free(arena);
    return done_testing();
}
