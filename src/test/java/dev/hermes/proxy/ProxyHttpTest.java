package dev.hermes.proxy;

import dev.hermes.sim.SimScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy over raw HTTP: auth, unknown models, limits, error events, tool calls, disconnects. */
class ProxyHttpTest {

    @TempDir
    Path dir;

    static String openAiBody(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    }

    static String anthropicBody(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":100,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    }

    @Test
    void clientKeysFromTheEnvironmentAndConfigAreRequiredAndNamedInTheLogButNeverShown() throws Exception {
        String yaml = "proxy:\n  keys:\n    - {name: ci, key: sk-proxy-ci-secret}\n";
        try (ProxyRig rig = new ProxyRig(dir, "healthy", "chat_completions", null, null, yaml,
                Map.of("HERMES_PROXY_KEY", "sk-proxy-env-one,sk-proxy-env-two"))) {
            HttpResponse<String> none = rig.post("/v1/chat/completions", openAiBody("healthy", false));
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).contains("\"code\":\"invalid_api_key\"");
            HttpResponse<String> wrong = rig.post("/v1/messages", anthropicBody("healthy", false), "x-api-key", "sk-nope");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("\"type\":\"error\"", "\"authentication_error\"");
            assertThat(rig.post("/v1/chat/completions", openAiBody("healthy", false), "authorization", "Bearer sk-proxy-env-two")
                    .statusCode()).isEqualTo(200);
            assertThat(rig.post("/v1/messages", anthropicBody("healthy", false), "x-api-key", "sk-proxy-ci-secret")
                    .statusCode()).isEqualTo(200);
            assertThat(rig.get("/v1/models").statusCode()).isEqualTo(401);
            assertThat(rig.accessLog()).contains("\"key\":\"env-2\"", "\"key\":\"ci\"", "\"outcome\":\"unauthorized\"")
                    .doesNotContain("sk-proxy", ProxyRig.SIM_KEY);
            assertThat(rig.get("/metrics").body()).doesNotContain("sk-");
        }
    }

