package dev.hermes.log;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    @Test
    void registeredSecretsAreMaskedWherever_theyAppear() {
        Redactor.remember("zz-registered-0123456789");

        String out = Redactor.redact("url=http://x/?k=zz-registered-0123456789&y=1 and again zz-registered-0123456789");

        assertThat(out).doesNotContain("zz-registered-0123456789").contains("***");
    }

    @Test
    void keyShapedTokensAreMaskedEvenWhenUnknown() {
        String out = Redactor.redact("Authorization: Bearer abcdefghijklmnop x-api-key: sk-cp-SECRET123456 "
                + "{\"api_key\": \"plainsecretvalue\"} MINIMAX_API_KEY=anothersecret9");

        assertThat(out)
                .doesNotContain("abcdefghijklmnop", "sk-cp-SECRET123456", "plainsecretvalue", "anothersecret9")
                .contains("Bearer ***", "\"api_key\": \"***");
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        String text = "max_tokens: 4096, stale_timeout_seconds=90, model=MiniMax-M2.7 finish=stop";
        assertThat(Redactor.redact(text)).isEqualTo(text);
    }
}
