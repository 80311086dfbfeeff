package dev.hermes.agent;

import dev.hermes.llm.ContentBlock;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Records what an agent run showed, in order. */
final class RecordingObserver implements AgentObserver {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<ContentBlock.ToolResult> results = new CopyOnWriteArrayList<>();
    final StringBuilder shown = new StringBuilder();
    final CountDownLatch toolStarted = new CountDownLatch(1);
    volatile Outcome outcome;

    @Override
    public synchronized void text(String delta) {
        shown.append(delta);
        events.add("text:" + delta);
    }

    @Override
    public synchronized void restart(String why) {
        shown.setLength(0);
        events.add("restart:" + why);
    }

    @Override
    public void status(String line) {
        events.add("status:" + line);
    }

    @Override
    public void toolCallStarted(ContentBlock.ToolUse call) {
        events.add("call:" + call.name());
        toolStarted.countDown();
    }

    @Override
    public void toolResult(ContentBlock.ToolUse call, ContentBlock.ToolResult result) {
        events.add("result:" + call.name() + (result.isError() ? ":error" : ":ok"));
        results.add(result);
    }

    @Override
    public void finished(Outcome o) {
        outcome = o;
        events.add("finished:" + o.getClass().getSimpleName());
    }

    synchronized String shown() {
        return shown.toString();
    }
}
