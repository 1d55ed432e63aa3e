/* bin/wsd: the websocket daemon behind /ws/ (lib/ws). Placeholder until
 * the daemon lands: refuses to start. */
#include <stdio.h>

int
main(void)
{
    fprintf(stderr, "wsd: not built yet\n");
    return 1;
}
