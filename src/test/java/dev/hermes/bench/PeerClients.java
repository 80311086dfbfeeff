package dev.hermes.bench;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.hermes.failover.CallObserver;
import dev.hermes.failover.ClientPool;
import dev.hermes.failover.FailoverCaller;
import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.stream.StreamTimeouts;
import dev.hermes.stream.StreamWatchdog;
import dev.hermes.util.MonotonicClock;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The model clients a Java user would choose between, each streaming one answer from the
 * simulator in its default configuration, blocking the calling thread until the call ends.
 */
final class PeerClients {

    private PeerClients() {
    }

    interface PeerClient extends AutoCloseable {
        String name();

        /** Streams the answer for {@code model}, passing each text delta on; returns the text it says is complete. */
        String stream(String model, String question, Consumer<String> onDelta) throws Exception;

        @Override
        default void close() {
        }
    }

    static List<PeerClient> all(SimProcess sim, StreamTimeouts hermesTimeouts) {
        return List.of(new Hermes(sim.chatCompletionsBaseUrl(), hermesTimeouts), new OpenAiJava(sim),
                new AnthropicJava(sim), new LangChain4j(sim));
    }

    /** Our client: a FailoverCaller with one route (chat-completions unless told) and two retries. */
    static final class Hermes implements PeerClient {
        private final URI base;
        private final WireApi wire;
        private final StreamTimeouts timeouts;
        private final ClientPool pool = new ClientPool();
        private final StreamWatchdog watchdog = StreamWatchdog.start(MonotonicClock.SYSTEM);
        private final ConcurrentHashMap<String, FailoverCaller> callers = new ConcurrentHashMap<>();

        Hermes(URI base, StreamTimeouts timeouts) {
            this(base, WireApi.CHAT_COMPLETIONS, timeouts);
        }

        /** {@code base}: the simulator's URL for {@code wire} (SimProcess's chat-completions or Anthropic one). */
        Hermes(URI base, WireApi wire, StreamTimeouts timeouts) {
            this.base = base;
            this.wire = wire;
            this.timeouts = timeouts;
        }

        public String name() {
            return "hermes";
        }

        public String stream(String model, String question, Consumer<String> onDelta) throws Exception {
            FailoverCaller caller = callers.computeIfAbsent(model, m -> {
                Route route = SimRoutes.route("sim", base, wire, m, timeouts);
                return new FailoverCaller(route, List.of(), SimRoutes.settings(2, pool, watchdog));
            });
            return SimRoutes.text(caller.call(SimRoutes.ask(question), new CallObserver() {
                @Override
                public void text(String delta) {
                    if (!delta.isEmpty()) onDelta.accept(delta);
                }
            }));
        }

        public void close() {
            watchdog.close();
            pool.close();
        }
    }

    /** com.openai:openai-java, its OkHttp client with default settings. */
    static final class OpenAiJava implements PeerClient {
        private final OpenAIClient client;

        OpenAiJava(SimProcess sim) {
            client = OpenAIOkHttpClient.builder().baseUrl(sim.chatCompletionsBaseUrl().toString()).apiKey("sk-bench").build();
        }

        public String name() {
            return "openai-java";
        }

        public String stream(String model, String question, Consumer<String> onDelta) {
            StringBuilder text = new StringBuilder();
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(model).addUserMessage(question).build();
            try (com.openai.core.http.StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
                s.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(d -> {
                    if (d.isEmpty()) return;
                    text.append(d);
                    onDelta.accept(d);
                })));
            }
            return text.toString();
        }

        public void close() {
            client.close();
        }
    }

    /** com.anthropic:anthropic-java on the Messages wire, default settings. */
    static final class AnthropicJava implements PeerClient {
        private final AnthropicClient client;

        AnthropicJava(SimProcess sim) {
            client = AnthropicOkHttpClient.builder().baseUrl(sim.anthropicBaseUrl().toString()).apiKey("sk-bench").build();
        }

        public String name() {
            return "anthropic-java";
        }

        public String stream(String model, String question, Consumer<String> onDelta) {
            StringBuilder text = new StringBuilder();
            MessageCreateParams params = MessageCreateParams.builder().model(model).maxTokens(4096)
                    .addUserMessage(question).build();
            try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(params)) {
                s.stream().forEach(e -> e.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> {
                    text.append(t.text());
                    onDelta.accept(t.text());
                }));
            }
            return text.toString();
        }

        public void close() {
            client.close();
        }
    }

    /** dev.langchain4j:langchain4j-open-ai's streaming model, default settings (JDK HttpClient). */
    static final class LangChain4j implements PeerClient {
        private final String base;

        LangChain4j(SimProcess sim) {
            base = sim.chatCompletionsBaseUrl().toString();
        }

        public String name() {
            return "langchain4j";
        }

        public String stream(String model, String question, Consumer<String> onDelta) throws Exception {
            OpenAiStreamingChatModel m = OpenAiStreamingChatModel.builder().baseUrl(base).apiKey("sk-bench")
                    .modelName(model).build();
            CompletableFuture<String> done = new CompletableFuture<>();
            m.chat(question, new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String delta) {
                    if (!delta.isEmpty()) onDelta.accept(delta);
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    done.complete(response.aiMessage().text() == null ? "" : response.aiMessage().text());
                }

                @Override
                public void onError(Throwable error) {
                    done.completeExceptionally(error);
                }
            });
            try {
                return done.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
        }
    }

    /** How long {@link #stream} may block in the stall scenario before "never" is recorded. */
    static final Duration STALL_BOUND = Duration.ofSeconds(120);
}
