package dev.hermes.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment variables {@code bin/hermes} took out of the JVM's environment before starting
 * it: every variable with a secret's name ({@link dev.hermes.log.SecretNames}). The launcher hands
 * them over through a pipe whose descriptor it names in the system property {@value #FD_PROPERTY},
 * as {@code NAME=VALUE} records ending in a NUL byte. Read once, to its end: afterwards the pipe is
 * empty, the process's own environment ({@code /proc/PID/environ}, readable by every process of
 * the user, the agent's terminal commands included) never held the keys, and child processes do
 * not inherit the descriptor (the JDK closes every descriptor above 2 in a child).
 */
final class LauncherEnv {

    static final String FD_PROPERTY = "hermes.env.fd";
    private static Map<String, String> taken;

    private LauncherEnv() {
    }

    /** The variables handed over, or none when not started by the launcher (tests, embedding). */
    static synchronized Map<String, String> variables() {
        if (taken == null) taken = read(System.getProperty(FD_PROPERTY));
        return taken;
    }

    private static Map<String, String> read(String fd) {
        Map<String, String> vars = new HashMap<>();
        if (fd == null || !fd.matches("\\d+")) return vars;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of("/dev/fd/" + fd)); // Linux and macOS alike
        } catch (IOException e) {
            System.err.println("hermes: cannot read the variables bin/hermes passed on descriptor " + fd + ": " + e.getMessage());
            return vars;
        }
        for (String record : new String(bytes, StandardCharsets.UTF_8).split("\0")) {
            int eq = record.indexOf('=');
            if (eq > 0) vars.put(record.substring(0, eq), record.substring(eq + 1));
        }
        return vars;
    }
}
