package dev.hermes.failover;

import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.StreamEvent;
import dev.hermes.stream.AttemptListener;
import dev.hermes.provider.EventStream;
import dev.hermes.provider.ModelClient;
import dev.hermes.stream.AttemptWatch;
import dev.hermes.stream.StreamAssembler;

import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Runs one streaming attempt under a watchdog and turns whatever happens into an
 * {@link AttemptOutcome}. Never hangs: every blocking step is bounded by the watch's timers.
 *
 * <p>The stream is read on a virtual thread and handed to the calling thread through a queue,
 * so the caller waits interruptibly: a Ctrl-C (thread interrupt) closes the stream at once and
 * ends the call with {@link InterruptedException}, even while the socket read itself is blocked
 * (a blocking socket read does not notice interrupts).
 */
final class AttemptRunner {

    /** What the reader thread hands over: an event, the end of the body, or what it threw. */
    private sealed interface Item {
        record Event(StreamEvent event) implements Item {
        }

        record End() implements Item {
        }

        record Thrown(Exception exception) implements Item {
        }
    }

    private AttemptRunner() {
    }

    /**
     * @param onEvent receives every event on the calling thread, in order, before the next is read;
     *                this is where text reaches the caller
     */
    static AttemptOutcome run(ModelClient client, ChatRequest request, AttemptWatch watch, String provider,
                              String model, Consumer<StreamEvent> onEvent) throws InterruptedException {
        StreamAssembler assembler = new StreamAssembler();
        BlockingQueue<Item> items = new LinkedBlockingQueue<>();
        AbortHandle abort = new AbortHandle(watch);
        Thread reader = Thread.ofVirtual().name("stream-" + provider).start(() -> read(client, request, abort, items));
        try {
            while (true) {
                Item item = items.take();
                switch (item) {
                    case Item.Event(StreamEvent event) -> {
                        Optional<Failure> failure = Failures.of(event);
                        assembler.accept(event);
                        if (failure.isPresent()) {
                            abort.run();
                            return new AttemptOutcome.Failed(failure.get(), assembler.partial(), assembler.usage());
                        }
                        onEvent.accept(event);
                    }
                    case Item.End end -> {
                        if (!assembler.finished()) {
                            boolean contentSeen = !assembler.partial().isEmpty();
                            return new AttemptOutcome.Failed(new Failure.Truncated(contentSeen), assembler.partial(),
                                    assembler.usage());
                        }
                        return new AttemptOutcome.Answered(assembler.response(provider, model));
                    }
                    case Item.Thrown(Exception e) -> {
                        return new AttemptOutcome.Failed(Failures.of(e, watch.firedTimer()), assembler.partial(),
                                assembler.usage());
                    }
                }
            }
        } catch (InterruptedException e) {
            abort.run();
            throw e;
        } finally {
            abort.run();
            reader.join(1000);
        }
    }

    private static void read(ModelClient client, ChatRequest request, AbortHandle abort, BlockingQueue<Item> items) {
        try (EventStream stream = client.openStream(request, abort)) {
            abort.stream(stream);
            StreamEvent event;
            while ((event = stream.next()) != null) {
                abort.watch().onEvent(event);
                items.add(new Item.Event(event));
                if (event instanceof StreamEvent.Error) break;
            }
            items.add(new Item.End());
        } catch (Exception e) {
            items.add(new Item.Thrown(e));
        }
    }

    /**
     * Forwards life signs to the watch and keeps the latest means of stopping the attempt, so the
     * caller can stop it too (on interrupt, on an in-stream failure, and always at the end).
     */
    private static final class AbortHandle implements AttemptListener, Runnable {
        private final AttemptWatch watch;
        private volatile Runnable abort = () -> { };
        private volatile EventStream stream;
        private volatile boolean aborted;

        AbortHandle(AttemptWatch watch) {
            this.watch = watch;
        }

        AttemptWatch watch() {
            return watch;
        }

        void stream(EventStream s) {
            stream = s;
            if (aborted) s.close();
        }

        @Override
        public void requestStarted(Runnable a) {
            abort = a;
            watch.requestStarted(a);
            if (aborted) a.run();
        }

        @Override
        public void headersReceived(int status, Runnable a) {
            abort = a;
            watch.headersReceived(status, a);
            if (aborted) a.run();
        }

        @Override
        public void bytesReceived(int count) {
            watch.bytesReceived(count);
        }

        /** Idempotent: stops the exchange or closes the stream, whichever stage it is at. */
        @Override
        public void run() {
            aborted = true;
            abort.run();
            EventStream s = stream;
            if (s != null) s.close();
        }
    }
}
