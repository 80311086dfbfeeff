package dev.hermes.cli;

import dev.hermes.doctor.Doctor;
import dev.hermes.doctor.DoctorReport;
import dev.hermes.doctor.ReportJson;
import dev.hermes.doctor.ReportText;
import dev.hermes.exit.ExitCodes;
import dev.hermes.log.Redactor;
import dev.hermes.util.MonotonicClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code hermes doctor}: checks configuration, keys and reachability of every configured route
 * and says what is wrong in plain words. Exit 0 when the primary route is ready, 3 for a
 * configuration or key problem (a rejected key included), 1 when the primary is unreachable or
 * failing; fallbacks' problems are shown but do not change the exit code. See docs/cli.md.
 */
@Command(name = "doctor", description = {
        "Check the configuration, the API keys and the reachability of the primary route and every fallback.",
        "Exit 0: primary ready; 3: configuration or key problem; 1: primary unreachable. Fallbacks only warn."})
public final class DoctorCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Per-request timeout; the whole run ends within it plus 1 s (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds = 10;

    @Option(names = "--deep", description = "Also send one tiny chat request (max_tokens 8) per route to prove the model answers.")
    boolean deep;

    @Option(names = "--json", description = "Print one machine-readable JSON report instead of text.")
    boolean json;

    @CommandLine.Mixin
    RouteOptions route = new RouteOptions();

    @Override
    public Integer call() {
        if (!(timeoutSeconds >= 0.001 && timeoutSeconds <= 600)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--timeout must be between 0.001 and 600 seconds, got " + timeoutSeconds);
        }
        HermesCommand root = HermesCommand.of(spec);
        Duration timeout = Duration.ofNanos((long) (timeoutSeconds * 1e9));
        DoctorReport report = new Doctor(MonotonicClock.SYSTEM)
                .run(root.environment(), root.profile(), new Doctor.Options(timeout, deep, route.overrides()));
        int exit = switch (report.verdict()) {
            case OK, WARNING -> ExitCodes.OK;
            case CONFIG -> ExitCodes.CONFIG;
            case UNREACHABLE -> ExitCodes.PROVIDER_FAILURE;
        };
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Redactor.redact(ReportJson.render(report, exit)));
        } else {
            ReportText.lines(report).forEach(l -> out.println(Redactor.redact(l)));
        }
        out.flush();
        return exit;
    }
}
