package dev.hermes.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.testing.Exchange;
import dev.hermes.testing.LoopbackServer;
import dev.hermes.testing.RecordedRequest;
import dev.hermes.util.Json;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * A chat-completions server on loopback that answers each request with the next scripted reply,
 * as real SSE chunks. When the script runs out it repeats the last reply (for loops that must be
 * stopped by a guard).
 */
final class ScriptedModel implements AutoCloseable {

    /** One scripted reply. */
    @FunctionalInterface
    interface Reply {
        void send(Exchange exchange) throws Exception;
    }

    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private volatile Reply last;
    private final LoopbackServer server;
    final CountDownLatch holding = new CountDownLatch(1);

    ScriptedModel(Reply... replies) {
        script.addAll(List.of(replies));
        server = LoopbackServer.start((request, exchange) -> {
            Reply r = script.poll();
            if (r == null) r = last;
            else last = r;
            r.send(exchange);
        });
    }

    void then(Reply... replies) {
        script.addAll(List.of(replies));
    }

    URI uri() {
        return server.uri().resolve("/v1");
    }

    List<RecordedRequest> requests() {
        return server.requests();
    }

    /** Request bodies parsed. */
    List<JsonNode> bodies() {
        List<JsonNode> out = new ArrayList<>();
        for (RecordedRequest r : server.requests()) {
            try {
                out.add(Json.MAPPER.readTree(r.body()));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- replies ----

    static Reply text(String finish, String... pieces) {
        return ex -> {
            ex.startEventStream();
            for (String p : pieces) ex.chunk(data("{\"content\":" + q(p) + "}", null));
            ex.chunk(data("{}", finish));
            ex.chunk("data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5}}\n\n");
            ex.chunk("data: [DONE]\n\n");
            ex.endChunks();
        };
    }

    static Reply answer(String... pieces) {
        return text("stop", pieces);
    }

    /** Tool calls, each {id, name, argumentsText}; the arguments text is sent in two fragments. */
    static Reply tools(String finish, String[]... calls) {
        return ex -> {
            ex.startEventStream();
            for (int i = 0; i < calls.length; i++) {
                String[] c = calls[i];
                String args = c[2];
                int half = args.length() / 2;
                ex.chunk(data("{\"tool_calls\":[{\"index\":" + i + ",\"id\":" + q(c[0]) + ",\"type\":\"function\","
                        + "\"function\":{\"name\":" + q(c[1]) + ",\"arguments\":" + q(args.substring(0, half)) + "}}]}", null));
                ex.chunk(data("{\"tool_calls\":[{\"index\":" + i + ",\"function\":{\"arguments\":"
                        + q(args.substring(half)) + "}}]}", null));
            }
            ex.chunk(data("{}", finish));
            ex.chunk("data: [DONE]\n\n");
            ex.endChunks();
        };
    }

    static Reply call(String id, String name, String args) {
        return tools("tool_calls", new String[]{id, name, args});
    }

    /** Sends some text, then keeps the stream open and silent until the client goes away. */
    Reply hold(String partial) {
        return ex -> {
            ex.startEventStream();
            ex.chunk(data("{\"content\":" + q(partial) + "}", null));
            holding.countDown();
            ex.holdUntilClientCloses();
        };
    }

    static Reply error(int status, String body) {
        return ex -> ex.json(status, body);
    }

    static String[] c(String id, String name, String args) {
        return new String[]{id, name, args};
    }

    private static String data(String delta, String finish) {
        return "data: {\"id\":\"c\",\"model\":\"scripted-1\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + (finish == null ? "null" : q(finish)) + "}]}\n\n";
    }

    static String q(String s) {
        return Json.MAPPER.valueToTree(s).toString();
    }
}
