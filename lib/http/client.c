#include "http/client.h"

#include <string.h>

size_t
http_sink_write(char *data, size_t size, size_t nmemb, void *arg)
{
    http_sink_t *sink = arg;
    size_t n = size * nmemb;

    if (n > sink->max - sink->body->len) {
        sink->refused = true;
        return 0; /* libcurl then stops with CURLE_WRITE_ERROR */
    }
    buf_append(sink->body, data, n);
    if (sink->body->failed) {
        sink->refused = true;
        return 0;
    }
    return n;
}

bool
http_header_append(struct curl_slist **list, const char *name, const char *value)
{
    buf_t line;
    struct curl_slist *l = NULL;

    buf_init(&line);
    buf_printf(&line, "%s: %s", name, value);
    if (!line.failed && strpbrk(buf_cstr(&line), "\r\n") == NULL)
        l = curl_slist_append(*list, buf_cstr(&line));
    buf_free(&line);
    if (l == NULL)
        return false;
    *list = l;
    return true;
}
