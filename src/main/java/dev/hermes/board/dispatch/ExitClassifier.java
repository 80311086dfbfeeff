package dev.hermes.board.dispatch;

import dev.hermes.board.RunOutcome;
import dev.hermes.exit.ExitCodes;

/**
 * What a worker's exit means for its run, when the worker ended without completing or blocking
 * its task (a worker that did finish leaves no open run, and its exit code is not looked at).
 */
final class ExitClassifier {


    record Verdict(RunOutcome outcome, String error) {
    }

    private ExitClassifier() {
    }

    static Verdict classify(int exitCode, String logTail) {
        String tail = logTail.isBlank() ? "" : "; log tail:\n" + logTail;
        return switch (exitCode) {
            case 0 -> new Verdict(RunOutcome.PROTOCOL_VIOLATION,
                    "worker exited 0 without calling kanban_complete, kanban_request_review or kanban_block" + tail);
            case ExitCodes.RATE_LIMITED -> new Verdict(RunOutcome.RATE_LIMITED, "worker exited 75: every provider was rate limited");
            case ExitCodes.PROVIDER_FAILURE -> new Verdict(RunOutcome.CRASHED, "worker exited 1: provider failure, no complete "
                    + "answer" + tail);
            default -> new Verdict(RunOutcome.CRASHED, "worker exited with code " + exitCode
                    + (exitCode > 128 ? " (signal " + (exitCode - 128) + ")" : "") + tail);
        };
    }
}
