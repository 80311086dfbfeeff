package dev.hermes.provider.clients;

import dev.hermes.util.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Context windows as model lists spell them. */
class ModelListingTest {

    @Test
    void readsTheWindowOfTheNamedModelUnderTheKeysProvidersUse() throws Exception {
        var openRouter = Json.MAPPER.readTree("""
                {"data":[{"id":"a/other","context_length":1000},
                         {"id":"minimax/minimax-m2","context_length":196608,"top_provider":{"context_length":100}}]}""");
        assertThat(ModelListing.find(openRouter, "minimax/minimax-m2")).isEqualTo(196608);
        var vllm = Json.MAPPER.readTree("{\"data\":[{\"id\":\"qwen\",\"max_model_len\":32768}]}");
        assertThat(ModelListing.find(vllm, "qwen")).isEqualTo(32768);
        var topOnly = Json.MAPPER.readTree("[{\"id\":\"m\",\"top_provider\":{\"context_length\":8192}}]");
        assertThat(ModelListing.find(topOnly, "m")).isEqualTo(8192);
        assertThat(ModelListing.find(openRouter, "unlisted")).isNull();
        assertThat(ModelListing.find(Json.MAPPER.readTree("{\"data\":[{\"id\":\"m\"}]}"), "m")).isNull();
    }
}
