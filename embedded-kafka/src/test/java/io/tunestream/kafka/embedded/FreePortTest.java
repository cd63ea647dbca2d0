package io.tunestream.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreePortTest {

    @Test
    void shouldHandOutDistinctBindablePortsBelowTheEphemeralRange() throws IOException {
        // Given the kernel's ephemeral range (outgoing connections take their local ports there)
        int ephemeralLow = FreePort.ephemeralLow(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        // When 300 ports are picked one after the other
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            ports.add(FreePort.pick());
        }
        // Then all differ, none is in the ephemeral range, and each can be bound
        assertThat(ports).hasSize(300).allSatisfy(p -> assertThat(p).isBetween(10_000, ephemeralLow - 1));
        for (int port : ports.stream().limit(20).toList()) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void shouldSkipAPortThatIsAlreadyBound() throws IOException {
        // Given most of the candidates are taken: bind 50 picked ports and keep them
        java.util.List<ServerSocket> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePort.pick()));
                held.add(s);
            }
            // When / Then a new pick is none of them (bindable now)
            int port = FreePort.pick();
            assertThat(held).noneMatch(s -> s.getLocalPort() == port);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    @Test
    void shouldReadTheEphemeralRangeOrAssumeLinuxDefaultWhenUnreadable(@TempDir Path dir) throws IOException {
        Path range = Files.writeString(dir.resolve("range"), "40000\t60999\n");
        assertThat(FreePort.ephemeralLow(range)).isEqualTo(40_000);
        assertThat(FreePort.ephemeralLow(dir.resolve("missing"))).isEqualTo(32_768);
        assertThat(FreePort.ephemeralLow(Files.writeString(dir.resolve("junk"), "x"))).isEqualTo(32_768);
    }
}
