package dev.hermes.failover;

import dev.hermes.failover.Failure.TransportKind;
import dev.hermes.llm.ApiError;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.StreamEvent;
import dev.hermes.stream.MalformedStreamException;
import dev.hermes.provider.MissingCredentialException;
import dev.hermes.provider.ModelCallException;
import dev.hermes.provider.StreamClosedException;
import dev.hermes.stream.FiredTimer;
import dev.hermes.stream.StallKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Exception mapping, with the transport cases produced by a real JDK HttpClient over loopback. */
class FailuresTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterAll
    static void close() {
        HTTP.close();
    }

    /** What a real HttpClient request against a server doing {@code behaviour} throws. */
    private static Throwable failureFrom(Consumer<Socket> behaviour, Duration requestTimeout) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = server.accept()) {
                    behaviour.accept(s);
                } catch (IOException ignored) {
                    // the socket's fate is the test's subject
                }
            });
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"))
                    .timeout(requestTimeout).POST(HttpRequest.BodyPublishers.ofString("{}")).build(); // POST: the JDK retries a GET once
            try {
                HTTP.send(req, HttpResponse.BodyHandlers.ofString());
                throw new AssertionError("request unexpectedly succeeded");
            } catch (IOException e) {
                return new ModelCallException("transport", e); // as a wire client wraps it
            } finally {
                t.join(2000);
            }
        }
    }

    private static TransportKind kind(Throwable t) {
        Failure f = Failures.of(t, Optional.empty());
        assertThat(f).isInstanceOf(Failure.Transport.class);
        return ((Failure.Transport) f).kind();
    }

    @Test
    void resetBeforeHeaders() throws Exception {
        Throwable t = failureFrom(s -> {
            try {
                s.getInputStream().read();
                s.setSoLinger(true, 0); // close with RST
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, Duration.ofSeconds(2));
        assertThat(kind(t)).isEqualTo(TransportKind.RESET);
    }

    @Test
    void closedBeforeHeaders() throws Exception {
        Throwable t = failureFrom(s -> { }, Duration.ofSeconds(2));
        assertThat(kind(t)).isEqualTo(TransportKind.RESET);
    }

    @Test
    void requestTimeout() throws Exception {
        Throwable t = failureFrom(s -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, Duration.ofMillis(50));
        assertThat(kind(t)).isEqualTo(TransportKind.TIMEOUT);
    }

    @Test
    void refused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.discarding());
            throw new AssertionError("connected to a closed port");
        } catch (IOException e) {
            assertThat(kind(e)).isEqualTo(TransportKind.REFUSED);
        }
    }

    @Test
    void dnsAndTlsAreFoundDeepInTheCauseChain() {
        var dns = new java.net.ConnectException("connect failed");
        dns.initCause(new UnresolvedAddressException());
        assertThat(kind(new ModelCallException("transport", dns))).isEqualTo(TransportKind.DNS);
        assertThat(kind(new IOException(new SSLHandshakeException("PKIX path building failed")))).isEqualTo(TransportKind.TLS);
        assertThat(kind(new IOException("something odd"))).isEqualTo(TransportKind.OTHER);
    }

    @Test
    void providerErrorsAndOurOwnExceptions() {
        ApiError http = new ApiError(503, null, null, "busy", null, null);
        ApiError inStream = new ApiError(0, "overloaded_error", null, "busy", null, null);
        assertThat(Failures.of(new ModelCallException(http), Optional.empty())).isEqualTo(new Failure.HttpError(http));
        assertThat(Failures.of(new ModelCallException(inStream), Optional.empty())).isEqualTo(new Failure.StreamError(inStream));
        assertThat(Failures.of(new MalformedStreamException("bad json", "{\"a\":", null), Optional.empty()))
                .isEqualTo(new Failure.Malformed("{\"a\":"));
        assertThat(Failures.of(new MissingCredentialException("minimax", "set MINIMAX_API_KEY"), Optional.empty()))
                .isEqualTo(new Failure.NoCredential("set MINIMAX_API_KEY"));
        assertThat(Failures.of(new StreamClosedException("closed"), Optional.empty())).isInstanceOf(Failure.Cancelled.class);
    }

    @Test
    void anyExceptionAfterAWatchdogAbortIsTheStall() {
        FiredTimer fired = new FiredTimer(StallKind.CONTENT_IDLE, Duration.ofMillis(100), Duration.ofMillis(104), "a#1");
        Failure f = Failures.of(new StreamClosedException("closed"), Optional.of(fired));
        assertThat(f).isEqualTo(new Failure.Stalled(StallKind.CONTENT_IDLE, Duration.ofMillis(100), Duration.ofMillis(104), "a#1"));
        assertThat(Failures.of(new IOException("Connection reset"), Optional.of(fired))).isInstanceOf(Failure.Stalled.class);
    }

    @Test
    void terminalEventsThatAreNotAnswers() {
        assertThat(Failures.of(new StreamEvent.Finish(FinishReason.CONTENT_FILTER, "content_filter")))
                .containsInstanceOf(Failure.ContentFiltered.class);
        assertThat(Failures.of(new StreamEvent.Finish(FinishReason.REFUSAL, "refusal")))
                .containsInstanceOf(Failure.Refused.class);
        assertThat(Failures.of(new StreamEvent.Finish(FinishReason.LENGTH, "length"))).isEmpty();
        assertThat(Failures.of(new StreamEvent.TextDelta("hi"))).isEmpty();
        ApiError e = new ApiError(0, null, "1027", "output new_sensitive", null, null);
        assertThat(Failures.of(new StreamEvent.Error(e))).contains(new Failure.StreamError(e));
    }

    @Test
    void aTransportFailureIsDescribedInWordsNotByItsJavaClass() {
        assertThat(Failures.message(new java.io.IOException("wrapped", new java.io.EOFException("EOF reached while reading"))))
                .isEqualTo("EOF reached while reading");
        assertThat(Failures.message(new java.net.SocketTimeoutException())).isEqualTo("socket timeout");
        assertThat(Failures.message(new java.io.EOFException())).isEqualTo("the connection closed before the response ended");
    }
}
