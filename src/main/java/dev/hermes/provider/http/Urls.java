package dev.hermes.provider.http;

import java.net.URI;

/** Joins a configured base URL and a wire path. */
public final class Urls {

    private Urls() {
    }

    /**
     * {@code base} without trailing slashes, then {@code path}. The query string of the base, if
     * any, is kept after the joined path.
     */
    public static URI append(URI base, String path) {
        String s = base.toString();
        String query = "";
        int q = s.indexOf('?');
        if (q >= 0) {
            query = s.substring(q);
            s = s.substring(0, q);
        }
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return URI.create(s + path + query);
    }

    /** True when the base URL's path ends with the segment {@code segment} (e.g. "v1"). */
    public static boolean pathEndsWith(URI base, String segment) {
        String path = base.getPath() == null ? "" : base.getPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        return path.endsWith("/" + segment);
    }

    /** The port a request to {@code uri} goes to: the explicit one, else the scheme's default. */
    public static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /**
     * "scheme://host:port/path" for messages: the query string and any user info are left out, so
     * a key passed as a URL parameter is never printed.
     */
    public static String display(URI uri) {
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return uri.getScheme() + "://" + uri.getHost() + port + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
