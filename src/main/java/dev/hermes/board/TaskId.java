package dev.hermes.board;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A task's identity: {@code t_} followed by 8 lowercase hex digits. */
public record TaskId(String value) {

    private static final Pattern SHAPE = Pattern.compile("t_[0-9a-f]{8}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public TaskId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a task id (expected t_ and 8 hex digits): " + value);
        }
    }

    public static TaskId of(String value) {
        return new TaskId(value);
    }

    /** A fresh random id; collisions are caught by the primary key and retried by the store. */
    public static TaskId generate() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return new TaskId("t_" + HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
