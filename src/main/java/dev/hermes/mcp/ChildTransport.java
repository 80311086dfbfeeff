package dev.hermes.mcp;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SDK's stdio transport, with what a long-running agent needs around it: the child starts
 * with a clean environment (the SDK's {@link ProcessBuilder} would inherit ours, keys included),
 * as the leader of its own process group (so its children can be found and killed), and the last
 * lines of its stderr are kept for error messages while a flood of them costs nothing more.
 */
final class ChildTransport extends StdioClientTransport {

    /** A line longer than this on stdout ends the connection instead of filling the heap. */
    static final int MAX_LINE = 4 * 1024 * 1024;
    private static final int STDERR_LINES = 20;
    private static final int STDERR_LINE_CHARS = 400;
    private static final String SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid"
            : Files.isExecutable(Path.of("/bin/setsid")) ? "/bin/setsid" : null;

    private final Deque<String> stderrTail = new ArrayDeque<>();

    private ChildTransport(ServerParameters params, McpJsonMapper mapper) {
        super(params, mapper, MAX_LINE);
        setStdErrorHandler(this::keep);
    }

    static ChildTransport of(String command, List<String> args, Map<String, String> env, McpJsonMapper mapper) {
        List<String> argv = new ArrayList<>();
        String program = command;
        if (SETSID != null) {
            program = SETSID;
            argv.add(command);
        }
        argv.addAll(args);
        return new ChildTransport(ServerParameters.builder(program).args(argv).env(env).build(), mapper);
    }

    /** The child starts from an empty environment; the SDK then adds the parameters' variables. */
    @Override
    protected ProcessBuilder getProcessBuilder() {
        ProcessBuilder builder = new ProcessBuilder();
        builder.environment().clear();
        return builder;
    }

    /**
     * The server's process once started. The SDK keeps it private; we need it to notice a crash
     * during a call and to kill the process group at the end.
     */
    Optional<Process> process() {
        try {
            Field f = StdioClientTransport.class.getDeclaredField("process");
            f.setAccessible(true);
            return Optional.ofNullable((Process) f.get(this));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    boolean groupLeader() {
        return SETSID != null;
    }

    /** The last lines the server wrote to stderr, joined, or empty. */
    String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    private void keep(String line) {
        String l = line.length() > STDERR_LINE_CHARS ? line.substring(0, STDERR_LINE_CHARS) + "..." : line;
        synchronized (stderrTail) {
            if (stderrTail.size() == STDERR_LINES) stderrTail.removeFirst();
            stderrTail.addLast(l);
        }
    }
}
