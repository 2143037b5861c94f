/*
 * tcp-fanout: the sender of ManySocketsIngest. Opens CONNECTIONS TCP connections to
 * 127.0.0.1:PORT, waits for one byte on standard input (the reader has set them all up), then
 * writes BYTES_EACH bytes on each, from one thread, non-blocking, driven by epoll: a connection
 * with room gets 64 KiB writes until it has none. Stream k starts with k as an 8-byte
 * little-endian number; every later byte at
 * stream offset o is (o * 131 + 7) mod 256. Each connection is shut down for writing (EOF for
 * the reader) as soon as its last byte is out; then the program waits for the reader to close
 * them all.
 *
 * usage: tcp-fanout PORT CONNECTIONS BYTES_EACH
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define PERIOD (2 << 20) /* a multiple of 256: the pattern repeats within the buffer */
#define CHUNK (64 << 10)

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: tcp-fanout PORT CONNECTIONS BYTES_EACH\n"); return 2; }
    int port = atoi(argv[1]), n = atoi(argv[2]);
    long long each = strtoll(argv[3], NULL, 10);
    if (n <= 0 || each < 8) { fprintf(stderr, "tcp-fanout: need CONNECTIONS > 0 and BYTES_EACH >= 8\n"); return 2; }
    /* A thousand sockets and more: lift the soft fd limit (often 1024) to the hard one. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    unsigned char *buf = malloc(PERIOD + CHUNK);
    if (!buf) { perror("malloc"); return 1; }
    for (size_t i = 0; i < PERIOD + CHUNK; i++) buf[i] = (unsigned char) (i * 131 + 7);

    int *fd = calloc(n, sizeof *fd);
    long long *sent = calloc(n, sizeof *sent);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (!fd || !sent || ep < 0) { perror("setup"); return 1; }
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    for (int k = 0; k < n; k++) {
        fd[k] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd[k] < 0 || connect(fd[k], (struct sockaddr *) &a, sizeof a)) { perror("connect"); return 1; }
        fcntl(fd[k], F_SETFL, O_NONBLOCK);
        struct epoll_event ev = { .events = EPOLLOUT, .data.u32 = (uint32_t) k };
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd[k], &ev)) { perror("epoll_ctl"); return 1; }
    }
    char go;
    if (read(STDIN_FILENO, &go, 1) != 1) { fprintf(stderr, "tcp-fanout: no go on standard input\n"); return 1; }
    int open = n;
    struct epoll_event evs[256];
    while (open > 0) {
        int r = epoll_wait(ep, evs, 256, -1);
        if (r < 0) {
            if (errno == EINTR) continue;
            perror("epoll_wait");
            return 1;
        }
        for (int i = 0; i < r; i++) {
            int k = (int) evs[i].data.u32;
            for (;;) {
                long long o = sent[k];
                ssize_t w;
                if (o < 8) {
                    uint64_t id = (uint64_t) k; /* little-endian on x86-64 */
                    w = write(fd[k], (char *) &id + o, (size_t) (8 - o));
                } else {
                    size_t len = CHUNK;
                    if ((long long) len > each - o) len = (size_t) (each - o);
                    w = write(fd[k], buf + (o % PERIOD), len);
                }
                if (w < 0) {
                    if (errno == EAGAIN) break;
                    perror("write");
                    return 1;
                }
                sent[k] += w;
                if (sent[k] == each) {
                    shutdown(fd[k], SHUT_WR);
                    epoll_ctl(ep, EPOLL_CTL_DEL, fd[k], NULL);
                    open--;
                    break;
                }
            }
        }
    }
    /* Wait for the reader to close each connection (read returns 0), so no byte is cut off. */
    for (int k = 0; k < n; k++) {
        fcntl(fd[k], F_SETFL, 0);
        char c;
        while (read(fd[k], &c, 1) > 0) {
        }
        close(fd[k]);
    }
    return 0;
}
