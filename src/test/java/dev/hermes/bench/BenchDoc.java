package dev.hermes.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/benchmarks.md: a hand-written preamble, then one generated section per benchmark between
 * {@code <!-- bench:NAME -->} and {@code <!-- /bench:NAME -->}. Running some benchmarks replaces
 * their sections and keeps the others (and the preamble) as they were.
 */
final class BenchDoc {

    private static final Pattern SECTION = Pattern.compile(
            "<!-- bench:([a-z-]+) -->\\n(.*?)<!-- /bench:\\1 -->\\n?", Pattern.DOTALL);

    private static final String PREAMBLE = """
            # Benchmarks

            Speed and memory targets are measured here, by `bin/bench`, never asserted as timings in
            unit tests. `bin/bench` runs every benchmark; `bin/bench NAME...` runs some and rewrites only
            their sections below. Each section says the machine, the date and the command that produced it.

            """;

    private BenchDoc() {
    }

    /** Replaces (or adds) the given sections, keeping the rest; sections follow {@code order}. */
    static void update(Path doc, List<String> order, Map<String, String> fresh) throws IOException {
        String old = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : PREAMBLE;
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher m = SECTION.matcher(old);
        int firstSection = -1;
        while (m.find()) {
            if (firstSection < 0) firstSection = m.start();
            sections.put(m.group(1), m.group(2));
        }
        String preamble = firstSection < 0 ? old : old.substring(0, firstSection);
        sections.putAll(fresh);
        StringBuilder out = new StringBuilder(preamble.stripTrailing()).append("\n\n");
        for (String name : order) {
            String body = sections.get(name);
            if (body != null) {
                out.append("<!-- bench:").append(name).append(" -->\n").append(body.stripTrailing()).append("\n")
                        .append("<!-- /bench:").append(name).append(" -->\n\n");
            }
        }
        Files.createDirectories(doc.getParent());
        Files.writeString(doc, out.toString().stripTrailing() + "\n", StandardCharsets.UTF_8);
    }
}
