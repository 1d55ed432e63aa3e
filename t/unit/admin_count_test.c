/* The change list's count and page on big tables: COUNT(*) capped at the
 * count limit (ADMIN_COUNT_LIMIT or the model's lower one), the EXPLAIN
 * whose estimate stands for the rest, the page clamped to the total and
 * the last half of an exact total read from its end. */
#include <stdlib.h>
#include <string.h>

#include "admin/query_cache.h"
#include "admin_models.h"
#include "core/settings.h"
#include "http/parse.h"
#include "tap.h"

static arena_t *arena;

static void
build(admin_query_t *q, const admin_model_t *m, const char *qs)
{
    http_pairs_t kv;
    if (http_query_parse(arena, str_from_cstr(qs), &kv) != HTTP_PARSE_OK)
        abort();
    if (admin_query_build(q, arena, m, &kv) != 0)
        abort();
}

static str_t
text(const buf_t *b)
{
    return (str_t){b->data, b->len};
}

/* The page's subquery from its ORDER BY to its OFFSET; "" unless the
 * outer query orders the page's rows the same way. */
static str_t
tail(const admin_query_t *q)
{
    const char *order = strstr(q->sql.data, " ORDER BY ");
    const char *end = order ? strstr(order, ") AS \"transactions\"") : NULL;
    if (end == NULL)
        return STR_LIT("");
    str_t inner = {order, (size_t)(end - order)};
    const char *outer = end + strlen(") AS \"transactions\"");
    size_t order_len = (size_t)(strstr(order, " LIMIT ") - order);
    if (strlen(outer) != order_len || strncmp(outer, order, order_len) != 0)
        return STR_LIT("");
    return inner;
}

static void
test_count_sql(void)
{
    admin_query_t q;
    build(&q, &tx_model, "");
    is_str(text(&q.count_sql),
           "SELECT COUNT(*) FROM (SELECT 1 FROM \"transactions\" LIMIT 10001) AS _capped",
           "unfiltered: counts one row past the model's limit at most");
    is_str(text(&q.estimate_sql), "EXPLAIN SELECT 1 FROM \"transactions\"", "its estimate");
    admin_query_free(&q);

    build(&q, &tx_model, "q=caf%25&source_file_id__id__exact=7");
    is_str(text(&q.count_sql),
           "SELECT COUNT(*) FROM (SELECT 1 FROM \"transactions\" WHERE "
           "(\"transactions\".\"description\" ILIKE '%' || $1 || '%' OR "
           "\"transactions\".\"location\" ILIKE '%' || $1 || '%') AND "
           "\"transactions\".\"source_file_id\" = $2 LIMIT 10001) AS _capped",
           "filtered: the same WHERE, the same parameters, capped");
    is_str(text(&q.estimate_sql),
           "EXPLAIN SELECT 1 FROM \"transactions\" WHERE "
           "(\"transactions\".\"description\" ILIKE '%' || $1 || '%' OR "
           "\"transactions\".\"location\" ILIKE '%' || $1 || '%') AND "
           "\"transactions\".\"source_file_id\" = $2",
           "the planner's estimate of the filtered rows");
    is_int(q.nparams, 2, "two parameters for all three statements");
    is_str(str_from_cstr(q.params[0]), "caf\\%", "the search still literal");
    admin_query_free(&q);
}

static void
test_count_limit(void)
{
    admin_model_t plain = tx_model;
    plain.count_estimate_above = 0;
    settings.admin.count_limit = 500;
    is_int(admin_count_limit(&tx_model), 500, "ADMIN_COUNT_LIMIT below the model's: it");
    is_int(admin_count_limit(&plain), 500, "a model without a limit: ADMIN_COUNT_LIMIT");
    admin_query_t q;
    build(&q, &tx_model, "");
    ok(strstr(q.count_sql.data, " LIMIT 501) AS _capped") != NULL, "the count stops at 501");
    admin_query_free(&q);
    settings.admin.count_limit = 50000;
    is_int(admin_count_limit(&tx_model), 10000, "the model's lower limit wins");
    settings.admin.count_limit = 0;
    is_int(admin_count_limit(&plain), 0, "neither: every row counted");
    build(&q, &plain, "");
    is_str(text(&q.count_sql), "SELECT COUNT(*) FROM \"transactions\"", "so COUNT(*) uncapped");
    admin_query_free(&q);
}

