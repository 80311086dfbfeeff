package dev.hermes.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** The keys clients present, each with a name for the access log (the key itself is never logged). */
record ClientKeys(List<Key> keys) {

    record Key(String name, String secret) {
        @Override
        public String toString() {
            return "Key[" + name + "]";
        }
    }

    ClientKeys {
        keys = List.copyOf(keys);
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /**
     * The name of the key presented as {@code Authorization: Bearer KEY} or {@code x-api-key: KEY};
     * "-" when no key is configured; null when the key is missing or unknown.
     */
    String authenticate(String authorization, String apiKey) {
        if (keys.isEmpty()) return "-";
        String presented = apiKey;
        if (presented == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).trim();
        }
        if (presented == null || presented.isEmpty()) return null;
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        String match = null;
        for (Key k : keys) { // compare with every key, in constant time each, so timing tells nothing
            if (MessageDigest.isEqual(p, k.secret().getBytes(StandardCharsets.UTF_8)) && match == null) match = k.name();
        }
        return match;
    }
}
