package dev.hermes.proxy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.hermes.sim.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The official SDKs against the proxy, through the simulator's faults, on both wires and across them. */
class ProxySdkTest {

    static final String QUESTION = "Tell me about the weather";
    static final String ANSWER = SimServer.canonicalAnswer(40, QUESTION);

    @TempDir
    Path dir;

    static OpenAIClient openAi(ProxyRig rig) {
        return OpenAIOkHttpClient.builder().baseUrl(rig.base() + "/v1").apiKey("unused").maxRetries(0).build();
    }

    static AnthropicClient anthropic(ProxyRig rig) {
        return AnthropicOkHttpClient.builder().baseUrl(rig.base()).apiKey("unused").maxRetries(0).build();
    }

    @Test
    void openAiClientGetsOneCompleteStreamWhenTheOpenAiPrimaryIsCutAndAnAnthropicFallbackContinues() throws Exception {
        try (ProxyRig rig = new ProxyRig(dir, "cut:after=3", "chat_completions", "healthy", "anthropic_messages", "", Map.of())) {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("cut:after=3")
                    .addUserMessage(QUESTION).streamOptions(com.openai.models.chat.completions.ChatCompletionStreamOptions.builder()
                            .includeUsage(true).build()).build();
            StringBuilder text = new StringBuilder();
            StringBuilder finish = new StringBuilder();
            long[] usageChunks = {0};
            try (var stream = openAi(rig).chat().completions().createStreaming(params)) {
                stream.stream().forEach((ChatCompletionChunk c) -> {
                    c.choices().forEach(ch -> {
                        ch.delta().content().ifPresent(text::append);
                        ch.finishReason().ifPresent(f -> finish.append(f.asString()));
                    });
                    if (c.usage().isPresent()) usageChunks[0]++;
                });
            }
            assertThat(text.toString()).isEqualTo(ANSWER);
            assertThat(finish.toString()).isEqualTo("stop");
            assertThat(usageChunks[0]).isEqualTo(1);
            assertThat(rig.sim.attempts()).hasSize(2);
            assertThat(rig.accessLog()).contains("\"route\":\"custom/healthy\"", "\"status\":200", "\"attempts\":2");
            assertThat(rig.get("/metrics").body()).contains("hermes_proxy_continuations_total{route=\"custom/healthy\"} 1",
                    "hermes_proxy_failovers_total{from=\"custom/cut:after=3\",to=\"custom/healthy\"} 1",
                    "hermes_proxy_time_to_first_token_seconds_count 1");

            ChatCompletion whole = openAi(rig).chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("cut:after=3").addUserMessage(QUESTION).build());
            assertThat(whole.choices().get(0).message().content()).hasValue(ANSWER);
            assertThat(whole.choices().get(0).finishReason().asString()).isEqualTo("stop");
        }
    }

    @Test
    void anthropicClientGetsOneCompleteStreamWhenTheAnthropicPrimaryStallsAndAnOpenAiFallbackContinues() throws Exception {
        try (ProxyRig rig = new ProxyRig(dir, "stall:after=2", "anthropic_messages", "healthy", "chat_completions", "", Map.of())) {
            MessageCreateParams params = MessageCreateParams.builder().model("stall:after=2").maxTokens(1000)
                    .addUserMessage(QUESTION).build();
            StringBuilder text = new StringBuilder();
            StringBuilder events = new StringBuilder();
            try (StreamResponse<RawMessageStreamEvent> stream = anthropic(rig).messages().createStreaming(params)) {
                stream.stream().forEach(e -> {
                    e.contentBlockDelta().ifPresent(d -> d.delta().text().ifPresent(t -> text.append(t.text())));
                    e.messageDelta().ifPresent(d -> events.append("stop_reason=").append(d.delta().stopReason().orElseThrow().asString()));
                    if (e.isMessageStop()) events.append(";message_stop");
                });
            }
            assertThat(text.toString()).isEqualTo(ANSWER);
            assertThat(events.toString()).isEqualTo("stop_reason=end_turn;message_stop");
            assertThat(rig.sim.attempts()).hasSize(2);

            var whole = anthropic(rig).messages().create(params);
            assertThat(whole.content().get(0).text().orElseThrow().text()).isEqualTo(ANSWER);
            assertThat(whole.stopReason().orElseThrow().asString()).isEqualTo("end_turn");
        }
    }
}
