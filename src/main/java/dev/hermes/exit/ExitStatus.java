package dev.hermes.exit;

/**
 * A failure that knows which exit code it means, so the mapping from failures to exit codes
 * lives with the failures and {@link ExitCodes#forFailure} reads it, without this package
 * depending on the packages that throw them.
 */
public interface ExitStatus {
    int exitCode();
}
