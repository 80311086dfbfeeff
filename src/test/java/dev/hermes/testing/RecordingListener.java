package dev.hermes.testing;

import dev.hermes.provider.WireListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/** An {@link WireListener} that records what it was told and keeps the abort handles. */
public final class RecordingListener implements WireListener {
    public final List<String> events = new CopyOnWriteArrayList<>();
    public final AtomicLong bytes = new AtomicLong();
    public final CountDownLatch started = new CountDownLatch(1);
    public final CountDownLatch headers = new CountDownLatch(1);
    public volatile Runnable requestAbort;
    public volatile Runnable bodyAbort;

    @Override
    public void requestStarted(Runnable abort) {
        requestAbort = abort;
        events.add("requestStarted");
        started.countDown();
    }

    @Override
    public void headersReceived(int status, Runnable abort) {
        bodyAbort = abort;
        events.add("headersReceived " + status);
        headers.countDown();
    }

    @Override
    public void bytesReceived(int count) {
        bytes.addAndGet(count);
    }
}
