package dev.hermes.provider;

import dev.hermes.provider.clients.ModelClients;
import dev.hermes.llm.ApiError;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.Message;
import dev.hermes.llm.StreamEvent;
import dev.hermes.provider.anthropic.AnthropicMessagesClient;
import dev.hermes.provider.openai.OpenAiChatClient;
import dev.hermes.testing.LoopbackServer;
import dev.hermes.testing.RecordedRequest;
import dev.hermes.testing.RecordingListener;
import dev.hermes.testing.RotatingCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour both wire clients share: auth, keys, cancellation, transport failures. */
class WireClientContractTest {

    private LoopbackServer server;
    private ModelClient client;
    private final RotatingCredentials credentials = new RotatingCredentials();

    @AfterEach
    void tearDown() {
        if (client != null) client.close();
        if (server != null) server.close();
    }

    private ModelClient client(WireApi wire, AuthStyle auth, URI base) {
        client = ModelClients.create(new Endpoint("prov", base, wire, auth, Map.of(), Duration.ofSeconds(2)), credentials);
        return client;
    }

    private ModelClient client(WireApi wire, AuthStyle auth) {
        return client(wire, auth, server.uri());
    }

    private static ChatRequest hello() {
        return ChatRequest.of("m", List.of(Message.user("hi")));
    }

