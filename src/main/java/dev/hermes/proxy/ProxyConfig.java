package dev.hermes.proxy;

import dev.hermes.config.ConfigException;
import dev.hermes.config.Configuration;
import dev.hermes.config.HermesConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code proxy} section of config.yaml and the client keys, read once per (re)load.
 *
 * @param host                  bind address ({@code --host} wins)
 * @param port                  bind port ({@code --port} wins)
 * @param keys                  who may call; empty means anyone, which only a loopback bind allows
 * @param maxBodyBytes          the largest request body
 * @param maxConcurrentRequests requests served at once; each holds at most one upstream
 *                              connection at a time, so this also bounds the upstream pool
 * @param drain                 how long SIGTERM lets open streams finish
 */
record ProxyConfig(String host, int port, ClientKeys keys, long maxBodyBytes, int maxConcurrentRequests, Duration drain) {

    static final String KEY_ENV = "HERMES_PROXY_KEY";
    static final int DEFAULT_PORT = 8645;

    static ProxyConfig from(Configuration configuration, String hostFlag, Integer portFlag) {
        HermesConfig c = configuration.config();
        String host = hostFlag != null ? hostFlag : c.setting("proxy.host") != null ? c.setting("proxy.host") : "127.0.0.1";
        int port = portFlag != null ? portFlag : c.integer("proxy.port", DEFAULT_PORT);
        List<ClientKeys.Key> keys = new ArrayList<>();
        configuration.env().lookup(KEY_ENV).ifPresent(v -> {
            String[] parts = v.value().split(",");
            for (int i = 0; i < parts.length; i++) {
                if (!parts[i].isBlank()) keys.add(new ClientKeys.Key(parts.length == 1 ? "env" : "env-" + (i + 1), parts[i].trim()));
            }
        });
        for (int i = 0; c.setting("proxy.keys[" + i + "].key") != null || c.setting("proxy.keys[" + i + "].name") != null; i++) {
            String name = c.setting("proxy.keys[" + i + "].name");
            String key = c.setting("proxy.keys[" + i + "].key");
            if (name == null || key == null || key.isBlank()) {
                throw new ConfigException(c.file() + ": proxy.keys[" + i + "] needs both a name and a key");
            }
            keys.add(new ClientKeys.Key(name, key));
        }
        ProxyConfig p = new ProxyConfig(host, port, new ClientKeys(keys), c.integer("proxy.max_body_bytes", 8 << 20),
                c.integer("proxy.max_concurrent_requests", 1000), c.seconds("proxy.drain_seconds", Duration.ofSeconds(30)));
        if (p.maxConcurrentRequests() < 1) throw new ConfigException(c.file() + ": proxy.max_concurrent_requests must be at least 1");
        if (p.maxBodyBytes() < 1024) throw new ConfigException(c.file() + ": proxy.max_body_bytes must be at least 1024");
        return p;
    }

    /** With no client key, anyone who can connect may spend the provider keys: only this machine may connect then. */
    void checkExposure() {
        if (keys.isEmpty() && !isLoopback(host)) {
            throw new ConfigException("refusing to listen on " + host + " without a client key: set " + KEY_ENV
                    + " (environment or the home's .env) or proxy.keys in config.yaml, or bind 127.0.0.1");
        }
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("::1") || host.equals("[::1]") || host.startsWith("127.");
    }
}
