package dev.hermes.cli;

import dev.hermes.exit.ExitCodes;
import picocli.CommandLine;

/** Process entry point: parses the command line and maps outcomes to {@link ExitCodes}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line; used by tests to drive the real CLI in-process. */
    public static int run(String... args) {
        return HermesCommand.commandLine().execute(args);
    }
}
