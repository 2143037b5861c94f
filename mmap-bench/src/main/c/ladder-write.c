/*
 * ladder-write: the C writer of PipeLadder, one program for every rung of the seed article's
 * ladder (002_af09de8c75587b06.txt), doing what the Java writer (StreamOutput) does: 256 KiB
 * windows in an arena of 4 slots of 2 MiB, each window filled by copying a 256 KiB template
 * (every byte written, at memcpy speed) and stamped with its sequence number in its first 8
 * bytes, then sent to standard output (a pipe, resized to 1 MiB).
 *   rung 1  write(2), 4 KiB pages (the arena is reused at once: write copies)
 *   rung 2  vmsplice(2), 4 KiB pages, the reuse rule: a slot's pages are dropped
 *           (MADV_DONTNEED) before the slot is written again (the pipe may still hold them)
 *   rung 3  as rung 2 (the reader changes)
 *   rung 4  as rung 2 with MADV_HUGEPAGE
 *   rung 5  as rung 4, busy-waiting on a full pipe (SPLICE_F_NONBLOCK) instead of sleeping
 * --article: as the article's writer: no reuse rule and no refill (the same bytes sent again).
 *
 * usage: ladder-write RUNG BYTES [--article]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#define SLOT (2UL << 20)
#define SLOTS 4
#define WINDOW (256UL << 10)

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: ladder-write RUNG BYTES [--article]\n"); return 2; }
    int rung = atoi(argv[1]);
    long long total = atoll(argv[2]);
    int article = argc > 3 && !strcmp(argv[3], "--article");
    int splicing = rung >= 2, huge = rung >= 4, spin = rung >= 5;
    char *raw = mmap(NULL, SLOT * (SLOTS + 1), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED) { perror("mmap"); return 1; }
    char *base = (char *) (((uintptr_t) raw + SLOT - 1) & ~(SLOT - 1));
    madvise(base, SLOT * SLOTS, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    if (fcntl(STDOUT_FILENO, F_SETPIPE_SZ, 1 << 20) < 0) { perror("F_SETPIPE_SZ"); return 1; }
    char *template = malloc(WINDOW);
    if (!template) { perror("malloc"); return 1; }
    for (size_t i = 0; i < WINDOW; i++) template[i] = (char) (i * 131 + 7);
    int handed[SLOTS] = {0};
    long long sent = 0;
    size_t slot = 0, pos = 0;
    int filledOnce = 0;
    while (sent < total) {
        size_t n = WINDOW;
        if ((long long) n > total - sent) n = (size_t) (total - sent);
        if (pos + n > SLOT) {
            slot = (slot + 1) % SLOTS;
            pos = 0;
            if (slot == 0) filledOnce = 1;
            if (handed[slot] && !article) madvise(base + slot * SLOT, SLOT, MADV_DONTNEED);
            handed[slot] = 0;
        }
        uint64_t *w = (uint64_t *) (base + slot * SLOT + pos);
        if (!(article && filledOnce)) {
            memcpy(w, template, n);
            if (n >= 8) w[0] = (uint64_t) sent / WINDOW;
        }
        for (size_t done = 0; done < n; ) {
            ssize_t r;
            if (splicing) {
                struct iovec iov = { (char *) w + done, n - done };
                r = vmsplice(STDOUT_FILENO, &iov, 1, spin ? SPLICE_F_NONBLOCK : 0);
            } else {
                r = write(STDOUT_FILENO, (char *) w + done, n - done);
            }
            if (r < 0) {
                if (errno == EAGAIN) { __builtin_ia32_pause(); continue; } /* as Java's onSpinWait */
                if (errno == EINTR) continue;
                perror(splicing ? "vmsplice" : "write");
                return 1;
            }
            done += (size_t) r;
        }
        handed[slot] = splicing;
        pos += n;
        sent += (long long) n;
    }
    return 0;
}