    @Test
    void keptAliveClientsAreServedCallAfterCallAndNeverTakenForGone() throws Exception {
        String model = "healthy:words=5,chunk_delay_ms=0";
        try (ProxyRig rig = new ProxyRig(dir, model, "chat_completions", null, null, "", Map.of())) {
            okhttp3.OkHttpClient client = new okhttp3.OkHttpClient(); // as the SDKs: connections kept alive
            List<String> wrong = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            try (var workers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < 10; w++) {
                    workers.submit(() -> {
                        for (int i = 0; i < 30; i++) {
                            String end = i % 2 == 0 ? "[DONE]" : "\"finish_reason\":\"stop\""; // the answer was whole
                            okhttp3.Request request = new okhttp3.Request.Builder().url(rig.base() + "/v1/chat/completions")
                                    .post(okhttp3.RequestBody.create(openAiBody(model, i % 2 == 0),
                                            okhttp3.MediaType.get("application/json"))).build();
                            try (okhttp3.Response r = client.newCall(request).execute()) {
                                String body = r.body().string();
                                if (r.code() != 200 || !body.contains(end)) {
                                    wrong.add(r.code() + " " + body);
                                }
                            } catch (java.io.IOException e) {
                                wrong.add(e.toString());
                            }
                        }
                        return null;
                    });
                }
            }
            assertThat(wrong).isEmpty();
            assertThat(rig.accessLog()).doesNotContain("client_gone");
            assertThat(client.connectionPool().connectionCount()).isLessThanOrEqualTo(10);
        }
    }

    @Test
    void anExposedBindWithoutClientKeysIsRefused() throws Exception {
        try (ProxyRig rig = new ProxyRig(dir, "healthy", "chat_completions", null, null, "proxy: {host: 0.0.0.0}\n", Map.of())) {
            throw new AssertionError("started on 0.0.0.0 without a key: " + rig.base());
        } catch (dev.hermes.config.ConfigException e) {
            assertThat(e.getMessage()).contains("0.0.0.0", "HERMES_PROXY_KEY", "proxy.keys");
        }
    }

    @Test
    void unknownModelsAre404InTheClientsWireAndModelsListsTheConfiguredName() throws Exception {
        try (ProxyRig rig = new ProxyRig(dir, "healthy", "chat_completions", null, null, "", Map.of())) {
            HttpResponse<String> oa = rig.post("/v1/chat/completions", openAiBody("gpt-9", false));
            assertThat(oa.statusCode()).isEqualTo(404);
            assertThat(oa.body()).contains("model_not_found", "gpt-9", "healthy");
            HttpResponse<String> an = rig.post("/v1/messages", anthropicBody("gpt-9", true));
            assertThat(an.statusCode()).isEqualTo(404);
            assertThat(an.body()).contains("not_found_error");
            assertThat(rig.get("/v1/models").body()).contains("\"id\":\"healthy\"", "\"object\":\"list\"");
            assertThat(rig.post("/v1/messages", "{not json").statusCode()).isEqualTo(400);
            assertThat(rig.get("/health").body()).contains("ok");
        }
    }

    @Test
    void overLimitsTheClientGets413And429Or529InItsOwnFormat() throws Exception {
        String yaml = "proxy: {max_body_bytes: 2048, max_concurrent_requests: 1}\n";
        try (ProxyRig rig = new ProxyRig(dir, "slow-first-token:delay_ms=1500", "chat_completions", null, null, yaml, Map.of())) {
            String big = "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(3000) + "\"}]}";
            HttpResponse<String> tooBig = rig.post("/v1/chat/completions", big);
            assertThat(tooBig.statusCode()).isEqualTo(413);
            assertThat(tooBig.body()).contains("2048", "proxy.max_body_bytes");

            CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return rig.post("/v1/chat/completions", openAiBody("slow-first-token:delay_ms=1500", false));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (rig.sim.attempts().isEmpty() && System.nanoTime() < until) Thread.onSpinWait();
            HttpResponse<String> oa = rig.post("/v1/chat/completions", openAiBody("slow-first-token:delay_ms=1500", false));
            assertThat(oa.statusCode()).isEqualTo(429);
            assertThat(oa.body()).contains("max_concurrent_requests");
            HttpResponse<String> an = rig.post("/v1/messages", anthropicBody("slow-first-token:delay_ms=1500", false));
            assertThat(an.statusCode()).isEqualTo(529);
            assertThat(an.body()).contains("overloaded_error");
            assertThat(slow.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void whenNoRouteCanContinueTheStreamEndsWithAnErrorEventNotAFakeStop() throws Exception {
        try (ProxyRig rig = new ProxyRig(dir, "cut:after=4", "chat_completions", "overloaded-503", "anthropic_messages", "", Map.of())) {
            String oa = rig.post("/v1/chat/completions", openAiBody("cut:after=4", true)).body();
            assertThat(oa).contains("\"content\":", "data: {\"error\":").doesNotContain("[DONE]", "\"finish_reason\":\"stop\"");
            String an = rig.post("/v1/messages", anthropicBody("cut:after=4", true)).body();
            assertThat(an).contains("text_delta", "event: error\ndata: {\"type\":\"error\"")
                    .doesNotContain("message_stop", "end_turn");
        }
    }

    @Test
    void metricsCountEachAttemptAsTheCallAnnouncesItNotWhenTheRequestEnds() throws Exception {
        String stall = "stall:after=2", slow = "slow-first-token:delay_ms=1800";
        try (ProxyRig rig = new ProxyRig(dir, stall, "chat_completions", slow, "anthropic_messages", "", Map.of())) {
            CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return rig.post("/v1/chat/completions", openAiBody(stall, false));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the stall is on /metrics while the request is still in flight (the content idle timer is 0.4 s,
            // the fallback takes 1.8 s): counted as the call announced it, not when the request ended
            String stalled = "hermes_proxy_stalls_total{route=\"custom/" + stall + "\"} 1";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String during = "";
            while (!during.contains(stalled) && System.nanoTime() < deadline) {
                during = rig.get("/metrics").body();
            }
            assertThat(during).contains(stalled, "hermes_proxy_attempts_total{route=\"custom/" + stall + "\",outcome=\"stall\"} 1",
                    "hermes_proxy_in_flight 1");

            assertThat(answer.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            // the request is counted once its last byte is written, which the client can see a moment before
            String after = during;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!after.contains("hermes_proxy_in_flight 0") && System.nanoTime() < deadline) {
                after = rig.get("/metrics").body();
            }
            assertThat(after).contains(stalled, "hermes_proxy_in_flight 0",
                    "hermes_proxy_attempts_total{route=\"custom/" + slow + "\",outcome=\"answered\"} 1",
                    "hermes_proxy_failovers_total{from=\"custom/" + stall + "\",to=\"custom/" + slow + "\"} 1",
                    "hermes_proxy_requests_total{route=\"custom/" + slow + "\",wire=\"openai\",status=\"200\"} 1");
        }
    }

    @Test
    void aToolCallCutUpstreamIsReRequestedAndReachesTheClientOnceAndWhole() throws Exception {
        try (ProxyRig rig = new ProxyRig(dir, "scripted:cutcall", "chat_completions", "scripted:call", "anthropic_messages", "",
                Map.of())) {
            SimScript.ToolCall call = SimScript.ToolCall.of("get_weather", Map.of("city", "Paris", "days", 2));
            rig.sim.registerScript(new SimScript("cutcall", List.of(SimScript.Turn.tools(call).withFault("cut:after=2"))));
            rig.sim.registerScript(new SimScript("call", List.of(SimScript.Turn.tools(call))));
            String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}]}";
            String body = openAiBody("scripted:cutcall", true);
            String sse = rig.post("/v1/chat/completions", body.substring(0, body.length() - 1) + tools).body();
            assertThat(sse.split("\"tool_calls\":\\[", -1)).hasSize(2); // exactly one tool-call delta
            assertThat(sse).contains("\"name\":\"get_weather\"", "\"finish_reason\":\"tool_calls\"", "data: [DONE]");
            String line = sse.lines().filter(l -> l.contains("\"tool_calls\":[")).findFirst().orElseThrow();
            var delta = dev.hermes.util.Json.MAPPER.readTree(line.substring("data: ".length()));
            String args = delta.at("/choices/0/delta/tool_calls/0/function/arguments").asText();
            assertThat(dev.hermes.util.Json.MAPPER.readTree(args)).isEqualTo(call.arguments());
            assertThat(rig.sim.attempts()).hasSize(2);

            String an = rig.post("/v1/messages", "{\"model\":\"scripted:cutcall\",\"max_tokens\":100,\"stream\":false,"
                    + "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}],"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]}").body();
            var message = dev.hermes.util.Json.MAPPER.readTree(an);
            assertThat(message.at("/content/0/type").asText()).isEqualTo("tool_use");
            assertThat(message.at("/content/0/input")).isEqualTo(call.arguments());
            assertThat(message.get("stop_reason").asText()).isEqualTo("tool_use");
        }
    }

    @Test
    void aClientThatHangsUpCancelsTheUpstreamAttemptAtOnce() throws Exception {
        try (ProxyRig rig = new ProxyRig(dir, "slow-first-token:delay_ms=8000", "chat_completions", null, null, "", Map.of())) {
            String body = openAiBody("slow-first-token:delay_ms=8000", true);
            long start = System.nanoTime();
            try (Socket s = new Socket("127.0.0.1", rig.proxy.port())) {
                s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (rig.sim.attempts().isEmpty() && System.nanoTime() < until) Thread.onSpinWait();
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            while (!rig.accessLog().contains("client_gone") && System.nanoTime() < until) Thread.sleep(10);
            assertThat(rig.accessLog()).contains("\"status\":499", "\"outcome\":\"client_gone\"");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("well before the 8 s first token").isLessThan(6000);
        }
    }
}
