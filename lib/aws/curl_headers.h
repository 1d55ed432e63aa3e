/* The header list of a signed AWS request for libcurl: the headers that
 * were signed, the ones signing added (X-Amz-Date, Authorization, ...), and
 * "Expect:" so a body does not wait for a 100-continue round trip. */
#ifndef AWS_CURL_HEADERS_H
#define AWS_CURL_HEADERS_H

#include <curl/curl.h>

#include "aws/sigv4.h"

/* Appends them to *list; -1 on out-of-memory or a line break in a value. */
int aws_curl_headers(const aws_header_t *signed_headers, size_t n, const sigv4_out_t *sig,
                     struct curl_slist **list);

#endif
