/* aws_url_host() on hostile and odd URLs, and aws_signed_call() against a
 * forked local HTTP server: refusals before any connection, the Host
 * header it signs and sends, and the cap on the answer. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aws/action.h"
#include "aws/signed_call.h"
#include "tap.h"

enum { MAX_ANSWER = 1024, BIG = 64 * 1024 };

/* aws_url_host(url) compared with the Host header, path and query wanted
 * (NULL: none); want_host NULL expects a refusal. */
static void
url_is(const char *url, const char *want_host, const char *want_path, const char *want_query)
{
    buf_t host;
    char *path = (char *)"unset", *query = (char *)"unset";

    buf_init(&host);
    int rc = aws_url_host(url, &host, &path, &query);
    if (want_host == NULL) {
        ok(rc == -1 && host.len == 0 && path == NULL && query == NULL, "refused: %.60s", url);
    } else {
        is_int(rc, 0, "taken: %.60s", url);
        is_str(((str_t){host.data, host.len}), want_host, "%.60s: Host", url);
        is_str(str_from_cstr(path), want_path, "%.60s: path", url);
        is_str(str_from_cstr(query), want_query, "%.60s: query", url);
    }
    curl_free(path);
    curl_free(query);
    buf_free(&host);
}

static void
test_url_host(void)
{
    url_is("https://monitoring.us-east-1.amazonaws.com/", "monitoring.us-east-1.amazonaws.com", "/",
           NULL);
    url_is("https://h.example", "h.example", "/", NULL);
    url_is("http://h:8080/a%20b?x=1&y", "h:8080", "/a%20b", "x=1&y");
    url_is("https://h:443/", "h", "/", NULL);
    url_is("http://h:80/", "h", "/", NULL);
    url_is("https://h:80/", "h:80", "/", NULL);
    url_is("HTTPS://h/", "h", "/", NULL);
    url_is("https://user:pass@h/p", "h", "/p", NULL);
    url_is("https://h/p?q=1#frag", "h", "/p", "q=1");
    url_is("https://h/p#frag?not=query", "h", "/p", NULL);
    url_is("http://[::1]:9000/", "[::1]:9000", "/", NULL);
    url_is("http://127.0.0.1/", "127.0.0.1", "/", NULL);
    url_is("https:///h/p", "h", "/p", NULL); /* libcurl's leniency: it connects to h too */

    url_is("", NULL, NULL, NULL);
    url_is("monitoring.us-east-1.amazonaws.com/", NULL, NULL, NULL);
    url_is("/just/a/path", NULL, NULL, NULL);
    url_is("ftp://h/", NULL, NULL, NULL);
    url_is("file:///etc/passwd", NULL, NULL, NULL);
    url_is("https://", NULL, NULL, NULL);
    url_is("https://:443/", NULL, NULL, NULL);
    url_is("https://h/a b", NULL, NULL, NULL);
    url_is("https://h/\r\nX-Injected: 1", NULL, NULL, NULL);
    url_is("https://h:99999/", NULL, NULL, NULL);

    buf_t huge, host;
    buf_init(&huge);
    buf_init(&host);
    buf_puts(&huge, "https://h/");
    for (int i = 0; i < 9 * 1024 * 1024 && !huge.failed; i++)
        buf_putc(&huge, 'a');
    ok(aws_url_host(buf_cstr(&huge), &host, NULL, NULL) == -1 && host.len == 0,
       "a 9 MB URL is refused (libcurl's limit is 8 MB)");
    buf_free(&huge);
    is_int(aws_url_host("https://h:8443/x", &host, NULL, NULL), 0, "path and query not wanted");
    is_str(((str_t){host.data, host.len}), "h:8443", "Host alone");
    buf_free(&host);
}

/* Reads one request up to the end of its headers (the body, if any, is
 * left unread) into req[len]. */
static size_t
read_request(int fd, char *req, size_t len)
{
    size_t n = 0;
    ssize_t r;

    while (n + 1 < len && (r = read(fd, req + n, len - 1 - n)) > 0) {
        n += (size_t)r;
        req[n] = '\0';
        if (strstr(req, "\r\n\r\n") != NULL)
            break;
    }
    req[n] = '\0';
    return n;
}

/* Serves each connection by its request path: /echo answers the request's
 * headers, /big-length announces BIG bytes, /big-close sends BIG bytes
 * without a length. Killed by the parent when the tests are done. */
static void
serve(int listener)
{
    static char req[16384], big[BIG];
    int fd;

    memset(big, 'x', sizeof(big));
    alarm(60);
    while ((fd = accept(listener, NULL, NULL)) >= 0) {
        size_t n = read_request(fd, req, sizeof(req));
        char head[256];
        if (strncmp(strchr(req, ' ') ? strchr(req, ' ') + 1 : "", "/echo ", 6) == 0) {
            snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", n);
            (void)!write(fd, head, strlen(head));
            (void)!write(fd, req, n);
        } else if (strstr(req, " /big-length ") != NULL) {
            snprintf(head, sizeof(head), "HTTP/1.1 500 X\r\nContent-Length: %d\r\n\r\n", BIG);
            (void)!write(fd, head, strlen(head));
            (void)!write(fd, big, sizeof(big));
        } else {
            snprintf(head, sizeof(head), "HTTP/1.1 500 X\r\nConnection: close\r\n\r\n");
            (void)!write(fd, head, strlen(head));
            (void)!write(fd, big, sizeof(big));
        }
        close(fd);
    }
    _exit(0);
}

