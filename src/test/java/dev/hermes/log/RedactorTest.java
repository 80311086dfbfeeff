package dev.hermes.log;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    private static final String KNOWN = "zz-registered-0123456789";
    private static final String PROVIDER_KEY = "sk-or-v1-0123456789abcdef0123456789abcdef";

    static {
        Redactor.remember(KNOWN);
    }

    @Test
    void registeredSecretsAreMaskedWhereverTheyAppear() {
        String out = Redactor.redact("url=http://x/?k=" + KNOWN + "&y=1 and again " + KNOWN);

        assertThat(out).doesNotContain(KNOWN).contains("***");
    }

    @Test
    void highConfidenceKeyShapesAreMaskedEvenWhenUnknown() {
        String out = Redactor.redact("Authorization: Bearer abcdefghijklmnop123 key " + PROVIDER_KEY
                + " gh ghp_0123456789abcdefghijABCDEFGHIJ0123 aws AKIAABCDEFGHIJKLMNOP"
                + " db postgresql://hermes:pw-in-url-42@db.example/board GH_PAT=github-pat-value-1"
                + "\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----\n");

        assertThat(out)
                .doesNotContain("abcdefghijklmnop123", PROVIDER_KEY, "ghp_0123456789", "AKIAABCDEFGHIJKLMNOP",
                        "pw-in-url-42", "github-pat-value-1", "b3BlbnNzaC1rZXk")
                .contains("Bearer ***", "postgresql://hermes:***@db.example/board", "GH_PAT=***");
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        String text = """
                max_tokens: 4096, stale_timeout_seconds=90, model=MiniMax-M2.7 finish=stop
                token = tokenizer.next_token()
                api_key = os.environ["OPENAI_API_KEY"]
                {"password": "see the vault", "secret_name": "prod"}
                bearer tokens expire; sk-learn is a library; http://example.com/a:b@c
                put SIM_KEY=... in ~/.env, or GH_PAT=<your token>, or X_TOKEN=$TOKEN""";
        assertThat(Redactor.redact(text)).isEqualTo(text);
    }

    @Test
    void aKnownSecretSplitAcrossStreamedPiecesIsMasked() {
        StreamRedactor stream = new StreamRedactor();
        StringBuilder shown = new StringBuilder();
        String text = "the key is " + KNOWN + " and the provider's is " + PROVIDER_KEY + ", done";
        for (int i = 0; i < text.length(); i += 3) shown.append(stream.push(text.substring(i, Math.min(text.length(), i + 3))));
        shown.append(stream.flush());

        assertThat(shown.toString()).isEqualTo("the key is *** and the provider's is ***, done");
    }

    /** However a stream is cut into pieces (every piece size, every alignment), what is shown is the redaction of the whole. */
    @Test
    void streamedRedactionEqualsWholeRedaction() {
        for (int pieceSize = 1; pieceSize <= 40; pieceSize++) {
            for (int offset = 0; offset < 12; offset++) assertStreamedEqualsWhole(pieceSize, offset);
        }
    }

    private static void assertStreamedEqualsWhole(int pieceSize, int offset) {
        String text = "x".repeat(offset) + " Bearer abcdefghijklmnopqrstu " + KNOWN + "ab " + PROVIDER_KEY
                + " token = tokenizer.next_token() postgresql://u:pw-secret-999@h/db -----BEGIN RSA PRIVATE KEY-----\nAAAA\n"
                + "-----END RSA PRIVATE KEY----- tail";
        StreamRedactor stream = new StreamRedactor();
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length(); i += pieceSize) {
            shown.append(stream.push(text.substring(i, Math.min(text.length(), i + pieceSize))));
        }
        shown.append(stream.flush());

        assertThat(shown.toString()).as("pieces of %d after %d", pieceSize, offset).isEqualTo(Redactor.redact(text));
    }
}
