package dev.hermes.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The human form of a {@link DoctorReport}: one line per finding, each marked {@code ok},
 * {@code warn} or {@code FAIL}, in plain words. Callers pass the lines through the redactor at
 * the output boundary (nothing here holds a key, but output is where the guarantee is kept).
 */
public final class ReportText {

    private ReportText() {
    }

    public static List<String> lines(DoctorReport report) {
        List<String> out = new ArrayList<>();
        out.add("hermes doctor (timeout " + Seconds.text(report.timeout()) + (report.deep() ? ", deep" : "") + ")");
        config(out, report.config());
        for (RouteCheck r : report.routes()) route(out, r);
        out.add("");
        out.add(result(report));
        return out;
    }

    private static void config(List<String> out, ConfigCheck c) {
        out.add("");
        out.add("Configuration");
        out.add(line(Severity.OK, "home: " + c.home() + " (profile " + c.profile() + ")"));
        if (c.parseError() != null) {
            out.add(line(Severity.CONFIG, "config: " + c.parseError()));
        } else {
            out.add(line(Severity.OK, "config: " + c.configFile() + (c.configExists() ? " (parsed)" : " (missing: defaults apply)")));
        }
        c.warnings().forEach(w -> out.add(line(Severity.WARNING, "config: " + w)));
        c.notes().forEach(n -> out.add(line(Severity.OK, "config: " + n)));
        out.add(line(Severity.OK, ".env files: " + String.join(", ", c.envFiles().stream().map(ReportText::envFile).toList())));
        if (c.inheritsRootEnv() != null) {
            out.add(line(Severity.OK, c.inheritsRootEnv()
                    ? "profile '" + c.profile() + "' inherits the root .env (env.inherit_root or HERMES_INHERIT_ROOT_ENV)"
                    : "profile '" + c.profile() + "' does not inherit the root .env (set env.inherit_root: true to share it)"));
        }
    }

    private static String envFile(Path p) {
        return p + (Files.isRegularFile(p) ? "" : " (absent)");
    }

    private static void route(List<String> out, RouteCheck check) {
        out.add("");
        String role = Character.toUpperCase(check.role().charAt(0)) + check.role().substring(1);
        switch (check) {
            case RouteCheck.Unresolved u -> {
                out.add(role);
                out.add(line(Severity.CONFIG, "route: " + u.message()));
            }
            case RouteCheck.Checked c -> {
                out.add(role + ": " + c.provider() + "/" + c.model());
                out.add(line(Severity.OK, "endpoint: " + c.baseUrl() + " (" + c.wire().configName() + ")"));
                out.add(switch (c.key()) {
                    case KeyCheck.Found f -> line(Severity.OK, "key: found " + f.where() + ", fingerprint " + f.fingerprint());
                    case KeyCheck.Missing m -> line(Severity.CONFIG, "key: missing: " + m.message());
                    case KeyCheck.NotNeeded n -> line(Severity.OK, "key: none needed (keyless endpoint)");
                });
                Reach r = c.reach();
                out.add(line(r.kind().severity(), "reach: " + r.detail() + "; GET " + r.url()));
                if (c.deep() != null) out.add(line(c.deep().severity(), "model: " + c.deep().detail()));
            }
        }
    }

    private static String result(DoctorReport report) {
        long fallbacks = report.fallbackProblems();
        String tail = fallbacks == 0 ? "" : " " + fallbacks + " fallback" + (fallbacks == 1 ? " has" : "s have")
                + " problems (marked FAIL above); fallbacks only warn.";
        return switch (report.verdict()) {
            case OK, WARNING -> "Result: ready: the primary route is configured, has its key and "
                    + (report.deep() ? "its model answers." : "is reachable.") + tail;
            case CONFIG -> "Result: configuration problem: fix the lines marked FAIL above." + tail;
            case UNREACHABLE -> "Result: the primary route does not work right now (see FAIL above)." + tail;
        };
    }

    private static String line(Severity s, String text) {
        String mark = switch (s) {
            case OK -> "ok  ";
            case WARNING -> "warn";
            case CONFIG, UNREACHABLE -> "FAIL";
        };
        return "  " + mark + "  " + text;
    }
}
