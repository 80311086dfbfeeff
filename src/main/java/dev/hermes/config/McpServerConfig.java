package dev.hermes.config;

import dev.hermes.util.Origin;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code mcp_servers.<name>} entry: a stdio server ({@code command}, {@code args}, {@code env})
 * or a streamable HTTP server ({@code url}, {@code headers}). Exactly one of {@code command} and
 * {@code url} is set (checked when loaded). {@link #toString()} leaves out env and headers, which
 * may carry tokens.
 *
 * @param name           the server's name, as in {@code mcp_<name>_<tool>}
 * @param command        the program to start, or null for an HTTP server
 * @param args           its arguments
 * @param env            variables the program gets besides the safe defaults
 * @param url            the HTTP endpoint, or null for a stdio server
 * @param headers        HTTP headers sent with every request
 * @param timeout        bound on one tool call ({@code timeout}, default 120 s)
 * @param connectTimeout bound on starting, initialising and listing tools ({@code connect_timeout}, default 60 s)
 * @param origin         where the entry is, for messages
 */
public record McpServerConfig(String name, String command, List<String> args, Map<String, String> env, URI url,
                              Map<String, String> headers, Duration timeout, Duration connectTimeout, Origin origin) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(60);

    public McpServerConfig {
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
        env = Map.copyOf(env);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if ((command == null) == (url == null)) {
            throw new ConfigException(origin.describe() + ": mcp_servers." + name
                    + ": give either command (a stdio server) or url (an HTTP server)");
        }
    }

    public boolean stdio() {
        return command != null;
    }

    /** What it runs or reaches, for listings: the command line or the URL (never env or headers). */
    public String target() {
        return stdio() ? String.join(" ", java.util.stream.Stream.concat(java.util.stream.Stream.of(command), args.stream()).toList())
                : url.toString();
    }

    @Override
    public String toString() {
        return "McpServerConfig[" + name + " at " + origin.describe() + "]";
    }
}
