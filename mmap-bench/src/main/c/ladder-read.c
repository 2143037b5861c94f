/*
 * ladder-read: the C reader of PipeLadder. Drains standard input (a pipe) until EOF and prints
 * "BYTES COUNTED SECONDS": all bytes, then those after the first SKIP and the time they took (default 0: timed from the first byte; a
 * skip leaves both writers' start-up, and the JVM's warm-up, out of the figure):
 *   rungs 1, 2  read(2) of 256 KiB into a buffer (touched once beforehand)
 *   rungs 3, 4  splice(2) of up to 1 MiB into /dev/null (the bytes never reach user memory)
 *   rung 5      as 3, busy-waiting (SPLICE_F_NONBLOCK) on an empty pipe
 *
 * usage: ladder-read RUNG [SKIP]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: ladder-read RUNG [SKIP]\n"); return 2; }
    int rung = atoi(argv[1]);
    long long skip = argc > 2 ? atoll(argv[2]) : 0, counted = 0;
    size_t size = 256 << 10;
    char *buf = malloc(size);
    if (!buf) { perror("malloc"); return 1; }
    memset(buf, 0, size);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    long long total = 0;
    double start = 0;
    for (;;) {
        ssize_t r;
        if (rung <= 2) {
            r = read(STDIN_FILENO, buf, size);
        } else {
            r = splice(STDIN_FILENO, NULL, null, NULL, 1 << 20, SPLICE_F_MOVE | (rung >= 5 ? SPLICE_F_NONBLOCK : 0));
        }
        if (r < 0) {
            if (errno == EAGAIN) { __builtin_ia32_pause(); continue; } /* as Java's onSpinWait */
            if (errno == EINTR) continue;
            perror(rung <= 2 ? "read" : "splice");
            return 1;
        }
        if (r == 0) break;
        if (total <= skip && total + r > skip) start = now();
        total += r;
        if (total > skip) counted = total - skip;
    }
    printf("%lld %lld %.6f\n", total, counted, counted ? now() - start : 0.0);
    return 0;
}