/* A listening socket on 127.0.0.1 and its port, served by a child. */
static pid_t
start_server(int *port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t salen = sizeof(sa);
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    pid_t pid;

    if (listener < 0 || bind(listener, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
        listen(listener, 8) != 0 || getsockname(listener, (struct sockaddr *)&sa, &salen) != 0)
        return -1;
    *port = ntohs(sa.sin_port);
    pid = fork();
    if (pid == 0)
        serve(listener);
    close(listener);
    return pid;
}

/* One POST with the call's defaults to url; the rc, status in *status. */
static int
call(const char *url, const aws_header_t *headers, size_t nheaders, buf_t *answer, long *status,
     char *err, size_t errlen)
{
    aws_call_t c = {.what = "Test",
                    .method = "POST",
                    .url = url,
                    .region = "us-east-1",
                    .service = "monitoring",
                    .headers = headers,
                    .nheaders = nheaders,
                    .body = STR_LIT("a=1"),
                    .timeout_ms = 5000,
                    .user_agent = "test/1",
                    .answer = answer,
                    .max_answer = MAX_ANSWER};

    buf_reset(answer);
    err[0] = '\0';
    return aws_signed_call(&c, status, err, errlen);
}

static void
test_signed_call(int port)
{
    aws_header_t headers[AWS_CALL_MAX_HEADERS + 1] = {{"Content-Type", "text/plain"}};
    buf_t answer, url;
    char err[512];
    long status = -1;

    buf_init(&answer);
    buf_init(&url);
    setenv("no_proxy", "*", 1); /* the local server, whatever proxy the machine has */
    setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", 1);

    is_int(call("127.0.0.1/echo", headers, 1, &answer, &status, err, sizeof(err)), -1,
           "no scheme: refused");
    is_str(str_from_cstr(err), "Test: bad endpoint 127.0.0.1/echo", "... saying so");
    is_int(status, 0, "... with no status");
    is_int(
        call("https://h/", headers, AWS_CALL_MAX_HEADERS + 1, &answer, &status, err, sizeof(err)),
        -1, "too many headers: refused");
    ok(err[0] != '\0', "... with a reason: %s", err);

    buf_printf(&url, "http://127.0.0.1:%d/echo", port);
    headers[0].value = "text/plain\r\nX-Injected: 1";
    is_int(call(buf_cstr(&url), headers, 1, &answer, &status, err, sizeof(err)), -1,
           "a header value with CR LF is not sent");
    ok(err[0] != '\0', "... with a reason: %s", err);
    headers[0].value = "text/plain";

    buf_reset(&url);
    buf_printf(&url, "http://user:secret@127.0.0.1:%d/echo#frag", port);
    is_int(call(buf_cstr(&url), headers, 1, &answer, &status, err, sizeof(err)), 0,
           "user:pass@ and #fragment: answered (%s)", err);
    is_int(status, 200, "... 200");
    buf_cstr(&answer);
    ok(answer.data && strncmp(answer.data, "POST /echo HTTP/1.1\r\n", 21) == 0,
       "... the fragment is not sent");
    buf_reset(&url);
    buf_printf(&url, "\r\nHost: 127.0.0.1:%d\r\n", port);
    ok(answer.data && strstr(answer.data, buf_cstr(&url)) != NULL, "... Host as signed");
    ok(answer.data && strstr(answer.data, "Basic") == NULL &&
           strstr(answer.data, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") != NULL,
       "... the user and password are not sent, the signature is");

    buf_reset(&url);
    buf_printf(&url, "http://127.0.0.1:%d/big-length", port);
    is_int(call(buf_cstr(&url), headers, 1, &answer, &status, err, sizeof(err)), -1,
           "an answer announced past the cap is refused");
    ok(strstr(err, "answer too large") != NULL, "... saying so: %s", err);
    buf_reset(&url);
    buf_printf(&url, "http://127.0.0.1:%d/big-close", port);
    is_int(call(buf_cstr(&url), headers, 1, &answer, &status, err, sizeof(err)), -1,
           "an answer growing past the cap is refused");
    ok(strstr(err, "answer too large") != NULL, "... saying so: %s", err);
    ok(answer.len <= MAX_ANSWER, "... and not kept past the cap (%zu)", answer.len);
    buf_free(&answer);
    buf_free(&url);
}

/* A body that ran out of memory is refused before anything else. */
static void
test_action_body(void)
{
    static const aws_action_t action = {"Test Action", "monitoring", "text/plain", NULL};
    buf_t body;
    char err[128] = "";

    buf_init(&body);
    buf_puts(&body, "a=1");
    body.failed = true;
    is_int(aws_action_post(&action, "http://127.0.0.1:1/", "", &body, err, sizeof(err)), -1,
           "aws_action_post of a failed body");
    is_str(str_from_cstr(err), "Test Action: out of memory", "... says out of memory");
    buf_free(&body);
}

int
main(void)
{
    int port = 0;
    pid_t server;

    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    test_url_host();
    test_action_body();
    server = start_server(&port);
    if (ok(server > 0, "local server on port %d", port)) {
        test_signed_call(port);
        kill(server, SIGTERM);
        waitpid(server, NULL, 0);
    }
    curl_global_cleanup();
    return done_testing();
}
