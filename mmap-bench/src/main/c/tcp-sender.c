/*
 * tcp-sender: the sender of SocketIngestThroughput. Listens on 127.0.0.1 (an ephemeral port),
 * prints the port on stdout, accepts one connection, writes BYTES from a pre-touched 2 MiB
 * MADV_HUGEPAGE buffer in 256 KiB write(2)s, shuts its side down (the reader sees EOF) and
 * waits for the reader to close.
 *
 * usage: tcp-sender BYTES
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: tcp-sender BYTES\n"); return 2; }
    long long total = strtoll(argv[1], NULL, 10);
    size_t size = 2 << 20, chunk = 256 << 10;
    char *buf = aligned_alloc(size, size);
    if (!buf) { perror("aligned_alloc"); return 1; }
    madvise(buf, size, MADV_HUGEPAGE);
    for (size_t i = 0; i < size; i++) buf[i] = (char) (i * 131 + 7);

    int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    if (ls < 0 || bind(ls, (struct sockaddr *) &a, sizeof a) || listen(ls, 1)
            || getsockname(ls, (struct sockaddr *) &a, &len)) { perror("listen"); return 1; }
    printf("%d\n", ntohs(a.sin_port));
    fflush(stdout);
    int s = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    if (s < 0) { perror("accept"); return 1; }
    for (long long sent = 0, off = 0; sent < total; ) {
        size_t n = chunk;
        if ((long long) n > total - sent) n = (size_t) (total - sent);
        if (off + n > size) off = 0;
        ssize_t w = write(s, buf + off, n);
        if (w < 0) { perror("write"); return 1; }
        sent += w;
        off += w;
    }
    shutdown(s, SHUT_WR);
    char c;
    while (read(s, &c, 1) > 0) {
    }
    return 0;
}
