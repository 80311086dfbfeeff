package dev.hermes.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hermes.provider.WireApi;
import dev.hermes.util.Json;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fault-injecting LLM provider on 127.0.0.1, speaking OpenAI chat-completions and Anthropic
 * Messages. The model name picks the fault (see {@link FaultSpec} and docs/simulator.md).
 *
 * <p>Threading: one platform thread accepts; each connection runs on its own virtual thread and
 * serves its requests one after another (HTTP/1.1 keep-alive, as a real provider; a fault that
 * cuts, resets or holds a response ends its connection), or one request each with
 * {@link SimOptions#oneRequestPerConnection()}. All public methods are thread-safe.
 * {@link #close()} closes the listening socket and every open connection (ending stalls and
 * held-open sockets), interrupts connection threads and waits for them, so no thread outlives it.
 */
public final class SimServer implements AutoCloseable {

    /** An idle kept-alive connection is closed after this; longer than clients keep theirs (OkHttp: 5 minutes). */
    private static final int IDLE_MS = 10 * 60 * 1000;

    private final ServerSocket listener;
    private final SimContext ctx;
    private final Thread acceptor;
    private final Object lock = new Object();
    private final Set<Socket> sockets = new HashSet<>();
    private final Set<Thread> threads = new HashSet<>();
    private boolean closed;
    private int accepted;

    private SimServer(ServerSocket listener, SimOptions options) {
        this.listener = listener;
        this.ctx = new SimContext(options);
        this.acceptor = Thread.ofPlatform().daemon().name("hermes-sim-accept-" + listener.getLocalPort())
                .unstarted(this::acceptLoop);
    }

    /** Starts a server on {@code port} of 127.0.0.1 (0 = ephemeral). The caller closes it. */
    public static SimServer start(int port, SimOptions options) throws IOException {
        ServerSocket ss = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
        SimServer s = new SimServer(ss, options);
        s.acceptor.start();
        return s;
    }

    /** Starts a server on an ephemeral port with default options. */
    public static SimServer start() throws IOException {
        return start(0, SimOptions.defaults());
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Base URL for chat-completions clients: {@code http://127.0.0.1:PORT/v1}. */
    public URI chatCompletionsBaseUrl() {
        return URI.create("http://127.0.0.1:" + port() + "/v1");
    }

    /** Base URL for Anthropic Messages clients: {@code http://127.0.0.1:PORT}. */
    public URI anthropicBaseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Every model call so far (since start or the last {@link #reset()}), in arrival order. */
    public List<SimAttempt> attempts() {
        return ctx.log.snapshot();
    }

    /** The raw body of every model request so far (since start or the last {@link #reset()}): what the model received. */
    public List<String> requestBodies() {
        synchronized (ctx.bodies) {
            return List.copyOf(ctx.bodies);
        }
    }

    /** Clears the log and per-model state (once-only faults fire again, down windows restart). Scripts stay. */
    public void reset() {
        ctx.log.clear();
        ctx.bodies.clear();
        ctx.state.clear();
    }

    /** Registers (or replaces) a script for {@code scripted:<name>}. */
    public void registerScript(SimScript script) {
        ctx.scripts.put(script.name(), script);
    }

    /**
     * The text a healthy call of {@code model} answers to {@code lastUserMessage}: only the
     * model's {@code words} parameter matters, so every fault delivers (a prefix of) the same text.
     */
    public static String canonicalAnswer(String model, String lastUserMessage) {
        return Prose.answer(FaultSpec.parse(model).count("words", Prose.DEFAULT_WORDS), lastUserMessage);
    }

    /** The canonical answer of {@code words} words to {@code lastUserMessage}. */
    public static String canonicalAnswer(int words, String lastUserMessage) {
        return Prose.answer(words, lastUserMessage);
    }

    /** Connections accepted so far: with keep-alive, fewer than the requests served. */
    public int connectionsAccepted() {
        synchronized (lock) {
            return accepted;
        }
    }

    /** Connection threads alive now; for tests that check {@link #close()} ends them. */
    List<Thread> liveThreads() {
        synchronized (lock) {
            List<Thread> all = new ArrayList<>(threads);
            all.add(acceptor);
            return all;
        }
    }

    @Override
    public void close() {
        List<Socket> openSockets;
        List<Thread> running;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            openSockets = new ArrayList<>(sockets);
            running = new ArrayList<>(threads);
        }
        closeQuietly(listener);
        openSockets.forEach(SimServer::closeQuietly);
        running.forEach(Thread::interrupt);
        try {
            acceptor.join(5_000);
            for (Thread t : running) t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (true) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return; // the listener was closed
            }
            synchronized (lock) {
                if (closed) {
                    closeQuietly(s);
                    return;
                }
                sockets.add(s);
                accepted++;
                Thread t = Thread.ofVirtual().name("hermes-sim-conn-" + port()).unstarted(() -> serve(s));
                threads.add(t);
                t.start();
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            RawHttp.Output out = new RawHttp.Output(s.getOutputStream());
            for (boolean first = true; ; first = false) {
                RawHttp.Request r;
                try {
                    s.setSoTimeout(first ? 0 : IDLE_MS);
                    r = RawHttp.read(in, out);
                    s.setSoTimeout(0); // a stalled or held-open answer waits for the client, however long
                } catch (RawHttp.BadRequest e) {
                    out.closing = true;
                    RawHttp.writeJson(out, 400, Map.of(), controlError(e.getMessage()));
                    return;
                } catch (SocketTimeoutException idle) {
                    return;
                }
                if (r == null) return;
                out.closing = ctx.options.oneRequestPerConnection() || !r.keepsAlive();
                route(s, in, out, r);
                // a fault that ended the connection (cut, reset, held until the client left) ends the loop here
                if (out.closing || s.isClosed()) return;
            }
        } catch (IOException | InterruptedException e) {
            // the client hung up, or close() ended the connection: nothing left to answer
        } finally {
            synchronized (lock) {
                sockets.remove(s);
                threads.remove(Thread.currentThread());
            }
        }
    }

    private void route(Socket s, InputStream in, OutputStream out, RawHttp.Request r)
            throws IOException, InterruptedException {
        String path = r.path();
        boolean post = r.method().equals("POST");
        if (post && path.endsWith("/chat/completions")) {
            ModelRoute.handle(ctx, s, in, out, r, WireApi.CHAT_COMPLETIONS);
        } else if (post && path.endsWith("/messages")) {
            ModelRoute.handle(ctx, s, in, out, r, WireApi.ANTHROPIC_MESSAGES);
        } else if (r.method().equals("GET") && path.equals("/_sim/log")) {
            RawHttp.writeJson(out, 200, Map.of(), logJson());
        } else if (post && path.equals("/_sim/reset")) {
            reset();
            RawHttp.writeJson(out, 200, Map.of(), "{\"ok\":true}");
        } else if (post && path.equals("/_sim/scripts")) {
            registerScripts(out, new String(r.body(), StandardCharsets.UTF_8));
        } else if (r.method().equals("GET") && path.endsWith("/models")) {
            if (ctx.authorized(r)) RawHttp.writeJson(out, 200, Map.of(), modelsJson());
            else RawHttp.writeJson(out, 401, Map.of(), SimError.missingKey(WireApi.CHAT_COMPLETIONS).body());
        } else {
            RawHttp.writeJson(out, 404, Map.of(), controlError("no route for " + r.method() + " " + path));
        }
    }

    private void registerScripts(OutputStream out, String body) throws IOException {
        List<SimScript> scripts;
        try {
            scripts = SimScript.parse(body, "POST /_sim/scripts");
        } catch (IllegalArgumentException e) {
            RawHttp.writeJson(out, 400, Map.of(), controlError(e.getMessage()));
            return;
        }
        ObjectNode ok = Json.MAPPER.createObjectNode();
        ArrayNode names = ok.putArray("registered");
        for (SimScript sc : scripts) {
            registerScript(sc);
            names.add(sc.name());
        }
        RawHttp.writeJson(out, 200, Map.of(), ok.toString());
    }

    private String logJson() {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (SimAttempt a : attempts()) {
            ObjectNode o = arr.addObject();
            o.put("seq", a.seq()).put("time_ms", a.timeMs()).put("method", a.method()).put("path", a.path())
                    .put("wire", a.wire()).put("model", a.model()).put("fault", a.fault()).put("stream", a.stream())
                    .put("prefill", a.prefill()).put("messages", a.messages()).put("outcome", a.outcome());
            if (a.maxTokens() != null) o.put("max_tokens", a.maxTokens());
            a.authKinds().forEach(o.putArray("auth")::add);
        }
        return arr.toString();
    }

    /** Fault models in a shape both OpenAI ({@code object}, {@code owned_by}) and Anthropic ({@code type}) clients read. */
    private String modelsJson() {
        ObjectNode root = Json.MAPPER.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (FaultKind k : FaultKind.values()) {
            String id = k == FaultKind.SCRIPTED ? "scripted:<name>" : k.modelName();
            data.addObject().put("id", id).put("object", "model").put("type", "model").put("display_name", id)
                    .put("owned_by", "hermes-sim");
        }
        for (String name : ctx.scripts.keySet().stream().sorted().toList()) {
            ObjectNode m = data.addObject().put("id", "scripted:" + name).put("object", "model").put("type", "model")
                    .put("display_name", "scripted:" + name).put("owned_by", "hermes-sim");
            Integer window = ctx.scripts.get(name).contextLength();
            if (window != null) m.put("context_length", window);
        }
        root.put("has_more", false);
        return root.toString();
    }

    private static String controlError(String message) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putObject("error").put("message", message).put("type", "invalid_request_error");
        return root.toString();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort: the peer may already have gone
        }
    }
}
