/* worker-ctl seed-hn: a few users, links and votes for a developer's
 * /hn-clone. Every insert is guarded (an existing user, the same link by
 * the same poster, the unique vote), so running it again adds nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apps/hn/hn.h"

static const char *const seed_users[] = {"alice@example.com", "bob@example.com",
                                         "carol@example.com"};

static const struct {
    const char *url, *description, *poster;
} seed_links[] = {
    {"https://graphql.org/learn/", "Introduction to GraphQL", "alice@example.com"},
    {"https://spec.graphql.org/October2021/", "The GraphQL specification, October 2021",
     "alice@example.com"},
    {"https://www.howtographql.com/", "The fullstack tutorial for GraphQL", "bob@example.com"},
    {"https://www.postgresql.org/docs/15/pgtrgm.html", "pg_trgm: trigram matching",
     "carol@example.com"},
    {"https://news.ycombinator.com/", "Hacker News", "bob@example.com"},
};

/* Who voted for which link (by index into seed_users and seed_links). */
static const int seed_votes[][2] = {{0, 2}, {0, 4}, {1, 0}, {1, 1}, {1, 3}, {2, 0}, {2, 4}};

static int
exec_ok(PGconn *c, const char *sql, int n, const char *const *params, int *changed, char *err,
        size_t errlen)
{
    PGresult *res = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        snprintf(err, errlen, "%s", PQerrorMessage(c));
    else
        *changed += atoi(PQcmdTuples(res));
    PQclear(res);
    return ok ? 0 : -1;
}

int
hn_seed(PGconn *c, FILE *out, char *err, size_t errlen)
{
    int users = 0, links = 0, votes = 0;
    for (size_t i = 0; i < sizeof(seed_users) / sizeof(seed_users[0]); i++) {
        switch (
            accounts_user_create(c, seed_users[i], "password", false, false, NULL, err, errlen)) {
        case USER_CREATED:
            users++;
            break;
        case USER_EXISTS:
            break;
        default:
            return -1;
        }
    }
    for (size_t i = 0; i < sizeof(seed_links) / sizeof(seed_links[0]); i++) {
        const char *p[] = {seed_links[i].url, seed_links[i].description, seed_links[i].poster};
        if (exec_ok(c,
                    "INSERT INTO links (url, description, posted_by_id)"
                    " SELECT $1, $2, u.id FROM users u WHERE lower(u.email) = lower($3)"
                    " AND NOT EXISTS (SELECT 1 FROM links l"
                    " WHERE l.url = $1 AND l.posted_by_id = u.id)",
                    3, p, &links, err, errlen) != 0)
            return -1;
    }
    for (size_t i = 0; i < sizeof(seed_votes) / sizeof(seed_votes[0]); i++) {
        const char *p[] = {seed_users[seed_votes[i][0]], seed_links[seed_votes[i][1]].url};
        if (exec_ok(c,
                    "INSERT INTO votes (user_id, link_id)"
                    " SELECT u.id, min(l.id) FROM users u JOIN links l ON l.url = $2"
                    " WHERE lower(u.email) = lower($1) GROUP BY u.id"
                    " ON CONFLICT (user_id, link_id) DO NOTHING",
                    2, p, &votes, err, errlen) != 0)
            return -1;
    }
    fprintf(out,
            "seed-hn: %d user(s), %d link(s), %d vote(s) added (password of the users: "
            "password)\n",
            users, links, votes);
    return 0;
}
