package dev.hermes.config;

import dev.hermes.config.ConfigSchema.Kind;
import dev.hermes.config.ConfigTree.Branch;
import dev.hermes.config.ConfigTree.Leaf;
import dev.hermes.config.ConfigTree.Seq;
import dev.hermes.provider.WireApi;
import dev.hermes.provider.credentials.PoolStrategy;
import dev.hermes.util.Origin;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads config.yaml with SnakeYAML's node API (so every value keeps its line) and checks it against
 * {@link ConfigSchema}. Unknown keys become warnings; wrong types and malformed YAML a
 * {@link ConfigException} naming file, line and key. Secret values never appear in messages.
 */
final class YamlConfigReader {
    private final Path file;
    private final List<ConfigWarning> warnings = new ArrayList<>();
    /** Recognised keys we do not implement, by top-level section, in file order: one note per section. */
    private final Map<String, List<String>> unsupported = new LinkedHashMap<>();
    private final Map<String, Integer> unsupportedLine = new LinkedHashMap<>();

    private YamlConfigReader(Path file) {
        this.file = file;
    }

    record Result(Branch root, List<ConfigWarning> warnings) {
    }

    static Result read(Path file, String text) {
        Node node;
        try {
            node = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? file.toString() : file + ":" + (m.getLine() + 1);
            throw new ConfigException(where + ": malformed YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ConfigException(file + ": malformed YAML: " + e.getMessage(), e);
        }
        YamlConfigReader r = new YamlConfigReader(file);
        if (node == null || isNull(node)) {
            return new Result(new Branch("", Map.of(), Origin.file(file, 1)), List.of());
        }
        Branch root = (Branch) r.walk(node, "", "", Kind.SECTION);
        r.unsupported.forEach((section, keys) -> r.warnings.add(ConfigWarning.unsupported(file,
                r.unsupportedLine.get(section), String.join(", ", keys.stream().map(k -> "'" + k + "'").toList())
                        + ": recognised (a setting of the Python original) but not supported here")));
        return new Result(root, List.copyOf(r.warnings));
    }

    private ConfigTree.Node walk(Node node, String path, String pattern, Kind kind) {
        Origin origin = origin(node);
        return switch (kind) {
            case SECTION, NAMED -> mapping(node, path, pattern, kind);
            case MODEL -> node instanceof ScalarNode
                    ? new Branch(path, Map.of("default", walk(node, path + ".default", pattern + ".default", Kind.STRING)), origin)
                    : mapping(node, path, pattern, Kind.SECTION);
            case LIST -> {
                if (!(node instanceof SequenceNode seq)) throw wrongType(node, path, kind);
                List<ConfigTree.Node> items = new ArrayList<>();
                for (Node item : seq.getValue()) {
                    String itemPath = path + "[" + items.size() + "]";
                    items.add(walk(item, itemPath, pattern + "[]", ConfigSchema.KEYS.get(pattern + "[]")));
                }
                yield new Seq(path, items, origin);
            }
            case STRING, SECRET, URL, SECONDS, INT, FRACTION, BOOL, API_MODE, STRATEGY -> leaf(node, path, pattern, kind);
            case UNSUPPORTED, IGNORED -> throw new IllegalStateException("not walked: " + kind);
        };
    }

    private Branch mapping(Node node, String path, String pattern, Kind kind) {
        if (!(node instanceof MappingNode map)) throw wrongType(node, path, kind);
        Map<String, ConfigTree.Node> children = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
                throw new ConfigException(where(t.getKeyNode()) + ": keys under '" + display(path) + "' must be plain names");
            }
            String key = keyNode.getValue();
            String childPath = path.isEmpty() ? key : path + "." + key;
            Integer dup = firstLine.putIfAbsent(key, line(keyNode));
            if (dup != null) {
                throw new ConfigException(where(keyNode) + ": duplicate key '" + childPath + "' (first at line " + dup + ")");
            }
            String childPattern = (pattern.isEmpty() ? "" : pattern + ".") + (kind == Kind.NAMED ? "*" : key);
            Kind childKind = ConfigSchema.KEYS.get(childPattern);
            if (childKind == null) {
                warnings.add(new ConfigWarning(file, line(keyNode), "unknown key '" + childPath + "'"));
                continue;
            }
            if (childKind == Kind.IGNORED) continue;
            if (childKind == Kind.UNSUPPORTED) {
                String section = childPath.split("[.\\[]", 2)[0];
                unsupported.computeIfAbsent(section, s -> new ArrayList<>()).add(childPath);
                unsupportedLine.putIfAbsent(section, line(keyNode));
                continue;
            }
            if (isNull(t.getValueNode())) continue; // `key:` with no value: as if absent
            children.put(key, walk(t.getValueNode(), childPath, childPattern, childKind));
        }
        return new Branch(path, children, origin(node));
    }

    private Leaf leaf(Node node, String path, String pattern, Kind kind) {
        if (!(node instanceof ScalarNode s)) throw wrongType(node, path, kind);
        String v = s.getValue().trim();
        Object value = switch (kind) {
            case STRING, SECRET -> v;
            case URL -> url(v);
            case SECONDS -> seconds(v);
            case INT -> integer(v);
            case FRACTION -> fraction(v);
            case BOOL -> bool(v);
            case API_MODE -> WireApi.fromConfig(v);
            case STRATEGY -> PoolStrategy.fromConfig(v);
            default -> throw new IllegalStateException("not a leaf kind: " + kind);
        };
        if (value == null) throw wrongType(node, path, kind);
        ConfigSchema.Range range = ConfigSchema.RANGES.get(pattern);
        if (range != null && !range.contains((Integer) value)) {
            throw new ConfigException(where(node) + ": '" + path + "' must be an integer from " + range.min() + " to "
                    + range.max() + ", got " + value);
        }
        return new Leaf(path, value, origin(node), kind == Kind.SECRET);
    }

    private static URI url(String v) {
        try {
            URI u = new URI(v);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null ? u : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Duration seconds(String v) {
        try {
            BigDecimal d = new BigDecimal(v);
            // Zero or below a millisecond would be a timer that fires at once: refused here, with the line.
            // (Sub-millisecond digits of a larger value are dropped.)
            boolean inRange = d.compareTo(new BigDecimal("0.001")) >= 0 && d.compareTo(ConfigSchema.MAX_SECONDS) <= 0;
            return inRange ? Duration.ofMillis(d.movePointRight(3).longValue()) : null;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static Integer integer(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double fraction(String v) {
        try {
            double d = Double.parseDouble(v);
            return d > 0 && d <= 1 ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> null;
        };
    }

    private ConfigException wrongType(Node node, String path, Kind kind) {
        String got = switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode q -> "a list";
            case ScalarNode s when kind == Kind.SECRET -> "a value (not shown)";
            case ScalarNode s -> '"' + s.getValue() + '"';
            default -> "something else";
        };
        return new ConfigException(where(node) + ": '" + display(path) + "' must be " + kind.expected + ", got " + got);
    }

    private static String display(String path) {
        return path.isEmpty() ? "(top level)" : path;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode && Tag.NULL.equals(n.getTag());
    }

    private String where(Node n) {
        return file + ":" + line(n);
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private Origin origin(Node n) {
        return Origin.file(file, line(n));
    }
}
