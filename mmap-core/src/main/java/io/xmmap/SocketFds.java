package io.xmmap;

import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;
import io.xmmap.internal.sys.LibcSocket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the fd number behind a connected {@link java.nio.channels.SocketChannel} without
 * reflection or {@code --add-opens}: among this process's fds that are sockets
 * ({@code /proc/self/fd/N -> socket:[inode]}), the one whose own and peer addresses
 * ({@code getsockname}/{@code getpeername}) are the channel's local and remote addresses.
 *
 * <p>A TCP connection's address pair is unique in a process (but for a connection to itself).
 * Sockets can look alike by address: Unix-domain connections to one path (a client socket has no
 * address of its own, and a peer that has closed leaves none); listeners are left out
 * ({@code SO_ACCEPTCONN}). Among several, the channel's is the one whose {@code SO_RCVBUF}
 * changes when the channel's receive buffer is changed through Java; the size is put back
 * afterwards (setting it fixes the buffer size: a TCP socket that needed this step no longer
 * autotunes it; unique TCP connections never do). Another thread changing the receive buffer of
 * one of these sockets at that moment could confuse the lookup, which then fails rather than
 * guess. Stateless.
 */
final class SocketFds {
    private SocketFds() {}

    /**
     * The fds live mappings hold (their duplicates of mapped sockets, their wake eventfds): never
     * the channel sought, so the search skips them without a system call. Without this, mapping
     * the n-th of many accepted connections looked at the n - 1 mapped before it (setup of 1,000
     * mapped sockets took ~11 s; measured with ./xmmap bench many-sockets --quick).
     */
    private static final java.util.Set<Integer> OWN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static void own(int fd) {
        OWN.add(fd);
    }

    /** Call before the fd is closed: once closed, its number may be the next channel's. */
    static void disown(int fd) {
        OWN.remove(fd);
    }

    /**
     * The number the next new fd of this process will most likely get: the kernel gives the lowest
     * free one (POSIX), so a channel opened or accepted right after this call, with no other
     * thread opening fds meanwhile, has it. A hint for {@link #find}, checked there, never trusted.
     */
    static int lowestFreeFd() {
        int probe = Libc.eventfd(0, 0);
        if (probe >= 0) {
            Libc.close(probe);
        }
        return probe;
    }

    /**
     * The fd of {@code channel}: the socket with its addresses and, among several, its marker.
     * {@code hint} (or -1) is tried first: a TCP socket there with the channel's address pair is
     * the answer, with no search (mapping the thousandth accepted connection costs what the first
     * did); anything else falls back to the search.
     */
    static int find(SocketChannel channel, int hint) throws IOException {
        SocketAddress local = channel.getLocalAddress();
        SocketAddress remote = channel.getRemoteAddress();
        if (hint >= 0 && local instanceof InetSocketAddress && matches(hint, local, remote, true)) {
            return hint;
        }
        List<Integer> found = withAddresses(local, remote);
        if (found.size() > 1) {
            found = marked(channel, found);
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        throw new IOException(found.isEmpty()
                ? "no socket of this process is connected from " + local + " to " + remote
                : "several sockets connect " + local + " to " + remote + " (fds " + found
                        + ") and cannot be told apart; map the fd itself");
    }

    /**
     * The sockets (fds) of this process whose own and peer addresses are these, newest fd numbers
     * first (a channel just made has one of the highest). A TCP address pair names one socket,
     * so for IP the first match is the answer (any fd of that socket reads the same stream) and
     * the search stops there: mapping the thousandth connection does not look at the 999 before.
     */
    private static List<Integer> withAddresses(SocketAddress local, SocketAddress remote) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path p : fds) {
                numbers.add(Integer.parseInt(p.getFileName().toString()));
            }
        }
        numbers.sort(java.util.Comparator.reverseOrder());
        boolean ip = local instanceof java.net.InetSocketAddress;
        List<Integer> found = new ArrayList<>();
        for (int fd : numbers) {
            if (OWN.contains(fd)) {
                continue;
            }
            String target;
            try {
                target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            } catch (IOException gone) {
                continue; // closed meanwhile (the directory stream's own fd, for one)
            }
            if (target.startsWith("socket:") && matches(fd, local, remote, ip)) {
                found.add(fd);
                if (ip) {
                    break;
                }
            }
        }
        return found;
    }

    /** True when socket {@code fd} is connected from {@code local} to {@code remote} and is no listener. */
    private static boolean matches(int fd, SocketAddress local, SocketAddress remote, boolean ip) throws IOException {
        if (OWN.contains(fd)) {
            return false;
        }
        int[] err = new int[1];
        byte[] mine = LibcSocket.sockaddr(fd, false, err);
        if (mine == null || !local.equals(decode(mine)) || LibcSocket.acceptsConnections(fd) == 1) {
            return false; // not a socket, or a listener: it shares its accepted sockets' local address, never their stream
        }
        // A Unix-domain socket whose peer has closed has no peer address any more (ENOTCONN),
        // though the data it sent is still to be read: a candidate too.
        byte[] peer = LibcSocket.sockaddr(fd, true, err);
        return peer == null ? !ip && err[0] == -Errors.ENOTCONN : remote.equals(decode(peer));
    }

    /**
     * Tells look-alike sockets apart (Unix-domain connections to one path, a listener and its
     * accepted sockets): changes the channel's receive buffer size through Java and keeps the
     * candidate whose {@code SO_RCVBUF}, read through FFM, changed with it; then puts the old size
     * back. (The two sides do not read the same number: the kernel doubles what is set, and
     * Java halves what it reads; only the change is compared.)
     */
    private static List<Integer> marked(SocketChannel channel, List<Integer> candidates) throws IOException {
        int old = channel.getOption(StandardSocketOptions.SO_RCVBUF);
        int[] before = new int[candidates.size()];
        for (int i = 0; i < before.length; i++) {
            before[i] = LibcSocket.receiveBufferSize(candidates.get(i));
        }
        try {
            for (int size : new int[] {old + 4096, old - 4096, old / 2, old * 2}) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, Math.max(size, 2048));
                List<Integer> changed = new ArrayList<>();
                for (int i = 0; i < before.length; i++) {
                    if (LibcSocket.receiveBufferSize(candidates.get(i)) != before[i]) {
                        changed.add(candidates.get(i));
                    }
                }
                if (!changed.isEmpty()) {
                    return changed;
                }
            }
            return candidates; // nothing moved (clamped): cannot tell
        } finally {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, old);
        }
    }

    /** A {@code struct sockaddr} as Java sees the same address, or null for other families. */
    static SocketAddress decode(byte[] sa) throws IOException {
        int family = (sa[0] & 0xFF) | (sa[1] & 0xFF) << 8;
        switch (family) {
            case LibcSocket.AF_INET, LibcSocket.AF_INET6 -> {
                int port = (sa[2] & 0xFF) << 8 | (sa[3] & 0xFF);
                byte[] ip = java.util.Arrays.copyOfRange(sa, family == LibcSocket.AF_INET ? 4 : 8,
                        family == LibcSocket.AF_INET ? 8 : 24);
                // An IPv4-mapped IPv6 address comes back as the Inet4Address Java reports too.
                return new InetSocketAddress(InetAddress.getByAddress(ip), port);
            }
            case LibcSocket.AF_UNIX -> {
                int end = 2;
                while (end < sa.length && sa[end] != 0) {
                    end++;
                }
                return UnixDomainSocketAddress.of(new String(sa, 2, end - 2, java.nio.charset.StandardCharsets.UTF_8));
            }
            default -> {
                return null;
            }
        }
    }
}
