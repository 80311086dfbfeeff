package dev.hermes.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one benchmark found, as Markdown for docs/benchmarks.md; every line is also printed as it
 * is written, so a run shows its results without opening the doc.
 */
final class Report {

    private final StringBuilder md = new StringBuilder();
    private Object figures;

    /** A paragraph (or a single line) of prose. */
    Report text(String line) {
        System.out.println(line);
        md.append(line).append("\n\n");
        return this;
    }

    Report bullet(String line) {
        System.out.println("  - " + line);
        md.append("- ").append(line).append('\n');
        return this;
    }

    /** Ends a bullet list. */
    Report endList() {
        md.append('\n');
        return this;
    }

    /** A table: the first column is the row label. */
    Report table(String[] headers, List<String[]> rows) {
        md.append("| ").append(String.join(" | ", headers)).append(" |\n|");
        md.append(" --- |".repeat(headers.length)).append('\n');
        for (String[] r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
            System.out.println("  " + String.join("  ", r));
        }
        md.append('\n');
        return this;
    }

    /** A row: a label followed by cells. */
    static String[] row(String label, String... cells) {
        List<String> all = new ArrayList<>();
        all.add(label);
        all.addAll(Arrays.asList(cells));
        return all.toArray(String[]::new);
    }

    /** Headers: a label column followed by others. */
    static String[] headers(String label, String... others) {
        return row(label, others);
    }

    /**
     * The benchmark's figures for {@code bin/bench --json}: maps, lists, numbers, strings, with
     * null for a figure that could not be measured.
     */
    Report figures(Object figures) {
        this.figures = figures;
        return this;
    }

    Object figures() {
        return figures;
    }

    String markdown() {
        return md.toString();
    }
}
