package dev.hermes.dashboard;

import dev.hermes.server.Exchange;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Who may see and change the board through the dashboard. One random token per start, printed
 * in the URL; the page trades it for an HttpOnly, SameSite=Strict cookie, which every API call and
 * the event stream need. State-changing calls also need the token in a header, which a form or an
 * image tag on another site cannot send (no CSRF). A request whose {@code Host} is not the address
 * the server is bound to is refused, so a DNS-rebinding page cannot reach it by another name.
 */
final class DashboardAccess {

    static final String COOKIE = "hermes_dashboard";
    static final String TOKEN_HEADER = "X-Hermes-Token";

    private final String token;
    private final Set<String> hosts = new HashSet<>();

    DashboardAccess(String token, String boundHost, int port) {
        this.token = token;
        hosts.add(authority(boundHost, port));
        if (isLoopback(boundHost)) {
            for (String name : new String[] {"127.0.0.1", "localhost", "[::1]"}) hosts.add(authority(name, port));
        }
    }

    static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    String token() {
        return token;
    }

    /** The request names this server by the address it is bound to. */
    boolean hostAllowed(Exchange ex) {
        String host = ex.header("Host");
        return host != null && hosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /** The request carries the session cookie. */
    boolean hasCookie(Exchange ex) {
        String cookies = ex.header("Cookie");
        if (cookies == null) return false;
        for (String part : cookies.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=") && matches(p.substring(COOKIE.length() + 1))) return true;
        }
        return false;
    }

    /** The request carries the token in the anti-CSRF header. */
    boolean hasHeaderToken(Exchange ex) {
        return matches(ex.header(TOKEN_HEADER));
    }

    boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    String setCookie() {
        return COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
    }

    private static String authority(String host, int port) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return (h + ":" + port).toLowerCase(Locale.ROOT);
    }
}
