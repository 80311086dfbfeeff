package dev.hermes.board;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Who holds a claim. {@code id} is a generated worker identity and is the only part the fence
 * compares; {@code host} and {@code pid} are information for people and for the dispatcher's
 * kill step. Keying on the host name would break when a host is renamed, and a pid is reused.
 */
public record Claimant(String id, String host, long pid) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public Claimant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        if (id.isBlank()) {
            throw new IllegalArgumentException("claimant id is blank");
        }
    }

    /** A fresh worker identity for this process: {@code w_} + 12 hex digits, this host, this pid. */
    public static Claimant forThisProcess() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return new Claimant("w_" + HexFormat.of().formatHex(bytes), localHost(), ProcessHandle.current().pid());
    }

    /** This machine's name, as claims record it. */
    public static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
