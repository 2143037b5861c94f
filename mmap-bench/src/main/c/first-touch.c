/*
 * first-touch: how fast this machine hands out fresh memory. Maps MIB MiB of anonymous memory
 * (2 MiB-aligned, MADV_HUGEPAGE unless --small), memsets it, unmaps it; three passes. The first
 * pass may meet guest-physical memory the hypervisor has never backed (slow on VMs); later passes
 * reuse pages the kernel just freed. A retain-all mapping pays first touch for every byte.
 *
 * usage: first-touch MIB [--small]     prints one line per pass: "PASS GIB_PER_S"
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s MIB [--small]\n", argv[0]);
        return 2;
    }
    size_t n = (size_t) atol(argv[1]) << 20;
    int huge = !(argc > 2 && !strcmp(argv[2], "--small"));
    size_t align = 2 << 20;
    for (int pass = 1; pass <= 3; pass++) {
        char *raw = mmap(NULL, n + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED) { perror("mmap"); return 1; }
        char *p = (char *) (((unsigned long) raw + align - 1) & ~(align - 1));
        if (huge) madvise(p, n, MADV_HUGEPAGE);
        double t = now();
        memset(p, 1, n);
        double d = now() - t;
        printf("%d %.3f\n", pass, n / d / (1 << 30));
        munmap(raw, n + align);
    }
    return 0;
}
