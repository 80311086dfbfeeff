package dev.hermes.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Decides whether a terminal command may run. Immutable and thread-safe (the {@link Approver}
 * must be safe to call from a tool thread).
 *
 * <p>Three modes: {@link #yolo()} allows everything; otherwise a command matching an allow rule
 * runs, and any other command goes to the {@link Approver} (interactive chat) or, with none
 * (non-interactive), is denied with a message pointing at {@code --yolo} and the allow list.
 *
 * <p>Rules: {@code re:REGEX} must match the whole command. Any other rule is a command prefix
 * matched on word boundaries ({@code "git status"} allows {@code "git status -s"}, not
 * {@code "git statusx"}), and only for commands without shell control characters
 * ({@code ; & | ` $ < > newline}), so {@code "ls; rm -rf ~"} is never allowed by the rule {@code "ls"}.
 */
public final class ApprovalPolicy {

    /** The outcome of a check. */
    public sealed interface Decision {
        record Approved() implements Decision {
        }

        record Denied(String reason) implements Decision {
        }
    }

    /** Asks the user; returns true to run the command. May block until the user answers. */
    @FunctionalInterface
    public interface Approver {
        boolean approve(String command, Path workdir) throws InterruptedException;
    }

    private static final Pattern SHELL_CONTROL = Pattern.compile("[;&|`$<>\\n\\r]");

    private final boolean yolo;
    private final List<String> rules;
    private final List<Pattern> compiled;
    private final Approver approver;

    private ApprovalPolicy(boolean yolo, List<String> rules, Approver approver) {
        this.yolo = yolo;
        this.rules = List.copyOf(rules);
        this.compiled = this.rules.stream().map(ApprovalPolicy::compile).toList();
        this.approver = approver;
    }

    /** Every command runs (the CLI's {@code --yolo}). */
    public static ApprovalPolicy yolo() {
        return new ApprovalPolicy(true, List.of(), null);
    }

    /** Allowed commands run; others are asked about through {@code approver}. */
    public static ApprovalPolicy interactive(List<String> allowRules, Approver approver) {
        return new ApprovalPolicy(false, allowRules, Objects.requireNonNull(approver, "approver"));
    }

    /**
     * Allowed commands run; others are denied, since no one can be asked.
     *
     * @throws IllegalArgumentException naming a {@code re:} rule that is not a valid regular expression
     */
    public static ApprovalPolicy nonInteractive(List<String> allowRules) {
        return new ApprovalPolicy(false, allowRules, null);
    }

    public Decision decide(String command, Path workdir) throws InterruptedException {
        if (yolo || allowed(command)) return new Decision.Approved();
        if (approver == null) {
            return new Decision.Denied("command not approved: '" + command + "' matches no allow rule, and this"
                    + " session is non-interactive so no one can be asked. Run with --yolo to allow every command,"
                    + " or add a rule to the terminal allow list (a command prefix such as \"git status\", or"
                    + " re:REGEX for the whole command).");
        }
        return approver.approve(command, workdir)
                ? new Decision.Approved()
                : new Decision.Denied("the user declined to run '" + command + "'; do not retry it unchanged");
    }

    private boolean allowed(String command) {
        String trimmed = command.strip();
        for (int i = 0; i < rules.size(); i++) {
            Pattern regex = compiled.get(i);
            if (regex != null ? regex.matcher(trimmed).matches() : prefixMatches(rules.get(i).strip(), trimmed)) return true;
        }
        return false;
    }

    private static boolean prefixMatches(String prefix, String command) {
        if (prefix.isEmpty() || SHELL_CONTROL.matcher(command).find()) return false;
        return command.equals(prefix) || command.startsWith(prefix + " ");
    }

    private static Pattern compile(String rule) {
        if (!rule.startsWith("re:")) return null;
        try {
            return Pattern.compile(rule.substring(3));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid terminal allow rule '" + rule + "': " + e.getDescription());
        }
    }
}
