/* The wsd protocol: lws's callbacks for a client connection, each handed
 * to the piece that owns it. */
#include "ws/protocol.h"

#include "ws/client.h"
#include "ws/handshake.h"

static int
wsd_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
    ws_client_t *c = user;
    switch (reason) {
    case LWS_CALLBACK_HTTP:
        return ws_handshake_plain_http(wsi);
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
        return ws_handshake_filter(wsi);
    case LWS_CALLBACK_ESTABLISHED: {
        ws_app_t app = ws_handshake_app(wsi);
        if (app == 0)
            return -1;
        ws_handshake_identity(wsi, c);
        ws_client_open(c, wsi, app);
        return 0;
    }
    case LWS_CALLBACK_RECEIVE:
        ws_client_receive(c, in, len);
        return 0;
    case LWS_CALLBACK_SERVER_WRITEABLE:
        return ws_client_writeable(c);
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
        if (len >= 2)
            c->peer_close_code =
                (uint16_t)(((const unsigned char *)in)[0] << 8 | ((const unsigned char *)in)[1]);
        return 0;
    case LWS_CALLBACK_CLOSED:
        ws_client_closed(c);
        return 0;
    default:
        return lws_callback_http_dummy(wsi, reason, user, in, len);
    }
}

const struct lws_protocols ws_protocol = {
    .name = "wsd",
    .callback = wsd_callback,
    .per_session_data_size = sizeof(ws_client_t),
    /* lws keeps a buffer this big per connection: small, for idle memory;
     * a bigger message arrives in pieces and client.c assembles it. */
    .rx_buffer_size = 1024,
};
