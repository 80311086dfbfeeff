package dev.hermes.cli;

import dev.hermes.agent.ModelRoute;
import dev.hermes.config.Configuration;
import dev.hermes.config.Environment;
import dev.hermes.config.Routes;
import dev.hermes.app.App;
import dev.hermes.log.EventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /model NAME}: an alias switches to its own provider; a plain name stays on the current one. */
class ConfiguredModelRouteTest {

    @Test
    void slashModelWithAnAliasSwitchesProvider(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("config.yaml"), """
                model: { provider: openrouter, default: a/b }
                model_aliases:
                  opus: { model: claude-opus-4-6, provider: anthropic }
                """);
        Configuration c = Configuration.load(new Environment(Map.of("HERMES_HOME", home.toString()), home), null);
        ModelRoute start = ConfiguredModelRoute.resolve(App.withLog(c, EventLog.NONE),
                new Routes.Overrides("openrouter", null, null), () -> { });

        ModelRoute opus = start.withModel("opus");
        assertThat(opus.provider()).isEqualTo("anthropic");
        assertThat(opus.model()).isEqualTo("claude-opus-4-6");

        ModelRoute plain = opus.withModel("x/y");
        assertThat(plain.provider()).isEqualTo("openrouter");
        assertThat(plain.model()).isEqualTo("x/y");
    }
}
