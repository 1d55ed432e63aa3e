/* The scalar fields of the HN types, read straight from the source structs
 * that the loaders made: each binding says where the member is and how it
 * prints, and one resolver serves them all. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "apps/hn/hn.h"

typedef enum { AS_ID, AS_INT, AS_STRING, AS_BOOL } member_kind_t;

typedef struct {
    const char *type, *field;
    size_t offset;
    member_kind_t kind;
} member_t;

static const member_t members[] = {
    {"Link", "id", offsetof(hn_link_t, id), AS_ID},
    {"Link", "url", offsetof(hn_link_t, url), AS_STRING},
    {"Link", "description", offsetof(hn_link_t, description), AS_STRING},
    {"Vote", "id", offsetof(hn_vote_t, id), AS_ID},
    {"User", "id", offsetof(hn_user_t, id), AS_ID},
    {"User", "email", offsetof(hn_user_t, email), AS_STRING},
    {"User", "firstName", offsetof(hn_user_t, first_name), AS_STRING},
    {"User", "lastName", offsetof(hn_user_t, last_name), AS_STRING},
    {"User", "isStaff", offsetof(hn_user_t, is_staff), AS_BOOL},
    {"User", "isActive", offsetof(hn_user_t, is_active), AS_BOOL},
    {"User", "dateJoined", offsetof(hn_user_t, date_joined), AS_STRING},
    {"CreateLink", "id", offsetof(hn_link_t, id), AS_INT},
    {"CreateLink", "url", offsetof(hn_link_t, url), AS_STRING},
    {"CreateLink", "description", offsetof(hn_link_t, description), AS_STRING},
    {"ObtainJSONWebToken", "token", offsetof(hn_token_t, token), AS_STRING},
    {"Refresh", "token", offsetof(hn_token_t, token), AS_STRING},
};

static void
member_value(gql_resolve_t *rv, size_t i, const member_t *m)
{
    const char *at = (const char *)rv->parents[i] + m->offset;
    long long n;
    str_t s;
    bool b;
    switch (m->kind) {
    case AS_ID: /* an ID serializes as a string */
        memcpy(&n, at, sizeof(n));
        s = hn_id_text(rv->arena, n);
        if (s.p == NULL)
            gql_resolve_error(rv, i, "Out of memory.");
        else
            gql_val_string(rv->out[i], s);
        break;
    case AS_INT:
        memcpy(&n, at, sizeof(n));
        gql_val_int(rv->out[i], n);
        break;
    case AS_STRING:
        memcpy(&s, at, sizeof(s));
        gql_val_string(rv->out[i], s);
        break;
    case AS_BOOL:
        memcpy(&b, at, sizeof(b));
        gql_val_bool(rv->out[i], b);
        break;
    }
}

static int
resolve_member(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++)
        member_value(rv, i, rv->field->resolve_data);
    return 0;
}

/* CreateUser.user: the payload's source is the user itself. */
static int
resolve_self(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++)
        gql_val_source(rv->out[i], rv->parents[i]);
    return 0;
}

int
hn_bind_members(gql_schema_t *s)
{
    for (size_t i = 0; i < sizeof(members) / sizeof(members[0]); i++)
        if (gql_schema_bind(s, members[i].type, members[i].field, resolve_member,
                            (void *)&members[i]) != 0)
            return -1;
    return gql_schema_bind(s, "CreateUser", "user", resolve_self, NULL);
}
