package dev.hermes.doctor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hermes.util.Json;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine form of a {@link DoctorReport}: one JSON object. Field names are a contract for
 * scripts (documented in docs/cli.md); new fields may be added, existing ones keep their meaning.
 */
public final class ReportJson {

    private ReportJson() {
    }

    /** @param exitCode the exit code the command returns, repeated for scripts that only read stdout */
    public static String render(DoctorReport report, int exitCode) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("verdict", name(report.verdict())).put("exit_code", exitCode)
                .put("timeout_ms", report.timeout().toMillis()).put("deep", report.deep());
        ConfigCheck c = report.config();
        ObjectNode config = root.putObject("config");
        config.put("status", name(c.severity())).put("home", c.home().toString()).put("profile", c.profile())
                .put("config_file", c.configFile().toString()).put("config_exists", c.configExists())
                .put("parse_error", c.parseError());
        c.warnings().forEach(config.putArray("warnings")::add);
        c.notes().forEach(config.putArray("not_supported")::add);
        c.envFiles().stream().map(Path::toString).forEach(config.putArray("env_files")::add);
        if (c.inheritsRootEnv() == null) config.putNull("inherits_root_env");
        else config.put("inherits_root_env", c.inheritsRootEnv());
        for (RouteCheck r : report.routes()) route(root.withArray("routes").addObject(), r);
        return root.toString();
    }

    private static void route(ObjectNode o, RouteCheck check) {
        o.put("role", check.role()).put("status", name(check.severity()));
        switch (check) {
            case RouteCheck.Unresolved u -> o.put("error", u.message());
            case RouteCheck.Checked c -> {
                o.put("provider", c.provider()).put("model", c.model()).put("base_url", c.baseUrl())
                        .put("wire", c.wire().configName());
                ObjectNode key = o.putObject("key");
                switch (c.key()) {
                    case KeyCheck.Found f -> key.put("status", "found").put("variable", f.variable())
                            .put("source", f.source()).put("fingerprint", f.fingerprint());
                    case KeyCheck.Missing m -> key.put("status", "missing").put("message", m.message());
                    case KeyCheck.NotNeeded n -> key.put("status", "not_needed");
                }
                Reach r = c.reach();
                o.putObject("reach").put("status", r.kind().name().toLowerCase(Locale.ROOT)).put("url", r.url())
                        .put("http_status", r.httpStatus()).put("message", r.detail());
                if (c.deep() != null) {
                    o.putObject("deep").put("status", name(c.deep().severity())).put("message", c.deep().detail());
                }
            }
        }
    }

    private static String name(Severity s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
