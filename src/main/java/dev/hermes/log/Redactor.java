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
            "(?<query>[?&](?i:password|passwd|pwd)=)[^&\\s\"']+",
            // a value of 8+ characters that is not a placeholder (SIM_KEY=..., X_TOKEN=$TOKEN, K=<your key>)
            "(?<assign>\\b[A-Z][A-Z0-9_]*(?:_API_KEY|_KEY|_TOKEN|_SECRET|_PASSWORD|_PAT)=)(?![<${.*])[^\\s\"']{8,}"));

    private Redactor() {
    }

    /** Remembers a secret so it is masked from now on. Short values are ignored (too many false hits). */
    public static void remember(String secret) {
        if (secret != null && secret.strip().length() >= MIN_SECRET_LENGTH) KNOWN.add(secret.strip());
    }

    private static final Pattern URL_PASSWORD = Pattern.compile(
            "\\b[a-zA-Z][a-zA-Z0-9+.\\-]*://[^\\s/:@]+:([^\\s/@]+)@|[?&](?i:password|passwd|pwd)=([^&\\s]+)");

    /** Remembers the password in a URL ({@code postgresql://user:PASSWORD@host/db}, {@code ?password=PASSWORD}), if it has one. */
    public static void rememberUrlPassword(String url) {
        if (url == null) return;
        Matcher m = URL_PASSWORD.matcher(url);
        while (m.find()) {
            String password = m.group(1) != null ? m.group(1) : m.group(2);
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
                    : m.group("assign") != null ? m.group("assign")
                    : m.group("query") != null ? m.group("query") : "";
            m.appendReplacement(sb, Matcher.quoteReplacement(keep + MASK));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * Where a stream's text can be cut so that the part before the cut can be redacted and shown
     * now while the rest waits for the next piece, and redacting the two parts apart gives the same
     * text as redacting the whole would. The rest keeps: the last two words (a shape such as
     * {@code Bearer <token>} spans two, and the last one may still be growing), a tail that is the
     * start of a known secret, an unterminated private key block, and any known secret or key shape
     * the cut would split. At most {@code maxHeld} characters are held, so memory stays bounded.
     */
    static int safeCut(String text, int maxHeld) {
        int n = text.length();
        int cut = n;
        for (int words = 0; cut > 0 && words < 2; words++) {
            while (cut > 0 && Character.isWhitespace(text.charAt(cut - 1))) cut--;
            while (cut > 0 && !Character.isWhitespace(text.charAt(cut - 1))) cut--;
        }
        for (String secret : KNOWN) {
            for (int k = Math.min(secret.length() - 1, n); k > n - cut; k--) {
                if (text.startsWith(secret.substring(0, k), n - k)) {
                    cut = n - k;
                    break;
                }
            }
        }
        int pem = text.lastIndexOf("-----BEGIN");
        if (pem >= 0 && pem < cut && text.indexOf("-----END", pem) < 0) cut = pem;
        for (boolean moved = true; moved; ) {
            moved = false;
            for (String secret : KNOWN) {
                int from = Math.max(0, cut - secret.length() + 1);
                for (int i = text.indexOf(secret, from); i >= 0 && i < cut; i = text.indexOf(secret, i + 1)) {
                    if (i + secret.length() > cut) {
                        cut = i;
                        moved = true;
                    }
                }
            }
            Matcher m = SHAPES.matcher(text);
            while (m.find() && m.start() < cut) {
                if (m.end() > cut) {
                    cut = m.start();
                    moved = true;
                }
            }
        }
        return Math.max(cut, n - maxHeld);
    }
}
