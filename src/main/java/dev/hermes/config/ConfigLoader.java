package dev.hermes.config;

import dev.hermes.config.ConfigTree.Branch;
import dev.hermes.config.ConfigTree.Leaf;
import dev.hermes.config.ConfigTree.Node;
import dev.hermes.config.ConfigTree.Seq;
import dev.hermes.failover.Backoff;
import dev.hermes.failover.CircuitBreaker;
import dev.hermes.failover.FailoverSettings;
import dev.hermes.failover.SlowDrip;
import dev.hermes.provider.WireApi;
import dev.hermes.provider.credentials.PoolStrategy;
import dev.hermes.util.Origin;
import dev.hermes.util.Sourced;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads config.yaml into a {@link HermesConfig}. A missing file gives the defaults. Keys are those
 * of the Python original (see {@link ConfigSchema}); unknown keys are warnings, wrong types
 * {@link ConfigException}s naming file, line and key.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    public static HermesConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            text = "";
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(file, text);
    }

    /** Parses {@code text} as if read from {@code file}. */
    public static HermesConfig parse(Path file, String text) {
        YamlConfigReader.Result r = YamlConfigReader.read(file, text);
        Branch root = r.root();

        Branch m = root.branch("model");
        RouteConfig model = route("model", m, m == null ? null : oneOf(m, "default", "model", "both name the model"));

        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        Branch ps = root.branch("providers");
        if (ps != null) {
            ps.children().forEach((id, n) -> providers.put(id, provider(id, (Branch) n)));
        }

        List<RouteConfig> fallbacks = routes(root.get("fallback_providers"));

        Map<String, ModelAlias> aliases = new LinkedHashMap<>();
        Branch as = root.branch("model_aliases");
        if (as != null) {
            as.children().forEach((name, n) -> {
                Branch b = (Branch) n;
                aliases.put(name, new ModelAlias(name, route(b.path(), b, b.leaf("model")),
                        b.get("fallbacks") == null ? null : routes(b.get("fallbacks"))));
            });
        }

        Branch a = root.branch("agent");
        AgentConfig agent = new AgentConfig(
                orDefault(sourced(a, "agent", "max_turns"), AgentConfig.DEFAULT_MAX_TURNS),
                orDefault(sourced(a, "agent", "retries"), FailoverSettings.DEFAULT_RETRIES),
                sourced(a, "agent", "max_tokens"), sourced(a, "agent", "reasoning_effort"),
                sourced(a, "agent", "system_prompt"), strings(a, "terminal_allow"),
                strings(a, "secret_paths_allow"));

        Map<String, Sourced<PoolStrategy>> strategies = new LinkedHashMap<>();
        Branch cs = root.branch("credential_pool_strategies");
        if (cs != null) cs.children().forEach((id, n) -> strategies.put(id, leafValue((Leaf) n)));

        Timeouts timeouts = timeouts(root.branch("timeouts"));

        Sourced<Boolean> inherit = orDefault(sourced(root.branch("env"), "env", "inherit_root"), false);

        List<Setting> settings = new ArrayList<>();
        collect(root, settings);
        addDefault(settings, "agent.max_turns", agent.maxTurns());
        addDefault(settings, "agent.retries", agent.retries());
        addDefault(settings, "env.inherit_root", inherit);
        return new HermesConfig(file, model, providers, timeouts, fallbacks, agent, strategies, inherit,
                mcpServers(root.branch("mcp_servers")), compression(root, m), platformToolsets(root.branch("platform_toolsets")),
                failover(root.branch("failover"), a, agent), settings, r.warnings(), aliases);
    }

    /**
     * The failover policy: the agent section's retry budget and the {@code failover} section, over
     * the failover's defaults. A backoff cap below its base is an error naming the key set and its
     * line (each value alone passed the schema).
     */
    private static FailoverConfig failover(Branch f, Branch agentBranch, AgentConfig agent) {
        FailoverConfig d = FailoverConfig.defaults();
        // our own key wins over the original's, which counts attempts: one less retry
        Sourced<Integer> attempts = sourced(agentBranch, "agent", "api_max_retries");
        int retries = !(agent.retries().origin() instanceof Origin.Default) || attempts == null ? agent.retries().value()
                : Math.max(0, attempts.value() - 1);
        Backoff.Config b = d.backoff();
        Sourced<Duration> base = orDefault(sourced(f, "failover", "backoff_base_seconds"), b.base());
        Sourced<Duration> cap = orDefault(sourced(f, "failover", "backoff_cap_seconds"), b.cap());
        if (cap.value().compareTo(base.value()) < 0) {
            // each is fine alone: name the one the user set (the cap when both are)
            Sourced<Duration> set = cap.origin() instanceof Origin.Default ? base : cap;
            throw new ConfigException(set.origin().describe() + ": 'failover.backoff_cap_seconds' (" + text(cap.value())
                    + ") is below 'failover.backoff_base_seconds' (" + text(base.value()) + "): the longest wait"
                    + " between retries cannot be shorter than the first");
        }
        Backoff.Config backoff = new Backoff.Config(base.value(), cap.value(), b.jitter(),
                orDefault(sourced(f, "failover", "retry_after_cap_seconds"), b.retryAfterCap()).value());
        CircuitBreaker.Config c = d.breaker();
        CircuitBreaker.Config breaker = new CircuitBreaker.Config(
                orDefault(sourced(f, "failover", "breaker_failure_threshold"), c.failureThreshold()).value(),
                orDefault(sourced(f, "failover", "breaker_cooldown_seconds"), c.cooldown()).value(), c.tripBase(),
                c.tripMax(), c.probeTimeout());
        Sourced<Duration> deadline = sourced(f, "failover", "call_deadline_seconds");
        Sourced<Integer> dripChars = sourced(f, "failover", "slow_drip_min_chars");
        SlowDrip slowDrip = dripChars == null ? null : new SlowDrip(dripChars.value(),
                orDefault(sourced(f, "failover", "slow_drip_window_seconds"), SlowDrip.DEFAULT_WINDOW).value());
        return new FailoverConfig(retries, retries, backoff, breaker, deadline == null ? null : deadline.value(),
                orDefault(sourced(f, "failover", "move_on_after_timeout"), d.moveOnAfterTimeout()).value(),
                orDefault(sourced(f, "failover", "max_answer_chars"), (int) d.maxAnswerChars()).value(), slowDrip);
    }

    private static List<McpServerConfig> mcpServers(Branch b) {
        List<McpServerConfig> out = new ArrayList<>();
        if (b == null) return out;
        b.children().forEach((name, n) -> {
            Branch s = (Branch) n;
            Sourced<String> command = sourced(s, s.path(), "command");
            Sourced<URI> url = sourced(s, s.path(), "url");
            Sourced<Duration> timeout = sourced(s, s.path(), "timeout");
            Sourced<Duration> connect = sourced(s, s.path(), "connect_timeout");
            out.add(new McpServerConfig(name, command == null ? null : command.value(),
                    strings(s, "args").stream().map(Sourced::value).toList(), texts(s.branch("env")),
                    url == null ? null : url.value(), texts(s.branch("headers")),
                    timeout == null ? McpServerConfig.DEFAULT_TIMEOUT : timeout.value(),
                    connect == null ? McpServerConfig.DEFAULT_CONNECT_TIMEOUT : connect.value(), s.origin()));
        });
        return out;
    }

    private static CompressionConfig compression(Branch root, Branch model) {
        Branch c = root.branch("compression");
        CompressionConfig d = CompressionConfig.defaults();
        Branch aux = root.branch("auxiliary") == null ? null : root.branch("auxiliary").branch("compression");
        Sourced<Duration> auxTimeout = sourced(aux, "auxiliary.compression", "timeout");
        Sourced<Integer> thresholdTokens = sourced(c, "compression", "threshold_tokens");
        return new CompressionConfig(
                orDefault(sourced(c, "compression", "enabled"), d.enabled()).value(),
                orDefault(sourced(c, "compression", "threshold"), d.threshold()).value(),
                thresholdTokens == null ? null : thresholdTokens.value(),
                orDefault(sourced(c, "compression", "target_ratio"), d.targetRatio()).value(),
                orDefault(sourced(c, "compression", "protect_first_n"), d.protectFirstN()).value(),
                orDefault(sourced(c, "compression", "protect_last_n"), d.protectLastN()).value(),
                Math.max(1, orDefault(sourced(c, "compression", "max_attempts"), d.maxAttempts()).value()),
                sourced(model, "model", "context_length"),
                aux == null ? null : route("auxiliary.compression", aux, aux.leaf("model")),
                auxTimeout == null ? null : auxTimeout.value());
    }

    private static Map<String, List<String>> platformToolsets(Branch b) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (b != null) b.children().keySet().forEach(p -> out.put(p, strings(b, p).stream().map(Sourced::value).toList()));
        return out;
    }

    /** The text values of a named mapping ({@code env}, {@code headers}); empty when unset. */
    private static Map<String, String> texts(Branch b) {
        Map<String, String> out = new LinkedHashMap<>();
        if (b != null) b.children().forEach((k, n) -> out.put(k, (String) ((Leaf) n).value()));
        return out;
    }

    /** The entries of a list of routes ({@code fallback_providers}, an alias's {@code fallbacks}); empty when unset. */
    private static List<RouteConfig> routes(Node list) {
        List<RouteConfig> out = new ArrayList<>();
        if (list instanceof Seq seq) {
            for (Node n : seq.items()) {
                Branch b = (Branch) n;
                out.add(route(b.path(), b, b.leaf("model")));
            }
        }
        return out;
    }

    private static RouteConfig route(String key, Branch b, Leaf modelLeaf) {
        if (b == null) return new RouteConfig(key, null, null, null, null, null, null);
        return new RouteConfig(key, sourced(b, key, "provider"), modelLeaf == null ? null : leafValue(modelLeaf),
                sourced(b, key, "base_url"), sourced(b, key, "api_mode"), sourced(b, key, "key_env"),
                sourced(b, key, "api_key"), sourced(b, key, "key_cmd"), headers(b, "default_headers", "extra_headers"));
    }

    /** The headers of the named sub-mappings, later ones winning (the original: extra_headers over default_headers). */
    private static Map<String, Sourced<String>> headers(Branch b, String... names) {
        Map<String, Sourced<String>> out = new LinkedHashMap<>();
        for (String name : names) {
            Branch h = b.branch(name);
            if (h != null) h.children().forEach((header, n) -> out.put(header, leafValue((Leaf) n)));
        }
        return out;
    }

    /** The leaf under our name or the original's alias for it; both set is an error naming both lines. */
    private static Leaf oneOf(Branch b, String ours, String alias, String clash) {
        Leaf a = b.leaf(ours), c = b.leaf(alias);
        if (a != null && c != null) {
            List<String> fileOrder = List.copyOf(b.children().keySet());
            Leaf later = fileOrder.indexOf(ours) > fileOrder.indexOf(alias) ? a : c;
            Leaf earlier = later == a ? c : a;
            throw new ConfigException(later.origin().describe() + ": '" + later.path() + "' and '" + earlier.path()
                    + "' (line " + line(earlier) + ") " + clash + "; keep one");
        }
        return a != null ? a : c;
    }

    private static ProviderConfig provider(String id, Branch b) {
        String key = b.path();
        Map<String, Sourced<String>> headers = headers(b, "headers", "default_headers", "extra_headers");
        Map<String, Timeouts> models = new LinkedHashMap<>();
        Branch ms = b.branch("models");
        if (ms != null) ms.children().forEach((name, n) -> models.put(name, timeouts((Branch) n)));
        return new ProviderConfig(id, sourced(b, key, "base_url"), sourced(b, key, "api_mode"),
                sourced(b, key, "key_env"), sourced(b, key, "api_key"), timeouts(b), headers, models,
                sourced(b, key, "key_cmd"), sourced(b, key, "model"));
    }

    /** The timers of one level; the original's alias and our name for one timer may not both be set. */
    private static Timeouts timeouts(Branch b) {
        if (b == null) return Timeouts.NONE;
        Map<Timeouts.Key, Sourced<Duration>> set = new EnumMap<>(Timeouts.Key.class);
        for (Timeouts.Key t : Timeouts.Key.values()) {
            Leaf l = t.alias == null ? b.leaf(t.key) : oneOf(b, t.key, t.alias, "set the same timer");
            if (l != null) set.put(t, leafValue(l));
        }
        // the original's per-operation timeout: fills the timers it stands for that this level did not set
        Leaf perOperation = b.leaf(Timeouts.MODEL_TIMEOUT) != null ? b.leaf(Timeouts.MODEL_TIMEOUT) : b.leaf(Timeouts.REQUEST_TIMEOUT);
        if (perOperation != null) Timeouts.perOperation(leafValue(perOperation), set);
        return Timeouts.of(set);
    }

    private static int line(Leaf l) {
        return l.origin() instanceof Origin.InFile f ? f.line() : 0;
    }

    /** The typed value under {@code b.name}, or null; the schema guarantees the type. */
    @SuppressWarnings("unchecked")
    private static <T> Sourced<T> sourced(Branch b, String key, String name) {
        Leaf l = b == null ? null : b.leaf(name);
        return l == null ? null : (Sourced<T>) leafValue(l);
    }

    /** The strings of the list under {@code b.name}, each with its line; empty when unset. */
    private static List<Sourced<String>> strings(Branch b, String name) {
        if (b == null || !(b.get(name) instanceof Seq seq)) return List.of();
        return seq.items().stream().map(n -> Sourced.of((String) ((Leaf) n).value(), ((Leaf) n).origin())).toList();
    }

    @SuppressWarnings("unchecked")
    private static <T> Sourced<T> leafValue(Leaf l) {
        return Sourced.of((T) l.value(), l.origin());
    }

    private static <T> Sourced<T> orDefault(Sourced<T> s, T value) {
        return s != null ? s : Sourced.byDefault(value);
    }

    private static void collect(Node n, List<Setting> out) {
        switch (n) {
            case Leaf l -> out.add(new Setting(l.path(), text(l.value()), l.origin(), l.secret()));
            case Branch b -> b.children().values().forEach(c -> collect(c, out));
            case Seq s -> s.items().forEach(c -> collect(c, out));
        }
    }

    private static void addDefault(List<Setting> out, String key, Sourced<?> value) {
        if (out.stream().noneMatch(s -> s.key().equals(key))) {
            out.add(new Setting(key, text(value.value()), value.origin(), false));
        }
    }

    static String text(Object v) {
        return switch (v) {
            case Duration d -> seconds(d);
            case WireApi w -> w.configName();
            case PoolStrategy p -> p.configName();
            case URI u -> u.toString();
            default -> String.valueOf(v);
        };
    }

    /** "90" or "0.5": seconds as config.yaml spells them. */
    static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
