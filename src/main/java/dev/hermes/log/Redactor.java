package dev.hermes.log;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it reaches a log, a transcript, an error message or the
 * terminal. Two layers: every secret this process has resolved (registered by the credential
 * pool as it reads keys) is replaced wherever it appears, and well-known key shapes are masked
 * even if nobody registered them (a key pasted into a prompt, a provider echoing a header).
 *
 * <p>Process-wide by design: a secret read anywhere must be hidden everywhere. Thread-safe.
 */
public final class Redactor {

    static final String MASK = "***";
    private static final int MIN_SECRET_LENGTH = 8;
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    /** Key shapes: OpenAI/Anthropic/OpenRouter/MiniMax "sk-..." keys, bearer tokens, key=value pairs. */
    private static final Pattern SHAPES = Pattern.compile(
            "(?<sk>\\bsk-[A-Za-z0-9_\\-]{8,})"
                    + "|(?<bearer>(?i:bearer)\\s+)[A-Za-z0-9._~+/=\\-]{8,}"
                    + "|(?<kv>(?i:[a-z_\\-]*(?:api[_\\-]?key|token|secret|password))\"?\\s*[:=]\\s*\"?)[^\\s\",}]{4,}");

    private Redactor() {
    }

    /** Remembers a secret so it is masked from now on. Short values are ignored (too many false hits). */
    public static void remember(String secret) {
        if (secret != null && secret.length() >= MIN_SECRET_LENGTH) KNOWN.add(secret);
    }

    /** The text with every known secret and every key-shaped token masked. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (String secret : KNOWN) {
            if (out.contains(secret)) out = out.replace(secret, MASK);
        }
        Matcher m = SHAPES.matcher(out);
        if (!m.find()) return out;
        StringBuilder sb = new StringBuilder(out.length());
        do {
            String keep = m.group("sk") != null ? "" : m.group("bearer") != null ? m.group("bearer") : m.group("kv");
            m.appendReplacement(sb, Matcher.quoteReplacement(keep + MASK));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }
}
