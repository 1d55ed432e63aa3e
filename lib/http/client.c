#include "http/client.h"

#include <stdarg.h>
#include <stdio.h>
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

void
http_client_defaults(CURL *c, long timeout_ms)
{
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
}

void
http_client_error(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (err == NULL || errlen == 0)
        return;
    va_start(ap, fmt);
    if (vsnprintf(err, errlen, fmt, ap) < 0)
        err[0] = '\0';
    va_end(ap);
}