static void
test_page(void)
{
    admin_query_t q;
    build(&q, &tx_model, "p=0");
    ok(admin_query_page(&q, &tx_model, 250, true) == 0 && !q.reversed, "page 0 of 3: forward");
    is_str(tail(&q),
           " ORDER BY \"transactions\".\"date\" DESC, \"transactions\".\"id\" DESC "
           "LIMIT 100 OFFSET 0",
           "first page as built");
    admin_query_free(&q);

    build(&q, &tx_model, "p=1");
    admin_query_page(&q, &tx_model, 250, true);
    ok(q.reversed, "page 1 of 3 is in the last half: read from the end");
    is_str(tail(&q),
           " ORDER BY \"transactions\".\"date\", \"transactions\".\"id\" LIMIT 100 "
           "OFFSET 50",
           "rows 100-199 are rows 50-149 from the end, every direction flipped");
    admin_query_free(&q);

    build(&q, &tx_model, "p=999&o=-3.1");
    admin_query_page(&q, &tx_model, 250, true);
    is_int(q.page, 2, "a page past the end is the last one");
    is_str(tail(&q),
           " ORDER BY \"transactions\".\"amount\", \"transactions\".\"date\" DESC, "
           "\"transactions\".\"id\" LIMIT 50 OFFSET 0",
           "the last page: its 50 rows first from the end, ?o= reversed too");
    admin_query_free(&q);

    build(&q, &tx_model, "p=900&q=x");
    admin_query_page(&q, &tx_model, 98000, false);
    ok(!q.reversed && q.page == 900, "an estimated total: a page in its last half read forward");
    ok(strstr(q.sql.data, " WHERE (") != NULL && strstr(q.sql.data, "DESC LIMIT 100 OFFSET 90000"),
       "the WHERE kept, OFFSET 90000");
    admin_query_free(&q);

    build(&q, &tx_model, "p=5000");
    admin_query_page(&q, &tx_model, 98000, false);
    ok(q.reversed && q.page == 979, "past an estimated total: its last page, from the end");
    is_str(tail(&q),
           " ORDER BY \"transactions\".\"date\", \"transactions\".\"id\" LIMIT 100 "
           "OFFSET 0",
           "the last 100 rows, whatever the exact total");
    admin_query_free(&q);

    build(&q, &tx_model, "p=3");
    admin_query_page(&q, &tx_model, 0, true);
    ok(!q.reversed && q.page == 0, "no rows: page 0");
    ok(strstr(q.sql.data, "LIMIT 100 OFFSET 0") != NULL, "an empty first page");
    admin_query_free(&q);
}

static void
test_plan_rows(void)
{
    is_int(admin_plan_rows("Seq Scan on transactions  (cost=0.00..2868.00 rows=98123 width=0)"),
           98123, "the first plan line's rows=");
    is_int(admin_plan_rows("Bitmap Heap Scan on t  (cost=27.74..1497.23 rows=307 width=0)"), 307,
           "a bitmap scan's");
    is_int(admin_plan_rows("Result  (cost=0.00..0.01 width=0)"), -1, "no rows=: -1");
    is_int(admin_plan_rows("x rows=abc"), -1, "not a number: -1");
    is_int(admin_plan_rows(NULL), -1, "no line: -1");
}

/* What may be kept: reads of watched tables only, each generation the sum
 * of their channels' that any notification on any of them moves; the notifications and the
 * kept results (which need PostgreSQL) are t/integration/admin_count.t's. */
static void
test_cache(void)
{
    const char *tx[] = {"transactions", NULL}, *both[] = {"transactions", "statement_files", NULL};
    const char *with_users[] = {"transactions", "users", NULL}, *none[] = {NULL};
    settings.admin.cache_seconds = 30;
    is_int((long long)admin_cache_generation(tx), 0, "a table nobody watches: never kept");
    ok(admin_cache_watch("transactions", "banking_changed") == 0, "watching transactions");
    ok(admin_cache_watch("statement_files", "banking_changed") == 0,
       "and statements, same channel");
    ok(admin_cache_generation(tx) != 0, "now transactions has a generation");
    is_int((long long)admin_cache_generation(both), (long long)admin_cache_generation(tx),
           "two tables on one channel: that channel's generation");
    is_int((long long)admin_cache_generation(with_users), 0, "one unwatched table among them: 0");
    is_int((long long)admin_cache_generation(none), 0, "no table: 0");
    settings.admin.cache_seconds = 0;
    is_int((long long)admin_cache_generation(tx), 0, "ADMIN_CACHE_SECONDS=0: off");
}

int
main(void)
{
    arena = arena_new(4096);
    if (admin_register(&statement_model) != 0 || admin_register(&tx_model) != 0)
        abort();
    test_count_sql();
    test_count_limit();
    test_page();
    test_plan_rows();
    test_cache();
    arena_free(arena);
    return done_testing();
}
