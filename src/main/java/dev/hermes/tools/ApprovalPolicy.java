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
 *
 * <p>Secret locations ({@link ProtectedPaths}) are a separate question that neither {@code --yolo}
 * nor an allow rule answers: a tool that touches one, or a command that names one, runs only
 * when the user approves it (interactive chat) or the path is under one of the configured
 * {@code agent.secret_paths_allow} entries; otherwise it is refused with a message that says so.
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

        /** A secret location: {@code action} (a command, or a path a tool wants) and {@code why} it needs approval. */
        default boolean approveSecret(String action, String why, Path workdir) throws InterruptedException {
            return approve(action + " (" + why + ")", workdir);
        }
    }

    private static final Pattern SHELL_CONTROL = Pattern.compile("[;&|`$<>\\n\\r]");

    private final boolean yolo;
    private final List<String> rules;
    private final List<Pattern> compiled;
    private final Approver approver;
    private final ProtectedPaths secrets;
    private final List<Path> secretsAllowed;

    private ApprovalPolicy(boolean yolo, List<String> rules, Approver approver, ProtectedPaths secrets,
                           List<Path> secretsAllowed) {
        this.yolo = yolo;
        this.rules = List.copyOf(rules);
        this.compiled = this.rules.stream().map(ApprovalPolicy::compile).toList();
        this.approver = approver;
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.secretsAllowed = secretsAllowed.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    private ApprovalPolicy(boolean yolo, List<String> rules, Approver approver) {
        this(yolo, rules, approver, ProtectedPaths.NONE, List.of());
    }

    /** Every command runs (the CLI's {@code --yolo}). */
    public static ApprovalPolicy yolo() {
        return new ApprovalPolicy(true, List.of(), null);
    }

    /** Every command runs, except that secret locations are asked about through {@code approver} (interactive {@code --yolo}). */
    public static ApprovalPolicy yolo(Approver approver) {
        return new ApprovalPolicy(true, List.of(), Objects.requireNonNull(approver, "approver"));
    }

    /** This policy, guarding {@code secrets}; paths under {@code allowed} need no approval. */
    public ApprovalPolicy guarding(ProtectedPaths secrets, List<Path> allowed) {
        return new ApprovalPolicy(yolo, rules, approver, secrets, allowed);
    }

    /** The secret locations this policy guards. */
    public ProtectedPaths secrets() {
        return secrets;
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
        List<ProtectedPaths.Mention> named = secrets.mentionedIn(command, workdir).stream()
                .filter(m -> !secretAllowed(m.path())).toList();
        if (!named.isEmpty()) {
            return askAboutSecret(command, workdir, "it names " + named.stream().map(Object::toString)
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
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

    /**
     * Whether a tool may use {@code path}: yes unless it is a secret location, which needs the
     * user's approval or a {@code agent.secret_paths_allow} entry covering it.
     */
    public Decision decidePath(Path path, Path workdir) throws InterruptedException {
        String why = secrets.why(path);
        if (why == null || secretAllowed(path)) return new Decision.Approved();
        return askAboutSecret("use " + path, workdir, path + " is " + why);
    }

    /** {@link #decidePath} as a {@link Workspace.Guard}: a refusal becomes the tool's error. */
    public Workspace.Guard pathGuard() {
        return (path, workdir) -> {
            try {
                if (decidePath(path, workdir) instanceof Decision.Denied denied) throw new ToolException(denied.reason());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolException("interrupted while asking about " + path);
            }
        };
    }

    private Decision askAboutSecret(String action, Path workdir, String why) throws InterruptedException {
        if (approver == null) {
            return new Decision.Denied("refused: " + why + ". Secret files and key locations are never read,"
                    + " changed or named by a tool without the user's approval, and this session is non-interactive"
                    + " (--yolo and terminal allow rules do not cover them). If this access is really needed, the"
                    + " user can list the path under agent.secret_paths_allow in config.yaml.");
        }
        return approver.approveSecret(action, why, workdir)
                ? new Decision.Approved()
                : new Decision.Denied("the user declined: " + why + "; do not retry it");
    }

    private boolean secretAllowed(Path path) {
        Path p = path.toAbsolutePath().normalize();
        return secretsAllowed.stream().anyMatch(p::startsWith);
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
