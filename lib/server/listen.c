/* Binds FCGI_LISTEN ourselves: libfcgi's FCGX_OpenSocket calls exit() when
 * bind fails, and a program must say in one line what went wrong. */
#include "server/listen.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/settings.h"
#include "server/prefork.h"

static int
close_keeping_errno(int fd)
{
    if (fd >= 0) {
        int saved = errno;
        close(fd);
        errno = saved;
    }
    return -1;
}

/* Whoever can connect to the socket can send any request as nginx would,
 * REMOTE_ADDR included: only nginx's user, or FCGI_SOCKET_GROUP when nginx
 * runs as another user in that group. */
static int
share_with_group(const char *path)
{
    const char *name = settings.fcgi_socket_group;
    if (name == NULL || name[0] == '\0')
        return 0;
    struct group *g = getgrnam(name);
    if (g == NULL) {
        errno = ENOENT;
        return -1;
    }
    if (chown(path, (uid_t)-1, g->gr_gid) != 0 || chmod(path, 0660) != 0)
        return -1;
    return 0;
}

static int
bind_unix(const char *path)
{
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    struct stat st;
    if (strlen(path) >= sizeof(sun.sun_path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(sun.sun_path, path);
    if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
        unlink(path); /* left by a process that did not stop cleanly */
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    /* Born 0600: no moment when another user could connect. */
    mode_t old_mask = umask(0177);
    int rc = fd < 0 ? -1 : bind(fd, (struct sockaddr *)&sun, sizeof(sun));
    umask(old_mask);
    if (rc != 0 || share_with_group(path) != 0)
        return close_keeping_errno(fd);
    return fd;
}

static int
bind_tcp(const char *addr)
{
    char host[256];
    const char *colon = strrchr(addr, ':');
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV},
                    *ai = NULL;
    int one = 1;
    if (colon == NULL || (size_t)(colon - addr) >= sizeof(host)) {
        errno = EINVAL;
        return -1;
    }
    memcpy(host, addr, (size_t)(colon - addr));
    host[colon - addr] = '\0';
    char *h = host;
    if (h[0] == '[' && h[strlen(h) - 1] == ']') {
        h[strlen(h) - 1] = '\0';
        h++;
    }
    if (getaddrinfo(*h ? h : NULL, colon + 1, &hints, &ai) != 0) {
        errno = EINVAL;
        return -1;
    }
    int fd = socket(ai->ai_family, SOCK_STREAM, 0);
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    int rc = fd < 0 ? -1 : bind(fd, ai->ai_addr, ai->ai_addrlen);
    freeaddrinfo(ai);
    return rc != 0 ? close_keeping_errno(fd) : fd;
}

int
listen_open(const char *addr, int backlog)
{
    int fd = prefork_inherited_fd(), listening = 0;
    socklen_t len = sizeof(listening);
    /* Taken only when it is a listening socket: the variable may be stale. */
    if (fd >= 0 && getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 && listening)
        return fd;
    fd = strncmp(addr, "unix:", 5) == 0 ? bind_unix(addr + 5) : bind_tcp(addr);
    if (fd < 0)
        return -1;
    if (listen(fd, backlog) != 0)
        return close_keeping_errno(fd);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) & ~FD_CLOEXEC); /* kept across SIGHUP's exec */
    return fd;
}
