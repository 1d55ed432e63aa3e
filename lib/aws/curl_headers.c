#include "aws/curl_headers.h"

#include "http/client.h"

int
aws_curl_headers(const aws_header_t *signed_headers, size_t n, const sigv4_out_t *sig,
                 struct curl_slist **list)
{
    for (size_t i = 0; i < n; i++)
        if (!http_header_append(list, signed_headers[i].name, signed_headers[i].value))
            return -1;
    for (size_t i = 0; i < sig->nadd; i++)
        if (!http_header_append(list, sig->add[i].name, sig->add[i].value))
            return -1;
    struct curl_slist *l = curl_slist_append(*list, "Expect:");
    if (l == NULL)
        return -1;
    *list = l;
    return 0;
}
