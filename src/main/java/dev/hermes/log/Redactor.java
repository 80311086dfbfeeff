package dev.hermes.log;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it reaches a model, a session, a log, an error message or the
 * terminal. Two layers, both precise enough never to rewrite ordinary text:
 * <ol>
 *   <li>every secret value this process knows (registered at start from the configuration's
 *       key variables, .env files and URL passwords, and by the credential pool as it reads
 *       keys) is replaced wherever it appears;</li>
 *   <li>high-confidence key shapes are masked even if nobody registered them: provider keys
 *       ({@code sk-...}, {@code sk-ant-...}), GitHub, GitLab, Slack, Google and AWS access keys,
 *       bearer tokens, private key blocks, the password in a URL's userinfo, and an
 *       environment-style assignment to a secret-named variable ({@code GH_PAT=...}).</li>
 * </ol>
 * Generic {@code name = value} text is never touched: {@code token = tokenizer.next_token()}
 * is code, not a secret. For text that arrives in pieces, use {@link StreamRedactor}.
 *
 * <p>Process-wide by design: a secret read anywhere must be hidden everywhere. Thread-safe.
 */
public final class Redactor {

    static final String MASK = "***";
    private static final int MIN_SECRET_LENGTH = 8;
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private static final Pattern SHAPES = Pattern.compile(String.join("|",
            "\\bsk-[A-Za-z0-9_\\-]{16,}",
            "\\bgh[pousr]_[A-Za-z0-9]{30,}",
            "\\bgithub_pat_[A-Za-z0-9_]{30,}",
            "\\bglpat-[A-Za-z0-9_\\-]{20,}",
            "\\bxox[abprs]-[A-Za-z0-9\\-]{10,}",
            "\\bAIza[0-9A-Za-z_\\-]{35}",
            "\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b",
            "-----BEGIN[A-Z ]{0,40}PRIVATE KEY-----[\\s\\S]*?(?:-----END[A-Z ]{0,40}PRIVATE KEY-----|\\z)",
            "(?<bearer>\\b(?i:bearer)\\s+)[A-Za-z0-9._~+/=\\-]{16,}",
            "(?<userinfo>\\b[a-zA-Z][a-zA-Z0-9+.\\-]*://[^\\s/:@]+:)[^\\s/@]+(?=@)",
            "(?<assign>\\b[A-Z][A-Z0-9_]*(?:_API_KEY|_KEY|_TOKEN|_SECRET|_PASSWORD|_PAT)=)[^\\s\"']+"));

    private Redactor() {
    }

    /** Remembers a secret so it is masked from now on. Short values are ignored (too many false hits). */
    public static void remember(String secret) {
        if (secret != null && secret.strip().length() >= MIN_SECRET_LENGTH) KNOWN.add(secret.strip());
    }

    private static final Pattern URL_PASSWORD = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.\\-]*://[^\\s/:@]+:([^\\s/@]+)@");

    /** Remembers the password in a URL's userinfo ({@code postgresql://user:PASSWORD@host/db}), if it has one. */
    public static void rememberUrlPassword(String url) {
        if (url == null) return;
        Matcher m = URL_PASSWORD.matcher(url);
        while (m.find()) {
            String password = m.group(1);
            remember(password);
            remember(java.net.URLDecoder.decode(password.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
        }
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
            String keep = m.group("bearer") != null ? m.group("bearer")
                    : m.group("userinfo") != null ? m.group("userinfo")
                    : m.group("assign") != null ? m.group("assign") : "";
            m.appendReplacement(sb, Matcher.quoteReplacement(keep + MASK));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * How many characters at the end of {@code text} could be the start of a secret that the next
     * piece of a stream completes: the longest tail that is a proper prefix of a known secret,
     * or the last two words (a shape such as {@code Bearer <token>} spans two), whichever is
     * longer. Text before that can be redacted and shown; the tail waits for more.
     */
    static int pendingTail(CharSequence text) {
        int n = text.length();
        int tail = 0;
        for (String secret : KNOWN) {
            for (int k = Math.min(secret.length() - 1, n); k > tail; k--) {
                if (endsWith(text, secret, k)) {
                    tail = k;
                    break;
                }
            }
        }
        int words = n;
        for (int seen = 0; words > 0 && seen < 2; ) {
            while (words > 0 && Character.isWhitespace(text.charAt(words - 1))) words--;
            while (words > 0 && !Character.isWhitespace(text.charAt(words - 1))) words--;
            seen++;
        }
        int pem = lastIndexOf(text, "-----BEGIN");
        if (pem >= 0 && lastIndexOf(text, "PRIVATE KEY-----") <= pem + 10) tail = Math.max(tail, n - pem);
        return Math.max(tail, n - words);
    }

    /** {@code cut}, moved back to the start of any known secret that would straddle it. */
    static int cutBefore(String text, int cut) {
        int at = cut;
        for (String secret : KNOWN) {
            int from = Math.max(0, cut - secret.length() + 1);
            for (int i = text.indexOf(secret, from); i >= 0 && i < cut; i = text.indexOf(secret, i + 1)) {
                if (i + secret.length() > cut) at = Math.min(at, i);
            }
        }
        return at;
    }

    private static boolean endsWith(CharSequence text, String secret, int k) {
        int from = text.length() - k;
        for (int i = 0; i < k; i++) if (text.charAt(from + i) != secret.charAt(i)) return false;
        return true;
    }

    private static int lastIndexOf(CharSequence text, String s) {
        return text.toString().lastIndexOf(s);
    }
}
