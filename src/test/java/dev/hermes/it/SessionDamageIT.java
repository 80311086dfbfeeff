package dev.hermes.it;

import dev.hermes.provider.WireApi;
import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import dev.hermes.testing.HermesProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Damaged and contended session files through the real launcher: list, show and --resume keep working. */
class SessionDamageIT {

    private static final Duration RUN = Duration.ofSeconds(90);

    @TempDir
    Path temp;
    private Path home;
    private Path ws;
    private Map<String, String> env;

    @BeforeEach
    void homeAndWorkspace() throws Exception {
        home = Files.createDirectories(temp.resolve("home"));
        ws = Files.createDirectories(temp.resolve("ws"));
        env = Map.of("HERMES_HOME", home.toString());
    }

    @Test
    void aSessionTornInsideACharacterStillListsShowsAndResumesAndSpoilsNoOtherSession() throws Exception {
        try (SimServer sim = SimServer.start()) {
            Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: healthy, base_url: "
                    + sim.anthropicBaseUrl() + ", api_mode: " + WireApi.ANTHROPIC_MESSAGES.configName() + "}\n");
            for (String prompt : List.of("first question", "second question")) {
                HermesProcess.Result r = HermesProcess.run(temp, env, RUN, "chat", "-q", prompt, "--workspace", ws.toString());
                assertThat(r.exit()).as(r.err()).isZero();
            }
            List<Path> sessions = sessionFiles(home);
            assertThat(sessions).hasSize(2);
            // ids sort by the second they started in: two quick runs can share one, so find each by its question
            Path torn = sessionWith(sessions, "first question");
            Path damaged = sessionWith(sessions, "second question");
            // a full disk cut the first session inside a multi-byte character
            Files.write(torn, "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"caf\u00c3"
                    .getBytes(StandardCharsets.ISO_8859_1), StandardOpenOption.APPEND);
            // the second has a line that is not UTF-8 in the middle
            List<String> lines = Files.readAllLines(damaged);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write((lines.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
            out.write("{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"na\u00efve\"}]}\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (String l : lines.subList(1, lines.size())) out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            Files.write(damaged, out.toByteArray());
            String tornId = id(torn);

            HermesProcess.Result list = HermesProcess.run(temp, env, RUN, "sessions", "list");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains(tornId, id(damaged), "first question", "second question");
            assertThat(list.err()).doesNotContain("Exception");

            HermesProcess.Result show = HermesProcess.run(temp, env, RUN, "sessions", "show", id(damaged));
            assertThat(show.exit()).as(show.err()).isZero();
            assertThat(show.out()).contains("second question");
            assertThat(show.err()).contains(":2: unreadable line skipped: not valid UTF-8").doesNotContain("Exception");

            HermesProcess.Result resumed = HermesProcess.run(temp, env, RUN, "chat", "--resume", tornId, "-q", "third question",
                    "--workspace", ws.toString());
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            assertThat(resumed.err()).contains("torn last line ignored").doesNotContain("cannot write sessions");
            assertThat(resumed.out()).isEqualTo(SimServer.canonicalAnswer("healthy", "third question") + "\n");
            // the resumed request carried the first exchange and the new question, not the torn line
            assertThat(sim.attempts().getLast().messages()).isEqualTo(3);
            assertThat(Files.readString(torn)).doesNotContain("caf").contains("third question");
        }
    }

    @Test
    void aSecondResumeOfASessionInUseIsRefusedAtOnceWithAClearMessage() throws Exception {
        try (SimServer sim = SimServer.start()) {
            sim.registerScript(new SimScript("slow", List.of(SimScript.Turn.text("Hello."),
                    SimScript.Turn.text("Still here.").withFault("slow-first-token:delay_ms=60000"))));
            Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: \"scripted:slow\", base_url: "
                    + sim.anthropicBaseUrl() + ", api_mode: " + WireApi.ANTHROPIC_MESSAGES.configName() + "}\n");
            HermesProcess.Result first = HermesProcess.run(temp, env, RUN, "chat", "-q", "hi", "--workspace", ws.toString());
            assertThat(first.exit()).as(first.err()).isZero();
            String id = id(sessionFiles(home).getFirst());
            Path session = sessionFiles(home).getFirst();

            Process holder = HermesProcess.start(temp, env, temp.resolve("out1.txt"), temp.resolve("err1.txt"),
                    "chat", "--resume", id, "-q", "are you there?", "--workspace", ws.toString());
            try {
                long deadline = System.nanoTime() + RUN.toNanos();
                while (sim.attempts().size() < 2 && System.nanoTime() < deadline && holder.isAlive()) Thread.sleep(20);
                assertThat(sim.attempts()).as(Files.readString(temp.resolve("err1.txt"))).hasSize(2);
                long linesBefore = Files.readAllLines(session).size();

                HermesProcess.Result second = HermesProcess.run(temp, env, RUN, "chat", "--resume", id, "-q", "me too",
                        "--workspace", ws.toString());

                assertThat(second.exit()).isEqualTo(2);
                assertThat(second.err()).contains("session " + id + " is in use by another hermes process");
                assertThat(sim.attempts()).hasSize(2); // the second never called the model
                assertThat(Files.readAllLines(session)).hasSize((int) linesBefore).noneMatch(l -> l.contains("me too"));
            } finally {
                holder.descendants().forEach(ProcessHandle::destroyForcibly);
                holder.destroyForcibly();
                holder.waitFor();
            }
        }
    }

    private static List<Path> sessionFiles(Path home) throws Exception {
        try (Stream<Path> files = Files.list(home.resolve("sessions"))) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    private static Path sessionWith(List<Path> sessions, String question) throws Exception {
        for (Path s : sessions) {
            if (Files.readString(s, StandardCharsets.UTF_8).contains(question)) return s;
        }
        throw new AssertionError("no session holds '" + question + "'");
    }

    private static String id(Path session) {
        String name = session.getFileName().toString();
        return name.substring(0, name.length() - ".jsonl".length());
    }
}
