package dev.hermes.cli;

import dev.hermes.config.Environment;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command line in-process with an injected environment, capturing both streams. */
record CliRun(int exit, String out, String err) {

    static CliRun run(Environment env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = HermesCommand.commandLine(env, args); // as Main builds it
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
