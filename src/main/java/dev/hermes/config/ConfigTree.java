package dev.hermes.config;

import dev.hermes.util.Origin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * config.yaml after validation against {@link ConfigSchema}: typed leaves, each with its line.
 * Produced by {@link YamlConfigReader}, consumed by {@link ConfigLoader}.
 */
final class ConfigTree {

    sealed interface Node permits Leaf, Branch, Seq {
        String path();

        Origin origin();
    }

    /**
     * A typed value: String, Boolean, Integer, Duration, WireApi or PoolStrategy.
     * {@code secret} values are never printed.
     */
    record Leaf(String path, Object value, Origin origin, boolean secret) implements Node {
        @Override
        public String toString() {
            return "Leaf[" + path + " at " + origin.describe() + "]";
        }
    }

    /** A mapping, keys in file order. */
    record Branch(String path, Map<String, Node> children, Origin origin) implements Node {
        Branch {
            children = Collections.unmodifiableMap(new LinkedHashMap<>(children));
        }

        Node get(String key) {
            return children.get(key);
        }

        Branch branch(String key) {
            return children.get(key) instanceof Branch b ? b : null;
        }

        Leaf leaf(String key) {
            return children.get(key) instanceof Leaf l ? l : null;
        }
    }

    record Seq(String path, List<Node> items, Origin origin) implements Node {
        Seq {
            items = List.copyOf(items);
        }
    }

    private ConfigTree() {
    }
}
