package dev.hermes.failover;

import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.StreamEvent;
import dev.hermes.provider.Credential;
import dev.hermes.provider.EventStream;
import dev.hermes.provider.ModelClient;
import dev.hermes.provider.WireListener;
import dev.hermes.stream.AttemptWatch;
import dev.hermes.stream.StreamAssembler;
import dev.hermes.util.MonotonicClock;

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
 *
 * <p>Memory stays bounded whatever the provider sends: the queue holds at most {@link #QUEUE}
 * events (a reader faster than the caller waits for it, instead of piling up a provider's
 * endless stream in memory), and an answer longer than {@code maxAnswerChars} (text, reasoning
 * and tool arguments together) ends the attempt as {@link Failure.TooLarge}.
 */
final class AttemptRunner {

    /** What the reader thread hands over: an event, the end of the body, or what it threw. */
    private sealed interface Item {
        /** {@code readAt}: when the reader got it (the provider's pace, not the caller's). */
        record Event(StreamEvent event, long readAt) implements Item {
        }

        record End() implements Item {
        }

        record Thrown(Exception exception) implements Item {
        }
    }

    /**
     * What one attempt may stream.
     *
     * @param shownChars     characters of the answer already counted (a continued answer's shown part)
     * @param maxAnswerChars the longest answer accepted, counted over text, reasoning and tool arguments
     * @param slowDrip       the slow-drip guard, or null when off
     * @param clock          for the slow-drip guard's windows
     */
    record Limits(long shownChars, long maxAnswerChars, SlowDrip slowDrip, MonotonicClock clock) {
    }

    /**
     * Events in flight between the reader and the caller; the reader waits when it is full. Deep
     * enough that a healthy stream never waits (a waiting body reader makes the JDK HttpClient grow
     * its worker pool: 64 cost 500 platform threads at 1,000 streams), bounded so an endless stream
     * cannot pile up (the answer cap ends it long before memory matters). Linked, so an open
     * stream holds only the events in flight, not an array of the whole depth (4 KiB a stream).
     */
    static final int QUEUE = 1024;

    private AttemptRunner() {
    }

    /**
     * @param onEvent        receives every event on the calling thread, in order, before the next is
     *                       read; this is where text reaches the caller
     * @param limits         the answer cap (counting a continued answer's shown part) and the
     *                       optional slow-drip guard
     */
    static AttemptOutcome run(ModelClient client, ChatRequest request, AttemptWatch watch, String provider,
                              String model, Consumer<StreamEvent> onEvent, Limits limits)
            throws InterruptedException {
        StreamAssembler assembler = new StreamAssembler();
        long size = limits.shownChars();
        SlowDrip.Meter drip = limits.slowDrip() == null ? null : limits.slowDrip().meter(limits.clock().nanoTime());
        BlockingQueue<Item> items = new LinkedBlockingQueue<>(QUEUE);
        AbortHandle abort = new AbortHandle(watch);
        Thread reader = Thread.ofVirtual().name("stream-" + provider)
                .start(() -> read(client, request, abort, items, limits.clock()));
        try {
            while (true) {
                Item item = items.take();
                switch (item) {
                    case Item.Event(StreamEvent event, long readAt) -> {
                        long chars = contentChars(event);
                        size += chars;
                        if (size > limits.maxAnswerChars()) {
                            abort.run();
                            return failed(new Failure.TooLarge(limits.maxAnswerChars()), assembler, abort);
                        }
                        if (drip != null && event.isContent() && drip.tooSlow(readAt, chars)) {
                            abort.run();
                            SlowDrip d = limits.slowDrip();
                            return failed(new Failure.SlowDripped(drip.chars(), d.window(), d.minChars()), assembler, abort);
                        }
                        Optional<Failure> failure = Failures.of(event);
                        assembler.accept(event);
                        if (failure.isPresent()) {
                            abort.run();
                            return failed(failure.get(), assembler, abort);
                        }
                        onEvent.accept(event);
                    }
                    case Item.End end -> {
                        if (!assembler.finished()) {
                            boolean contentSeen = !assembler.partial().isEmpty();
                            return failed(new Failure.Truncated(contentSeen), assembler, abort);
                        }
                        return new AttemptOutcome.Answered(assembler.response(provider, model));
                    }
                    case Item.Thrown(Exception e) -> {
                        return failed(Failures.of(e, watch.firedTimer()), assembler, abort);
                    }
                }
            }
        } catch (InterruptedException e) {
            abort.run();
            throw e;
        } finally {
            abort.run();
            reader.interrupt(); // it may be waiting for room in the queue
            reader.join(1000);
        }
    }

    private static AttemptOutcome.Failed failed(Failure failure, StreamAssembler assembler, AbortHandle abort) {
        return new AttemptOutcome.Failed(failure, assembler.partial(), assembler.usage(), abort.credential());
    }

    /** Characters an event adds to the answer: text, reasoning and tool-call arguments. */
    private static long contentChars(StreamEvent event) {
        return switch (event) {
            case StreamEvent.TextDelta t -> t.text().length();
            case StreamEvent.ReasoningDelta r -> r.text().length();
            case StreamEvent.ToolCallDelta d -> d.argumentsFragment().length();
            default -> 0;
        };
    }

    private static void read(ModelClient client, ChatRequest request, AbortHandle abort, BlockingQueue<Item> items,
                             MonotonicClock clock) {
        try {
            // closed here, on the thread that read it, before the caller hears of the end: a body
            // read to its end then gives its connection back for the next call instead of the
            // caller's final abort dropping it
            try (EventStream stream = client.openStream(request, abort)) {
                abort.stream(stream);
                StreamEvent event;
                while ((event = stream.next()) != null) {
                    abort.watch().onEvent(event);
                    items.put(new Item.Event(event, clock.nanoTime()));
                    if (event instanceof StreamEvent.Error) break;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                items.put(new Item.Thrown(e));
                return;
            }
            items.put(new Item.End());
        } catch (InterruptedException e) {
            // the caller is done with this attempt and stopped waiting for it
        }
    }

    /**
     * Forwards life signs to the watch and keeps the latest means of stopping the attempt, so the
     * caller can stop it too (on interrupt, on an in-stream failure, and always at the end).
     */
    private static final class AbortHandle implements WireListener, Runnable {
        private final AttemptWatch watch;
        private volatile Runnable abort = () -> { };
        private volatile EventStream stream;
        private volatile Credential credential;
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
        public void credentialUsed(Credential c) {
            credential = c;
        }

        Credential credential() {
            return credential;
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
