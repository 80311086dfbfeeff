package dev.hermes.config;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** What {@code hermes profile show} prints: paths, and the model and fallbacks configured. */
public final class ProfileSummary {

    private ProfileSummary() {
    }

    /** Label to value, in display order. A broken config.yaml is reported, not thrown. */
    public static Map<String, String> of(HermesHome home, Environment environment) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("profile", home.profileName());
        out.put("home", home.dir().toString());
        out.put("config", home.configFile() + (Files.exists(home.configFile()) ? "" : " (missing)"));
        out.put("env", home.envFile() + (Files.exists(home.envFile()) ? "" : " (missing)"));
        out.put("credentials", home.credentialsFile() + (Files.exists(home.credentialsFile()) ? "" : " (missing)"));
        out.put("skills", home.skillsDir().toString());
        out.put("sessions", home.sessionsDir().toString());
        out.put("logs", home.logsDir().toString());
        out.put("boards", home.boardsDir().toString());
        try {
            HermesConfig c = ConfigLoader.load(home.configFile());
            RouteConfig m = c.model();
            out.put("provider", m.provider() == null ? "(not set)" : m.provider().value());
            out.put("model", m.model() == null ? "(not set)" : m.model().value());
            out.put("fallbacks", c.fallbacks().isEmpty() ? "(none)" : c.fallbacks().stream()
                    .map(f -> (f.provider() == null ? "?" : f.provider().value()) + "/" + (f.model() == null ? "?" : f.model().value()))
                    .collect(Collectors.joining(", ")));
            EnvLayers env = EnvLayers.of(environment, home, c.inheritRootEnv().value());
            out.put("env layers", env.files().stream().map(Object::toString).collect(Collectors.joining(", ")));
            if (!c.unknownKeys().isEmpty()) out.put("warnings", String.valueOf(c.unknownKeys().size()) + " (see `hermes config show`)");
        } catch (ConfigException e) {
            out.put("config error", e.getMessage());
        }
        return out;
    }
}
