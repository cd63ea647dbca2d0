package io.tunestream.kafka.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks currently free TCP ports on 127.0.0.1 for servers that bind them a little later (a broker, a service JVM).
 *
 * <p>A port is drawn at random below the kernel's ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range}),
 * not asked of the kernel with port 0: the kernel hands out port-0 binds and every outgoing connection's local port
 * from that same range, so a port picked there could be taken by any client connection (Kafka clients make many)
 * before its server binds it. A port is never handed out twice by one JVM, so ports picked one after the other are
 * distinct (the kernel may give the same port-0 port twice in a row once it is closed again).
 */
public final class FreePort {

    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 500;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    /** Ports are drawn from [LOWEST, this): the kernel's ephemeral range starts here. */
    private static final int EPHEMERAL_LOW = ephemeralLow(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));

    private FreePort() {
    }

    /** A port that was free a moment ago (another process may still take it before it is bound). */
    public static int pick() {
        if (EPHEMERAL_LOW - LOWEST >= 1_000) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, EPHEMERAL_LOW);
                if (!HANDED_OUT.contains(port) && isFree(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        return fromKernel();
    }

    /** {@code port}, or a free port when it is 0. */
    public static int orFree(int port) {
        return port == 0 ? pick() : port;
    }

    /** The lowest port of the ephemeral range named by {@code rangeFile}, or 32768 (Linux's default) if unreadable. */
    static int ephemeralLow(Path rangeFile) {
        // read as a stream: Files.readString trusts the size procfs reports and returned "3" of "32768 60999" here
        try (BufferedReader reader = Files.newBufferedReader(rangeFile)) {
            String line = reader.readLine();
            return Integer.parseInt(line.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false); // a port with connections in TIME_WAIT counts as taken
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int fromKernel() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on 127.0.0.1", e);
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 that this JVM has not handed out already");
    }
}
