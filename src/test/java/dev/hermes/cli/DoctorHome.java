package dev.hermes.cli;

import dev.hermes.config.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A temp hermes home for doctor tests, and loopback endpoints that refuse or never answer. */
final class DoctorHome {
    final Path root;

    DoctorHome(Path root) {
        this.root = root;
    }

    Environment env(String... keyValues) {
        Map<String, String> vars = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) vars.put(keyValues[i], keyValues[i + 1]);
        vars.put("HERMES_HOME", root.toString());
        return new Environment(vars, root.resolve("user"));
    }

    DoctorHome config(String yaml) {
        return write("config.yaml", yaml);
    }

    DoctorHome write(String relative, String text) {
        try {
            Path p = root.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback port nothing listens on: bound, then closed. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Accepts connections, reads nothing, answers nothing, until closed. */
    static final class SilentServer implements AutoCloseable {
        private final ServerSocket listener;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        SilentServer() throws IOException {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread.ofPlatform().daemon().name("silent-accept").start(() -> {
                try {
                    while (true) accepted.add(listener.accept());
                } catch (IOException closed) {
                    // close() ended the loop
                }
            });
        }

        String baseUrl() {
            return "http://127.0.0.1:" + listener.getLocalPort() + "/v1";
        }

        int acceptedCount() {
            return accepted.size();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : accepted) s.close();
        }
    }
}
