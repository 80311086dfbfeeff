package dev.hermes.agent;

import dev.hermes.llm.ContentBlock;
import dev.hermes.tools.Tool;
import dev.hermes.tools.ToolContext;
import dev.hermes.tools.ToolRegistry;
import dev.hermes.tools.ToolRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the tool calls of one assistant message. Consecutive read-only calls run in parallel on
 * virtual threads; any other call runs alone, after everything before it and before everything
 * after it, so a read that follows a write sees the write. Results come back in the model's
 * order. A call to an unknown tool counts as read-only: {@link ToolRunner} refuses it without
 * running anything.
 */
final class ToolDispatcher {

    /** Told about each call before it starts and each result after its batch ended, in order. */
    interface Listener {
        void started(ContentBlock.ToolUse call);

        void finished(ContentBlock.ToolUse call, ContentBlock.ToolResult result, Duration elapsed);
    }

    /** One result and how long its call took. */
    record Ran(ContentBlock.ToolUse call, ContentBlock.ToolResult result, Duration elapsed) {
    }

    private final ToolRegistry registry;
    private final ToolRunner runner;

    ToolDispatcher(ToolRegistry registry, ToolRunner runner) {
        this.registry = registry;
        this.runner = runner;
    }

    /**
     * @throws InterruptedException when the calling thread is interrupted; calls in flight are
     *                              interrupted too and have cleaned up when this is thrown
     */
    List<Ran> runAll(List<ContentBlock.ToolUse> calls, ToolContext context, Listener listener) throws InterruptedException {
        List<Ran> results = new ArrayList<>();
        int i = 0;
        while (i < calls.size()) {
            int end = i + 1;
            if (readOnly(calls.get(i))) {
                while (end < calls.size() && readOnly(calls.get(end))) end++;
            }
            List<ContentBlock.ToolUse> batch = calls.subList(i, end);
            batch.forEach(listener::started);
            List<Ran> ran = batch.size() == 1 ? List.of(runOne(batch.get(0), context)) : runParallel(batch, context);
            for (Ran r : ran) {
                listener.finished(r.call(), r.result(), r.elapsed());
                results.add(r);
            }
            i = end;
        }
        return results;
    }

    private boolean readOnly(ContentBlock.ToolUse call) {
        return registry.find(call.name()).map(Tool::readOnly).orElse(true);
    }

    private Ran runOne(ContentBlock.ToolUse call, ToolContext context) throws InterruptedException {
        long start = System.nanoTime();
        ContentBlock.ToolResult result = runner.run(call, context);
        return new Ran(call, result, Duration.ofNanos(System.nanoTime() - start));
    }

    private List<Ran> runParallel(List<ContentBlock.ToolUse> batch, ToolContext context) throws InterruptedException {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Ran>> futures = new ArrayList<>();
            for (ContentBlock.ToolUse call : batch) futures.add(pool.submit(() -> runOne(call, context)));
            List<Ran> ran = new ArrayList<>();
            try {
                for (Future<Ran> f : futures) ran.add(f.get());
            } catch (InterruptedException e) {
                pool.shutdownNow(); // interrupts the calls; close() below waits for their clean-up
                throw e;
            } catch (ExecutionException e) {
                // ToolRunner turns every tool failure into a result; only interruption gets here
                throw new IllegalStateException("a tool call failed outside its runner", e.getCause());
            }
            return ran;
        }
    }
}
