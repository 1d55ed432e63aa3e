/* The quota arithmetic: the files and bytes a user has, one more file, the
 * limits (0: none). */
#include "apps/banking/upload_quota.h"
#include "tap.h"

int
main(void)
{
    char why[256];

    ok(upload_quota_allows((upload_usage_t){0, 0}, 100, 3, 1000, why, sizeof(why)),
       "the first file fits");
    ok(upload_quota_allows((upload_usage_t){2, 900}, 100, 3, 1000, why, sizeof(why)),
       "the last file and the last byte fit");
    ok(!upload_quota_allows((upload_usage_t){3, 0}, 1, 3, 1000, why, sizeof(why)),
       "a 4th file of 3 does not");
    is_str(str_from_cstr(why), "Upload quota exceeded: at most 3 files per user, and 3 are stored.",
           "and says why");
    ok(!upload_quota_allows((upload_usage_t){2, 900}, 101, 3, 1000, why, sizeof(why)),
       "one byte too many does not fit");
    is_str(str_from_cstr(why),
           "Upload quota exceeded: at most 1000 bytes of files per user; 900 are stored and "
           "this file has 101.",
           "and says why");
    ok(upload_quota_allows((upload_usage_t){1000000, 1LL << 40}, 1LL << 30, 0, 0, why, sizeof(why)),
       "0 is no limit");
    ok(!upload_quota_allows((upload_usage_t){5, 0}, 1, 3, 0, why, sizeof(why)),
       "already over (a lowered limit) stays refused");
    return done_testing();
}
