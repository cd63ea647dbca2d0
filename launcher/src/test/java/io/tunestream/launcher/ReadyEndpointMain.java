package io.tunestream.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in service JVM for stack tests: answers {@code /q/health/ready} with 200 only when the stack passed it the
 * broker address, and starts a grandchild process, so that tests can see the whole tree go away.
 */
public final class ReadyEndpointMain {

    private ReadyEndpointMain() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Process grandchild = new ProcessBuilder("sleep", "600").start();
        System.out.println("grandchild " + grandchild.pid());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/q/health/ready", exchange -> {
            int status = System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null ? 503 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }
}
