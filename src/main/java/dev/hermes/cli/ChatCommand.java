package dev.hermes.cli;

import dev.hermes.config.Configuration;
import dev.hermes.config.Routes;
import dev.hermes.failover.Reason;
import dev.hermes.failover.CallFailedException;
import dev.hermes.failover.CallResult;
import dev.hermes.failover.FailoverCaller;
import dev.hermes.failover.FailoverSettings;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.Message;
import dev.hermes.log.EventLog;
import dev.hermes.log.Redactor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code hermes chat -q PROMPT}: one answer through the resilience core, streamed to stdout (held
 * back until complete when stdout is not a terminal), status on stderr, and an exit code that is
 * 0 only when a complete answer was delivered.
 */
@Command(name = "chat", description = "Ask the model; with -q, answer once and exit.")
public final class ChatCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-q", "--query"}, paramLabel = "PROMPT", required = true,
            description = "The prompt; the answer is printed once and the command exits.")
    String query;

    @Override
    public Integer call() {
        HermesCommand root = HermesCommand.of(spec);
        Configuration configuration = root.configuration();
        Routes.Plan plan = configuration.routes(root.overrides());
        String session = UUID.randomUUID().toString().substring(0, 8);
        EventLog log = EventLog.inDirectory(configuration.home().logsDir());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AnswerPrinter printer = new AnswerPrinter(out, err, stdoutIsTerminal());
        FailoverCaller caller = new FailoverCaller(plan.primary(), plan.fallbacks(),
                FailoverSettings.defaults(configuration.config().agent().retries().value(), log, session));
        List<Message> messages = new ArrayList<>();
        messages.add(Message.user(query));
        Integer maxTokens = configuration.config().agent().maxTokens() == null ? null
                : configuration.config().agent().maxTokens().value();
        ChatRequest request = new ChatRequest(plan.primary().model(), messages, List.of(), maxTokens, null);
        try {
            CallResult result = caller.call(request, printer);
            printer.finish();
            var r = result.response();
            log.info(session, "chat", "answered", Map.of("provider", r.provider(), "model", r.model(),
                    "attempts", result.attempts().size(), "input_tokens", r.usage().inputTokens(),
                    "output_tokens", r.usage().outputTokens()));
            if (result.attempts().size() > 1) printer.status("answered by " + r.provider() + "/" + r.model());
            return ExitCodes.OK;
        } catch (CallFailedException e) {
            printer.abandon();
            err.println("hermes: " + Redactor.redact(e.getMessage()));
            log.error(session, "chat", "no complete answer", Map.of("attempts", e.attempts().size()));
            return exitCode(e);
        } catch (InterruptedException e) {
            printer.abandon();
            err.println("hermes: interrupted");
            return ExitCodes.INTERRUPTED;
        } finally {
            log.close();
        }
    }

    /**
     * Rate limits everywhere: try later (75). No key anywhere: a configuration problem (3), and
     * the message names the variable to set. Anything else: no complete answer (1).
     */
    static int exitCode(CallFailedException e) {
        if (e.rateLimited()) return ExitCodes.RATE_LIMITED;
        boolean noKeys = !e.attempts().isEmpty() && e.attempts().stream()
                .allMatch(a -> a.reason() == Reason.NO_CREDENTIAL || a.reason() == Reason.REBUILD_FAILED);
        return noKeys ? ExitCodes.CONFIG : ExitCodes.PROVIDER_FAILURE;
    }

    /** Set by bin/hermes, which can ask the shell; absent when run in-process (tests), meaning "not a terminal". */
    static boolean stdoutIsTerminal() {
        return Boolean.getBoolean("hermes.stdout.tty");
    }
}