    /** Headers and one keep-alive comment, then silence until the client goes away. */
    private void startSilentServer() {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startEventStream();
            exchange.chunk(": keep-alive\n\n");
            exchange.holdUntilClientCloses();
        });
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void factoryPicksTheClientForTheWire(WireApi wire) {
        server = LoopbackServer.start((request, exchange) -> exchange.json(200, "{}"));
        ModelClient c = client(wire, AuthStyle.BEARER);
        assertThat(c).isInstanceOf(wire == WireApi.CHAT_COMPLETIONS ? OpenAiChatClient.class : AnthropicMessagesClient.class);
        assertThat(c.provider()).isEqualTo("prov");
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void everyRequestAcquiresAFreshKey(WireApi wire) throws Exception {
        startSilentServer();
        ModelClient c = client(wire, AuthStyle.BEARER);
        for (int i = 0; i < 3; i++) c.openStream(hello(), WireListener.NONE).close();

        assertThat(server.requests()).extracting(r -> r.header("authorization")).containsExactly(
                "Bearer " + RotatingCredentials.key(1), "Bearer " + RotatingCredentials.key(2),
                "Bearer " + RotatingCredentials.key(3));
    }

    @ParameterizedTest
    @EnumSource(AuthStyle.class)
    void authHeadersFollowTheAuthStyle(AuthStyle auth) throws Exception {
        for (WireApi wire : WireApi.values()) {
            startSilentServer();
            client(wire, auth).openStream(hello(), WireListener.NONE).close();
            RecordedRequest seen = server.requests().get(0);
            String key = RotatingCredentials.key(credentials.issued());
            boolean bearer = auth == AuthStyle.BEARER || auth == AuthStyle.BOTH;
            boolean xApiKey = auth == AuthStyle.X_API_KEY || auth == AuthStyle.BOTH;
            assertThat(seen.header("authorization")).as(wire + " authorization").isEqualTo(bearer ? "Bearer " + key : null);
            assertThat(seen.header("x-api-key")).as(wire + " x-api-key").isEqualTo(xApiKey ? key : null);
            client.close();
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void closeFromAnotherThreadUnblocksAReaderBlockedAfterAKeepAlivePromptly(WireApi wire) throws Exception {
        startSilentServer();
        EventStream stream = client(wire, AuthStyle.BEARER).openStream(hello(), WireListener.NONE);
        assertThat(stream.next()).isEqualTo(new StreamEvent.KeepAlive("comment"));
        assertCloseUnblocksPromptly(stream);
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void closeFromAnotherThreadUnblocksAReaderThatGotNoBodyBytePromptly(WireApi wire) throws Exception {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startEventStream();
            exchange.holdUntilClientCloses();
        });
        assertCloseUnblocksPromptly(client(wire, AuthStyle.BEARER).openStream(hello(), WireListener.NONE));
    }

    private static void assertCloseUnblocksPromptly(EventStream stream) throws Exception {
        CompletableFuture<Long> unblockedAt = new CompletableFuture<>();
        // A virtual thread, as every production reader is: blocked on a socket it parks (WAITING),
        // which awaitBlocked can see; a platform thread in a native socket read stays RUNNABLE.
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                stream.next();
                unblockedAt.completeExceptionally(new AssertionError("next() returned instead of throwing"));
            } catch (StreamClosedException e) {
                unblockedAt.complete(System.nanoTime());
            } catch (Throwable t) {
                unblockedAt.completeExceptionally(t);
            }
        });
        awaitBlocked(reader);
        long closedAt = System.nanoTime();
        stream.close();

        // The server holds the stream open until the client closes, so without the close the reader
        // would wait for ever (here: the 5 s get). Promptly means well under any stream timer; the
        // bound is wide because a loaded 2-core machine can delay the woken thread by tens of ms.
        long elapsedMs = (unblockedAt.get(5, TimeUnit.SECONDS) - closedAt) / 1_000_000;
        assertThat(elapsedMs).isLessThan(500);
        assertThatThrownBy(stream::next).isInstanceOf(StreamClosedException.class);
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void abortGivenAtHeadersClosesTheStream(WireApi wire) throws Exception {
        startSilentServer();
        RecordingListener listener = new RecordingListener();
        EventStream stream = client(wire, AuthStyle.BEARER).openStream(hello(), listener);
        listener.bodyAbort.run();
        assertThatThrownBy(stream::next).isInstanceOf(StreamClosedException.class);
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void clientCloseClosesInFlightStreams(WireApi wire) throws Exception {
        startSilentServer();
        EventStream stream = client(wire, AuthStyle.BEARER).openStream(hello(), WireListener.NONE);
        client.close();
        assertThatThrownBy(stream::next).isInstanceOf(StreamClosedException.class);
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void abortWhileWaitingForHeadersUnblocksTheCaller(WireApi wire) throws Exception {
        server = LoopbackServer.start((request, exchange) -> exchange.holdUntilClientCloses());
        RecordingListener listener = new RecordingListener();
        ModelClient c = client(wire, AuthStyle.BEARER);
        CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
            try {
                c.openStream(hello(), listener).close();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(listener.started.await(1, TimeUnit.SECONDS)).isTrue();
        awaitRequestSeen();
        long abortedAt = System.nanoTime();
        listener.requestAbort.run();

        Throwable t = failure.get(1, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - abortedAt) / 1_000_000).isLessThan(100);
        assertThat(t).isInstanceOf(ModelCallException.class).hasCauseInstanceOf(StreamClosedException.class);
        assertThat(listener.events).containsExactly("requestStarted");
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void connectionRefusedNamesProviderAndUrlButNoKey(WireApi wire) throws Exception {
        URI dead;
        try (LoopbackServer s = LoopbackServer.start((request, exchange) -> { })) {
            dead = s.uri();
        }
        ModelClient c = client(wire, AuthStyle.BOTH, dead);
        assertThatThrownBy(() -> c.openStream(hello(), WireListener.NONE))
                .isInstanceOf(ModelCallException.class)
                .hasMessageStartingWith("prov: POST " + dead)
                .satisfies(e -> assertThat(((ModelCallException) e).apiError()).isNull())
                .satisfies(WireClientContractTest::assertNoSecret);
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void resetBeforeHeadersIsATransportFailure(WireApi wire) {
        server = LoopbackServer.start((request, exchange) -> exchange.reset());
        ModelClient c = client(wire, AuthStyle.BOTH);
        assertThatThrownBy(() -> c.openStream(hello(), WireListener.NONE))
                .isInstanceOf(ModelCallException.class)
                .hasMessageContaining("prov: POST http://127.0.0.1:" + server.port())
                .satisfies(WireClientContractTest::assertNoSecret);
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void theKeyEachRequestSentIsToldToTheListenerSoARejectionCanBeChargedToIt(WireApi wire) {
        int[] statuses = {401, 402, 429, 500};
        server = LoopbackServer.start((request, exchange) ->
                exchange.json(statuses[server.requests().size() - 1], "{\"error\":{\"message\":\"no\"}}"));
        ModelClient c = client(wire, AuthStyle.BEARER);
        List<String> used = new ArrayList<>();
        WireListener listener = new WireListener() {
            @Override
            public void credentialUsed(Credential credential) {
                used.add(credential.label());
            }
        };
        for (int status : statuses) {
            assertThatThrownBy(() -> c.openStream(hello(), listener))
                    .isInstanceOfSatisfying(ModelCallException.class, e -> {
                        assertThat(e.apiError().httpStatus()).isEqualTo(status);
                        assertNoSecret(e);
                    });
        }
        assertThat(used).containsExactly("key#1", "key#2", "key#3", "key#4");
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void noKeyInAnyFailureOrInItsApiError(WireApi wire) throws Exception {
        server = LoopbackServer.start((request, exchange) -> exchange.respond(401, "Unauthorized"));
        ModelClient c = client(wire, AuthStyle.BOTH);
        assertThatThrownBy(() -> c.complete(hello(), WireListener.NONE))
                .satisfies(WireClientContractTest::assertNoSecret)
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.apiError().toString()).doesNotContain(RotatingCredentials.SECRET_MARKER);
                    assertThat(e.apiError().message()).startsWith("Unauthorized"); // a plain body, then the URL it came from
                });
    }

    private static void assertNoSecret(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause()) {
            assertThat(String.valueOf(x.getMessage()) + x).doesNotContain(RotatingCredentials.SECRET_MARKER);
        }
    }

    private void awaitRequestSeen() throws InterruptedException {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (server.requests().isEmpty() && System.nanoTime() < deadline) Thread.sleep(1);
        assertThat(server.requests()).isNotEmpty();
    }

    private static void awaitBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (t.getState() == Thread.State.RUNNABLE || t.getState() == Thread.State.NEW) {
            if (System.nanoTime() > deadline) throw new AssertionError("reader never blocked");
            Thread.sleep(1);
        }
        Thread.sleep(20); // let it settle in the blocking read
    }
}
