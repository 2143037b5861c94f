/*
 * socket-reader: the C reference readers of SocketIngestThroughput. Connects to 127.0.0.1:PORT
 * and drains the connection into a 2 MiB MADV_HUGEPAGE buffer (pre-touched, reused round and
 * round, nothing else touched) until EOF, one of three ways:
 *   read             read(2) of CHUNK bytes straight from the socket;
 *   splice-read      splice(2) socket -> pipe (up to the pipe's size), then read(2) pipe -> buffer;
 *   splice-vmsplice  the same, but vmsplice(2) pipe -> buffer (a copy, like read, from a pipe).
 * --lowat N sets SO_RCVLOWAT: a blocking read or splice sleeps until N bytes are queued instead
 * of waking for every segment. Prints "BYTES SECONDS", timed from the first byte to EOF.
 *
 * usage: socket-reader PORT [--mode read|splice-read|splice-vmsplice] [--chunk N] [--pipe N] [--lowat N]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: socket-reader PORT [--mode M] [--chunk N] [--pipe N] [--lowat N]\n"); return 2; }
    int port = atoi(argv[1]);
    const char *mode = "read";
    size_t chunk = 256 << 10;
    int pipesz = 1 << 20, lowat = 0;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--mode")) mode = argv[i + 1];
        else if (!strcmp(argv[i], "--chunk")) chunk = (size_t) strtoll(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--pipe")) pipesz = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--lowat")) lowat = atoi(argv[i + 1]);
        else { fprintf(stderr, "socket-reader: unknown option %s\n", argv[i]); return 2; }
    }
    int viaRead = !strcmp(mode, "splice-read");
    int splicing = viaRead || !strcmp(mode, "splice-vmsplice");
    if (!splicing && strcmp(mode, "read")) { fprintf(stderr, "socket-reader: unknown mode %s\n", mode); return 2; }

    size_t size = 2 << 20;
    char *buf = aligned_alloc(size, size);
    if (!buf) { perror("aligned_alloc"); return 1; }
    madvise(buf, size, MADV_HUGEPAGE);
    memset(buf, 0, size);

    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (s < 0 || connect(s, (struct sockaddr *) &a, sizeof a)) { perror("connect"); return 1; }
    if (lowat > 0 && setsockopt(s, SOL_SOCKET, SO_RCVLOWAT, &lowat, sizeof lowat)) { perror("SO_RCVLOWAT"); return 1; }
    int p[2] = {-1, -1};
    if (splicing) {
        if (pipe2(p, O_CLOEXEC)) { perror("pipe2"); return 1; }
        pipesz = fcntl(p[1], F_SETPIPE_SZ, pipesz);
        if (pipesz < 0) { perror("F_SETPIPE_SZ"); return 1; }
    }

    long long total = 0;
    size_t off = 0;
    double start = 0;
    for (;;) {
        ssize_t r;
        if (!splicing) {
            if (off + chunk > size) off = 0;
            r = read(s, buf + off, chunk);
            if (r > 0) off += (size_t) r;
        } else {
            r = splice(s, NULL, p[1], NULL, (size_t) pipesz, SPLICE_F_MOVE);
            for (ssize_t left = r; left > 0; ) {
                size_t n = (size_t) left < chunk ? (size_t) left : chunk;
                if (off + n > size) off = 0;
                ssize_t got;
                if (viaRead) {
                    got = read(p[0], buf + off, n);
                } else {
                    struct iovec iov = { buf + off, n };
                    got = vmsplice(p[0], &iov, 1, 0);
                }
                if (got <= 0) { perror("drain pipe"); return 1; }
                left -= got;
                off += (size_t) got;
            }
        }
        if (r < 0) { perror(splicing ? "splice" : "read"); return 1; }
        if (r == 0) break;
        if (total == 0) start = now();
        total += r;
    }
    printf("%lld %.6f\n", total, total ? now() - start : 0.0);
    return 0;
}
