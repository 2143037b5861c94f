/*
 * read-reader: the C reference reader for PipeIngestThroughput: read(2) from stdin into a
 * 2 MiB MADV_HUGEPAGE buffer, CHUNK bytes at a time (default 256 KiB), touching nothing else,
 * until EOF. Prints "BYTES SECONDS" on stdout, timed from the first byte to EOF.
 *
 * usage: read-reader [--chunk N] [--busy] [--retain]
 *   --busy    read with preadv2(RWF_NOWAIT) and spin on EAGAIN
 *   --retain  keep every byte: read sequentially into a fresh 64 GiB MAP_NORESERVE reservation
 *             advised MADV_HUGEPAGE (the C counterpart of a retain-all mapping; first touch of fresh
 *             memory is part of the cost)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    size_t chunk = 256 << 10;
    int busy = 0, retain = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--chunk") && i + 1 < argc) chunk = (size_t) strtoll(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--busy")) busy = 1;
        else if (!strcmp(argv[i], "--retain")) retain = 1;
    }
    size_t size = 2 << 20;
    char *buf;
    if (retain) {
        size = (size_t) 64 << 30;
        buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (buf == MAP_FAILED) { perror("mmap"); return 1; }
        madvise(buf, size, MADV_HUGEPAGE);
    } else {
        buf = aligned_alloc(size, size);
        if (!buf) { perror("aligned_alloc"); return 1; }
        madvise(buf, size, MADV_HUGEPAGE);
        memset(buf, 0, size);
    }
    fcntl(STDIN_FILENO, F_SETPIPE_SZ, 1 << 20);
    long long total = 0;
    size_t off = 0;
    double start = 0;
    for (;;) {
        if (off + chunk > size) {
            if (retain) { fprintf(stderr, "read-reader: more than 64 GiB\n"); return 1; }
            off = 0;
        }
        ssize_t r;
        if (busy) {
            struct iovec iov = {buf + off, chunk};
            r = preadv2(STDIN_FILENO, &iov, 1, -1, RWF_NOWAIT);
            if (r < 0 && errno == EAGAIN) continue;
        } else {
            r = read(STDIN_FILENO, buf + off, chunk);
        }
        if (r < 0) {
            if (errno == EINTR) continue;
            perror("read");
            return 1;
        }
        if (r == 0) break;
        if (total == 0) start = now();
        total += r;
        off += (size_t) r;
    }
    printf("%lld %.6f\n", total, total ? now() - start : 0.0);
    return 0;
}
