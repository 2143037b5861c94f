/*
 * file-writer: the writer of AccessParadigms' pipe and socket sources. Sends FILE (in the page
 * cache) without copying it through user space, so that the reader under test, not the writer,
 * sets the pace:
 *   file-writer FILE         splice(2) FILE into standard output, which must be a pipe;
 *   file-writer FILE PORT    connect to 127.0.0.1:PORT, sendfile(2) FILE, shut the write side.
 * Before the first byte it waits for one byte (the go) on standard input: the reader starts its
 * clock, then says go, so that nothing fills the pipe or the socket buffers before the clock runs.
 * Exit 0 once every byte is handed over; 1 with a message on any error (EPIPE included, and an
 * end of standard input without a go: the reader gave up before its trial).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* Blocks until the go byte arrives on standard input; -1 (with a message) at its end or on an error. */
static int wait_for_go(void) {
    char go;
    ssize_t n;
    do n = read(0, &go, 1); while (n < 0 && errno == EINTR);
    if (n == 1) return 0;
    if (n == 0) fprintf(stderr, "file-writer: no go (standard input ended)\n");
    else perror("file-writer: read go");
    return -1;
}

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) { fprintf(stderr, "usage: file-writer FILE [PORT]\n"); return 2; }
    int in = open(argv[1], O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (in < 0 || fstat(in, &st)) { perror(argv[1]); return 1; }
    if (argc == 2 && wait_for_go()) return 1;
    if (argc == 2) {
        for (;;) {
            ssize_t n = splice(in, NULL, 1, NULL, 1 << 20, SPLICE_F_MOVE | SPLICE_F_MORE);
            if (n == 0) return 0;
            if (n < 0) { perror("file-writer: splice"); return 1; }
        }
    }
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short) atoi(argv[2])),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (s < 0 || connect(s, (struct sockaddr *) &a, sizeof a)) { perror("file-writer: connect"); return 1; }
    if (wait_for_go()) return 1;
    for (off_t off = 0; off < st.st_size; ) {
        ssize_t n = sendfile(s, in, &off, st.st_size - off);
        if (n < 0) { perror("file-writer: sendfile"); return 1; }
        if (n == 0) { fprintf(stderr, "file-writer: %s ended early (at %lld of %lld bytes)\n", argv[1], (long long) off, (long long) st.st_size); return 1; }
    }
    if (shutdown(s, SHUT_WR)) { perror("file-writer: shutdown"); return 1; }
    return 0;
}
