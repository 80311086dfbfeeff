package dev.hermes.config;

import dev.hermes.provider.Credential;
import dev.hermes.provider.MissingCredentialException;
import dev.hermes.provider.credentials.KeyResolver;
import dev.hermes.util.Sourced;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys of one provider as configured right now, read afresh on every {@link #resolve()}:
 * a literal {@code api_key} from config.yaml first, then each key variable through the
 * {@link EnvLayers} (process environment, then .env files), then every key listed for the
 * provider in the credentials.yaml beside each of those .env files. Duplicates are dropped.
 * Thread-safe: holds no mutable state.
 */
public final class ConfiguredKeys implements KeyResolver {
    private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private final String provider;
    private final Sourced<String> apiKey;
    private final List<String> envVars;
    private final EnvLayers env;
    private final List<Path> credentialFiles;

    /**
     * @param provider        provider id, also the section name in credentials.yaml
     * @param apiKey          a literal key from config.yaml, or null
     * @param envVars         variables that may hold the key, in preference order
     * @param env             the environment layers
     * @param credentialFiles credentials.yaml files, highest precedence first
     */
    public ConfiguredKeys(String provider, Sourced<String> apiKey, List<String> envVars, EnvLayers env,
                          List<Path> credentialFiles) {
        this.provider = provider;
        this.apiKey = apiKey;
        this.envVars = List.copyOf(envVars);
        this.env = env;
        this.credentialFiles = List.copyOf(credentialFiles);
    }

    /** The credentials.yaml files that sit beside the layers' .env files. */
    public static List<Path> credentialFilesFor(EnvLayers env) {
        return env.files().stream().map(p -> p.resolveSibling("credentials.yaml")).toList();
    }

    @Override
    public List<Credential> resolve() {
        List<Credential> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        try {
            if (apiKey != null) {
                // "${VAR}" reads the variable, as in the original; anything else is the key itself
                java.util.regex.Matcher ref = VARIABLE.matcher(apiKey.value().strip());
                if (!ref.matches()) add(out, seen, apiKey.value(), apiKey.origin().describe(), "api_key");
                else env.lookup(ref.group(1)).ifPresent(s -> add(out, seen, s.value(), s.origin().describe(), ref.group(1)));
            }
            for (String var : envVars) {
                env.lookup(var).ifPresent(s -> add(out, seen, s.value(), s.origin().describe(), var));
            }
            for (Path file : credentialFiles) {
                for (CredentialsFile.Entry e : CredentialsFile.read(file).keys(provider)) {
                    add(out, seen, e.key(), file + ":" + e.line(), e.label());
                }
            }
        } catch (ConfigException e) {
            throw new MissingCredentialException(provider, "cannot read keys for provider '" + provider + "': " + e.getMessage());
        }
        return out;
    }

    private static void add(List<Credential> out, Set<String> seen, String secret, String source, String label) {
        if (seen.add(secret)) out.add(new Credential(secret, source, label));
    }

    @Override
    public String describeMissing() {
        StringBuilder sb = new StringBuilder("no API key for provider '").append(provider).append("': ");
        if (!envVars.isEmpty() && env.kanbanWorker() && !env.files().isEmpty()) {
            // the usual advice ("set it in the environment") is wrong here: it was, in the dispatcher's
            String var = envVars.get(0);
            return sb.append("a kanban worker does not inherit keys from the environment of the dispatcher that "
                    + "started it: put ").append(var).append("=... in ").append(env.files().get(0))
                    .append(", or name ").append(var).append(" in the dispatcher's kanban.worker_env").toString();
        }
        if (!envVars.isEmpty()) {
            sb.append("set ").append(String.join(" or ", envVars)).append(" in ").append(env.describeSearch()).append(", or ");
        }
        sb.append("list keys under '").append(provider).append(":' in ");
        sb.append(String.join(" or ", credentialFiles.stream().map(Path::toString).toList()));
        return sb.toString();
    }
}
