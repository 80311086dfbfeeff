package dev.hermes.cli;

import dev.hermes.config.Environment;
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
        CommandLine cl = HermesCommand.commandLine(Environment.system(), args);
        cl.setOut(new ScreenWriter(cl.getOut()));
        cl.setErr(new ScreenWriter(cl.getErr()));
        int exit = cl.execute(args);
        cl.getOut().flush(); // a last print() without a line end is not flushed by itself
        cl.getErr().flush();
        return exit;
    }
}
