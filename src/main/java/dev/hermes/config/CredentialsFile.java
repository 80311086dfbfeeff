package dev.hermes.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <home>/credentials.yaml}: several keys per provider, for credential pools.
 * <pre>
 * openrouter:
 *   - key: sk-or-v1-...
 *     label: work          # optional; shown in messages instead of the key
 *   - sk-or-v1-...         # a bare key is fine too
 * minimax:
 *   - key: sk-cp-...
 * </pre>
 * Errors name the file and line, never a key.
 *
 * @param file    the file read
 * @param entries keys by provider id, in file order
 */
public record CredentialsFile(Path file, Map<String, List<Entry>> entries) {

    /** One key; {@link #toString()} omits it. */
    public record Entry(String key, String label, int line) {
        @Override
        public String toString() {
            return "Entry[" + label + " at line " + line + "]";
        }
    }

    public CredentialsFile {
        entries = Map.copyOf(entries);
    }

    /** The keys listed for {@code provider} (empty when none). */
    public List<Entry> keys(String provider) {
        return entries.getOrDefault(provider, List.of());
    }

    /** Reads {@code file}; a missing file has no keys. */
    public static CredentialsFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new CredentialsFile(file, Map.of());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(file + ":" + line + ": malformed YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ConfigException(file + ": malformed YAML", e);
        }
        if (root == null || Tag.NULL.equals(root.getTag())) return new CredentialsFile(file, Map.of());
        if (!(root instanceof MappingNode map)) {
            throw new ConfigException(file + ":" + line(root) + ": expected provider ids mapped to lists of keys");
        }
        Map<String, List<Entry>> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new ConfigException(file + ":" + line(t.getKeyNode()) + ": expected a provider id");
            }
            String provider = k.getValue();
            if (!(t.getValueNode() instanceof SequenceNode seq)) {
                throw new ConfigException(file + ":" + line(t.getValueNode()) + ": '" + provider + "' must be a list of keys");
            }
            List<Entry> keys = new ArrayList<>();
            for (Node item : seq.getValue()) keys.add(entry(file, provider, item, keys.size() + 1));
            out.put(provider, List.copyOf(keys));
        }
        return new CredentialsFile(file, out);
    }

    private static Entry entry(Path file, String provider, Node item, int n) {
        String where = file + ":" + line(item) + ": " + provider + "[" + (n - 1) + "]";
        String defaultLabel = provider + "#" + n;
        if (item instanceof ScalarNode s && !s.getValue().isBlank()) {
            return new Entry(s.getValue().trim(), defaultLabel, line(item));
        }
        if (!(item instanceof MappingNode m)) throw new ConfigException(where + ": expected a key or {key: ..., label: ...}");
        String key = null;
        String label = defaultLabel;
        for (NodeTuple t : m.getValue()) {
            String name = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
            if (!(t.getValueNode() instanceof ScalarNode v)) {
                throw new ConfigException(where + "." + name + ": must be a string");
            }
            switch (name) {
                case "key" -> key = v.getValue().trim();
                case "label" -> label = v.getValue().trim();
                default -> throw new ConfigException(where + ": unknown field '" + name + "' (expected key, label)");
            }
        }
        if (key == null || key.isEmpty()) throw new ConfigException(where + ": missing 'key'");
        return new Entry(key, label, line(item));
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }
}
