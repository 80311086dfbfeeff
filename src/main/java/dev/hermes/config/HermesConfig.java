package dev.hermes.config;

import dev.hermes.provider.credentials.PoolStrategy;
import dev.hermes.util.Sourced;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The effective contents of one config.yaml (or the defaults when it is missing). Immutable.
 *
 * @param file           the config.yaml read (it may not exist)
 * @param model          the {@code model} section (primary route); parts null when unset
 * @param providers      {@code providers.<id>} sections, by id
 * @param timeouts       the global {@code timeouts} section (below per provider and per model)
 * @param fallbacks      {@code fallback_providers}, in order
 * @param agent          the {@code agent} section, defaults filled in
 * @param poolStrategies {@code credential_pool_strategies}, by provider id
 * @param inheritRootEnv {@code env.inherit_root} (default false)
 * @param mcpServers     {@code mcp_servers}, in file order
 * @param compression    {@code compression}, with {@code model.context_length} and {@code auxiliary.compression}
 * @param platformToolsets {@code platform_toolsets.<platform>}: the toolsets a platform offers ("cli" for chat)
 * @param failover       the failover policy ({@code failover}, and the agent section's retries), defaults filled in;
 *                       without the environment's part (see {@link Configuration#failover})
 * @param settings       every effective setting with its origin, file order, defaults last
 * @param warnings       unknown keys, and the original's keys not supported here, with lines
 * @param aliases        {@code model_aliases}, by name
 */
public record HermesConfig(Path file, RouteConfig model, Map<String, ProviderConfig> providers,
                           Timeouts timeouts, List<RouteConfig> fallbacks, AgentConfig agent,
                           Map<String, Sourced<PoolStrategy>> poolStrategies, Sourced<Boolean> inheritRootEnv,
                           List<McpServerConfig> mcpServers, CompressionConfig compression,
                           Map<String, List<String>> platformToolsets, FailoverConfig failover,
                           List<Setting> settings, List<ConfigWarning> warnings, Map<String, ModelAlias> aliases) {

    public HermesConfig {
        providers = Map.copyOf(providers);
        aliases = Map.copyOf(aliases);
        Objects.requireNonNull(timeouts, "timeouts");
        fallbacks = List.copyOf(fallbacks);
        poolStrategies = Map.copyOf(poolStrategies);
        mcpServers = List.copyOf(mcpServers);
        Objects.requireNonNull(compression, "compression");
        platformToolsets = Map.copyOf(platformToolsets);
        Objects.requireNonNull(failover, "failover");
        settings = List.copyOf(settings);
        warnings = List.copyOf(warnings);
    }

    /** Unknown keys (most likely typos): shown wherever config.yaml is read, `hermes chat` included. */
    public List<ConfigWarning> unknownKeys() {
        return warnings.stream().filter(w -> !w.unsupported()).toList();
    }

    /** The original's keys this runtime recognises but does not implement, one note per section. */
    public List<ConfigWarning> unsupported() {
        return warnings.stream().filter(ConfigWarning::unsupported).toList();
    }

    /** The provider's section, or an empty one. */
    public ProviderConfig provider(String id) {
        ProviderConfig p = providers.get(id);
        return p == null ? ProviderConfig.empty(id) : p;
    }

    /** A setting's value as text (type-checked when loaded), or null when unset. */
    public String setting(String key) {
        for (Setting s : settings) if (s.key().equals(key)) return s.value();
        return null;
    }

    /** The strings of a list setting ({@code key[0]}, {@code key[1]}, ...) in order; empty when unset. */
    public List<String> strings(String key) {
        return settings.stream().filter(s -> s.key().matches(java.util.regex.Pattern.quote(key) + "\\[\\d+]"))
                .map(Setting::value).toList();
    }

    /** A {@code *_seconds} setting, or {@code fallback} when unset. */
    public Duration seconds(String key, Duration fallback) {
        String v = setting(key);
        return v == null ? fallback : Duration.ofMillis(new BigDecimal(v).movePointRight(3).longValue());
    }

    /** An integer setting, or {@code fallback} when unset. */
    public int integer(String key, int fallback) {
        String v = setting(key);
        return v == null ? fallback : Integer.parseInt(v.trim());
    }

    /** A true/false setting, or {@code fallback} when unset. */
    public boolean bool(String key, boolean fallback) {
        String v = setting(key);
        return v == null ? fallback : Boolean.parseBoolean(v.trim());
    }

    /** The configured pool strategy for a provider, default fill_first. */
    public Sourced<PoolStrategy> poolStrategy(String providerId) {
        Sourced<PoolStrategy> s = poolStrategies.get(providerId);
        return s == null ? Sourced.byDefault(PoolStrategy.FILL_FIRST) : s;
    }
}
