/*
 * vmsplice-writer: the fastest pipe writer of seed 002 ("How fast can Linux pipes be?"):
 * gives the pages of a 2 MiB-aligned, MADV_HUGEPAGE, pre-touched buffer to the pipe on stdout
 * with vmsplice(2) in a loop, alternating two halves so that a half is reused only after the
 * pipe (sized to one half) has taken all of the other.
 *
 * usage: vmsplice-writer BYTES [--busy] [--chunk N] [--pipe-size N] [--write]
 *   BYTES      total bytes to write (suffixes K, M, G), then exit
 *   --busy     SPLICE_F_NONBLOCK and spin on EAGAIN instead of sleeping
 *   --chunk N  bytes per half (default 256 KiB)
 *   --pipe-size N  F_SETPIPE_SZ on stdout first (default: leave it to the reader)
 *   --write    use write(2) instead of vmsplice (the seed's slow baseline)
 * Content is 'X' repeated (content does not matter for throughput; the tests check content
 * with their own writers).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

static long long parse_size(const char *s) {
    char *end;
    long long v = strtoll(s, &end, 10);
    switch (*end) {
    case 'G': case 'g': v <<= 30; break;
    case 'M': case 'm': v <<= 20; break;
    case 'K': case 'k': v <<= 10; break;
    }
    return v;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s BYTES [--busy] [--chunk N] [--pipe-size N] [--write]\n", argv[0]);
        return 2;
    }
    long long total = parse_size(argv[1]);
    int busy = 0, use_write = 0, pipe_size = 0;
    size_t half = 256 << 10;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--busy")) busy = 1;
        else if (!strcmp(argv[i], "--write")) use_write = 1;
        else if (!strcmp(argv[i], "--chunk") && i + 1 < argc) half = (size_t) parse_size(argv[++i]);
        else if (!strcmp(argv[i], "--pipe-size") && i + 1 < argc) pipe_size = (int) parse_size(argv[++i]);
    }
    size_t huge = 2 << 20;
    size_t size = 2 * half < huge ? huge : 2 * half;
    char *buf = aligned_alloc(huge, size);
    if (!buf) { perror("aligned_alloc"); return 1; }
    madvise(buf, size, MADV_HUGEPAGE);
    memset(buf, 'X', size);
    if (pipe_size > 0 && fcntl(STDOUT_FILENO, F_SETPIPE_SZ, pipe_size) < 0) {
        perror("F_SETPIPE_SZ");
    }
    char *halves[2] = {buf, buf + half};
    int ix = 0;
    long long left = total;
    while (left > 0) {
        size_t n = left < (long long) half ? (size_t) left : half;
        struct iovec iov = {halves[ix], n};
        ix ^= 1;
        while (iov.iov_len > 0) {
            ssize_t r = use_write ? write(STDOUT_FILENO, iov.iov_base, iov.iov_len)
                                  : vmsplice(STDOUT_FILENO, &iov, 1, busy ? SPLICE_F_NONBLOCK : 0);
            if (r < 0) {
                if (errno == EAGAIN || errno == EINTR) continue;
                if (errno == EPIPE) return 0;
                perror(use_write ? "write" : "vmsplice");
                return 1;
            }
            iov.iov_base = (char *) iov.iov_base + r;
            iov.iov_len -= (size_t) r;
        }
        left -= (long long) n;
    }
    return 0;
}
