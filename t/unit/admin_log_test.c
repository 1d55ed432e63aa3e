/* The admin log's words and links (issue 14): Django's change messages as
 * the history page, /admin/log/ and "Recent actions" print them, and a
 * stored file's link under /media/, each escaped whatever was stored. */
#include <stdlib.h>

#include "admin/internal.h"
#include "tap.h"

static buf_t out;
static html_t h = {&out};

static str_t
got(void)
{
    return (str_t){out.data, out.len};
}

static void
message_case(const char *json, const char *flag, const char *want, const char *what)
{
    buf_reset(&out);
    admin_change_message_html(&h, json, flag);
    is_str(got(), want, "change message: %s", what);
}

static void
test_messages(void)
{
    message_case("[{\"added\":{}}]", "1", "Added.", "an addition");
    message_case("[{\"deleted\":{}}]", "3", "Deleted.", "a deletion");
    message_case("[{\"changed\":{\"fields\":[\"First name\",\"Staff status\"]}}]", "2",
                 "Changed First name and Staff status.", "two fields joined by and");
    message_case("[{\"changed\":{\"fields\":[\"A\",\"B\",\"C\"]}}]", "2", "Changed A, B and C.",
                 "three fields: commas, then and");
    message_case("[{\"changed\":{\"fields\":[\"password\"]}}]", "2", "Changed password.",
                 "a password set");
    message_case("[{\"changed\":{\"fields\":[]}}]", "2", "No fields changed.", "nothing changed");
    message_case("not json", "2", "No fields changed.", "a broken message is no error");
    message_case("[{\"changed\":{\"fields\":[\"<script>x</script>\"]}}]", "2",
                 "Changed &lt;script&gt;x&lt;/script&gt;.", "a label is escaped");
}

static void
link_case(const char *path, const char *want, const char *what)
{
    buf_reset(&out);
    admin_file_link(&h, str_from_cstr(path));
    is_str(got(), want, "file link: %s", what);
}

static void
test_file_links(void)
{
    link_case("private/statements/m.csv",
              "<a href=\"/media/private/statements/m.csv\">private/statements/m.csv</a>",
              "segments kept, slashes too");
    link_case("private/a b\"<c>.csv",
              "<a href=\"/media/private/a%20b%22%3Cc%3E.csv\">private/a b&quot;&lt;c&gt;.csv</a>",
              "a segment percent-encoded, the text escaped");
}

int
main(void)
{
    buf_init(&out);
    test_messages();
    test_file_links();
    buf_free(&out);
    return done_testing();
}
