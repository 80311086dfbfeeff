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
 * <p>Where the stream is read depends on the calling thread, because a thread interrupt (a
 * Ctrl-C, a proxy client hanging up, a shutdown) must stop the attempt at once even while the
 * socket read itself is blocked:
 * <ul>
 *   <li>on a virtual thread (the proxy's handlers) it is read right
 *       there: the JDK closes a virtual thread's socket when it is interrupted in a blocking
 *       read, and each event goes to {@code onEvent} without crossing threads (a queue hand-off
 *       per event cost two thread wake-ups on every proxied call);</li>
 *   <li>on a platform thread (the chat command's main thread) a blocked socket read ignores
 *       interrupts, so the stream is read on a virtual thread and handed over through a queue,
 *       and the caller waits on the queue, interruptibly.</li>
 * </ul>
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
        Attempt attempt = new Attempt(watch, provider, model, onEvent, limits);
        try {
            return Thread.currentThread().isVirtual()
                    ? readHere(client, request, attempt)
                    : readOnAnotherThread(client, request, attempt);
        } finally {
            attempt.abort.run(); // idempotent: whatever ended the attempt, nothing of it runs on
        }
    }

    /** The stream read on the calling thread, which is virtual: an interrupt closes a blocked read. */
    private static AttemptOutcome readHere(ModelClient client, ChatRequest request, Attempt attempt)
            throws InterruptedException {
        EventStream opened;
        try {
            opened = client.openStream(request, attempt.abort);
        } catch (Exception e) {
            return attempt.thrown(e);
        }
        // closed before the end is judged: a body read to its end gives its connection back
        try (EventStream stream = opened) {
            attempt.abort.stream(stream);
            while (true) {
                if (Thread.interrupted()) throw new InterruptedException();
                StreamEvent event;
                try {
                    event = stream.next();
                } catch (Exception e) {
                    return attempt.thrown(e);
                }
                if (event == null) break;
                AttemptWatch watch = attempt.abort.watch();
                watch.onEvent(event);
                // the caller's time with the event (a proxy client slow to take it) is not the provider's silence
                watch.handingOver();
                AttemptOutcome ended = attempt.event(event, attempt.limits.clock().nanoTime());
                if (ended != null) return ended;
                watch.resumed();
            }
        }
        return attempt.end();
    }

    /** The stream read on a virtual thread and handed over a queue, so the caller waits interruptibly. */
    private static AttemptOutcome readOnAnotherThread(ModelClient client, ChatRequest request, Attempt attempt)
            throws InterruptedException {
        BlockingQueue<Item> items = new LinkedBlockingQueue<>(QUEUE);
        MonotonicClock clock = attempt.limits.clock();
        Thread reader = Thread.ofVirtual().name("stream-" + attempt.provider)
                .start(() -> read(client, request, attempt.abort, items, clock));
        try {
            while (true) {
                switch (items.take()) {
                    case Item.Event(StreamEvent event, long readAt) -> {
                        AttemptOutcome ended = attempt.event(event, readAt);
                        if (ended != null) return ended;
                    }
                    case Item.End end -> {
                        return attempt.end();
                    }
                    case Item.Thrown(Exception e) -> {
                        return attempt.thrown(e);
                    }
                }
            }
        } finally {
            attempt.abort.run();
            reader.interrupt(); // it may be waiting for room in the queue
            reader.join(1000);
        }
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

    /** One attempt's judgement of what it read, the same wherever the stream is read. */
    private static final class Attempt {
        final AbortHandle abort;
        final String provider;
        final Limits limits;
        private final String model;
        private final Consumer<StreamEvent> onEvent;
        private final StreamAssembler assembler = new StreamAssembler();
        private final SlowDrip.Meter drip;
        private long size;

        Attempt(AttemptWatch watch, String provider, String model, Consumer<StreamEvent> onEvent, Limits limits) {
            this.abort = new AbortHandle(watch);
            this.provider = provider;
            this.model = model;
            this.onEvent = onEvent;
            this.limits = limits;
            this.size = limits.shownChars();
            this.drip = limits.slowDrip() == null ? null : limits.slowDrip().meter(limits.clock().nanoTime());
        }

        /** Passes the event on, or ends the attempt (null: read on). {@code readAt}: when it was read. */
        AttemptOutcome event(StreamEvent event, long readAt) {
            long chars = contentChars(event);
            size += chars;
            if (size > limits.maxAnswerChars()) {
                return failed(new Failure.TooLarge(limits.maxAnswerChars()));
            }
            if (drip != null && event.isContent() && drip.tooSlow(readAt, chars)) {
                SlowDrip d = limits.slowDrip();
                return failed(new Failure.SlowDripped(drip.chars(), d.window(), d.minChars()));
            }
            Optional<Failure> failure = Failures.of(event);
            assembler.accept(event);
            if (failure.isPresent()) return failed(failure.get());
            onEvent.accept(event);
            return null;
        }

        /** The body ended: an answer if it finished, a truncation otherwise. */
        AttemptOutcome end() {
            if (!assembler.finished()) return failed(new Failure.Truncated(!assembler.partial().isEmpty()));
            return new AttemptOutcome.Answered(assembler.response(provider, model));
        }

        /**
         * Opening or reading threw. An interrupt that closed a virtual thread's socket surfaces as
         * an I/O error with the interrupt still set: that is the caller's cancellation, not a fault.
         */
        AttemptOutcome thrown(Exception e) throws InterruptedException {
            if (e instanceof InterruptedException ie) throw ie;
            if (Thread.interrupted()) throw new InterruptedException();
            return failed(Failures.of(e, abort.watch().firedTimer()));
        }

        /** Stops the attempt first: nothing more is read once it has failed. */
        private AttemptOutcome.Failed failed(Failure failure) {
            abort.run();
            return new AttemptOutcome.Failed(failure, assembler.partial(), assembler.usage(), abort.credential());
        }
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
