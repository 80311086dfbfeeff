package dev.hermes.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ContentBlock;
import dev.hermes.util.Json;
import dev.hermes.util.MonotonicClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the model's tool calls: finds the tool, parses and checks the argument JSON against its
 * schema, runs it, caps the output. Every failure becomes an error result for the model; nothing
 * is executed when the tool is unknown or the arguments are invalid. Thread-safe: read-only tools
 * may be run from several threads at once.
 *
 * <p>Every call has a deadline ({@link #DEFAULT_DEADLINE}, {@code agent.tool_timeout_seconds}).
 * The tool runs on a thread of its own and sees the deadline and Ctrl-C through one
 * {@link CancelSignal}; once that signal is set the tool gets {@link #STOP_GRACE} to stop by
 * itself (the terminal kills its processes), then its thread is interrupted, and if it still
 * runs it is abandoned: the call returns an error either way, so no tool can hold the agent.
 */
public final class ToolRunner {

    /** Above read_file's own 256 KiB budget, so this cap is only a safety net. */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 300 * 1024;

    /** Longer than the terminal's default timeout (180 s), short enough that a stuck call is noticed. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(15);
    /** How long a cancelled tool may take to stop by itself: the terminal's SIGTERM-to-SIGKILL grace and then some. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** After the interrupt, how long to wait before abandoning the tool's thread. */
    private static final Duration ABANDON_AFTER = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(20);

    private final ToolRegistry registry;
    private final int maxOutputBytes;
    private final Duration deadline;
    private final MonotonicClock clock;
    private final Map<String, JsonNode> schemas = new ConcurrentHashMap<>();

    public ToolRunner(ToolRegistry registry) {
        this(registry, DEFAULT_MAX_OUTPUT_BYTES);
    }

    public ToolRunner(ToolRegistry registry, int maxOutputBytes) {
        this(registry, maxOutputBytes, DEFAULT_DEADLINE, MonotonicClock.SYSTEM);
    }

    /** @param deadline how long one call may run before it is stopped */
    public ToolRunner(ToolRegistry registry, int maxOutputBytes, Duration deadline, MonotonicClock clock) {
        if (deadline.isNegative() || deadline.isZero()) throw new IllegalArgumentException("the tool deadline must be positive");
        this.registry = registry;
        this.maxOutputBytes = maxOutputBytes;
        this.deadline = deadline;
        this.clock = clock;
    }

    /** Runs one call and answers it with a result carrying the call's id. */
    public ContentBlock.ToolResult run(ContentBlock.ToolUse call, ToolContext context) throws InterruptedException {
        ToolOutcome outcome = execute(call.name(), call.argumentsJson(), context);
        return new ContentBlock.ToolResult(call.id(), outcome.content(), outcome.isError());
    }

    /**
     * Runs a tool by name.
     *
     * @throws InterruptedException when the thread is interrupted (the agent is stopping); the tool
     *                              has cleaned up (killed its processes) before this is thrown
     */
    public ToolOutcome execute(String name, String argumentsJson, ToolContext context) throws InterruptedException {
        Tool tool = registry.find(name).orElse(null);
        if (tool == null) {
            return ToolOutcome.error("unknown tool '" + name + "'; available tools: " + String.join(", ", registry.names()));
        }
        CancelSignal signal = context.cancel().withDeadline(deadline, clock);
        ToolContext call = context.withCancel(signal);
        ToolOutcome[] done = new ToolOutcome[1];
        InterruptedException[] interrupted = new InterruptedException[1];
        Thread worker = Thread.ofVirtual().name("tool-" + name).start(() -> {
            try {
                done[0] = runGuarded(tool, argumentsJson, call);
            } catch (InterruptedException e) {
                interrupted[0] = e;
            }
        });
        boolean ended;
        try {
            ended = awaitOrStop(worker, signal);
        } catch (InterruptedException e) {
            worker.interrupt(); // the agent is stopping: let the tool clean up (kill its processes), boundedly
            worker.join(STOP_GRACE);
            throw e;
        }
        // only this runner interrupts the worker, and only after the tool ignored its cancellation
        ToolOutcome outcome = ended && interrupted[0] == null ? done[0] : ToolOutcome.error(name + " did not stop within "
                + STOP_GRACE.toSeconds() + " s of being cancelled and was " + (ended ? "interrupted" : "abandoned"));
        if (signal.deadlinePassed() && !context.cancel().isCancelled()) {
            outcome = ToolOutcome.error((outcome.content().isEmpty() ? "" : outcome.content() + "\n")
                    + "[stopped: the tool deadline of " + deadline.toSeconds() + " s passed (agent.tool_timeout_seconds)]");
        }
        return new ToolOutcome(Utf8.capHead(outcome.content(), maxOutputBytes), outcome.isError());
    }

    /** Waits for the tool; once the signal is set, gives it the grace, then interrupts. True when it ended. */
    private static boolean awaitOrStop(Thread worker, CancelSignal signal) throws InterruptedException {
        while (!worker.join(POLL)) {
            if (!signal.isCancelled()) continue;
            if (worker.join(STOP_GRACE)) return true;
            worker.interrupt();
            return worker.join(ABANDON_AFTER);
        }
        return true;
    }

    /** Runs the tool, turning every failure, even a stack overflow or an exhausted heap, into an error result. */
    private ToolOutcome runGuarded(Tool tool, String argumentsJson, ToolContext context) throws InterruptedException {
        String name = tool.name();
        try {
            JsonNode args = ArgumentValidator.parse(name, schema(tool), argumentsJson);
            return tool.run(args, context);
        } catch (ToolException e) {
            return ToolOutcome.error(e.getMessage());
        } catch (IOException e) {
            return ToolOutcome.error(name + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return ToolOutcome.error(name + " failed unexpectedly: " + e);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // the tool's own frames and buffers are gone once we are here; the agent goes on
            return ToolOutcome.error(name + " failed: " + e.getClass().getSimpleName()
                    + " (the input is too large or too deeply nested for this tool)");
        }
    }

    private JsonNode schema(Tool tool) {
        return schemas.computeIfAbsent(tool.name(), n -> {
            try {
                return Json.MAPPER.readTree(tool.definition().parametersSchemaJson());
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("the schema of tool " + n + " is not valid JSON", e);
            }
        });
    }
}
