package dev.hermes.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model name parsed as a fault: {@code <fault>} or {@code <fault>:<k>=<v>,<k>=<v>}; for
 * {@code scripted:<name>[,<k>=<v>...]} the first item is the script name.
 *
 * @param model      the model name exactly as the client sent it (per-model state is keyed on it)
 * @param kind       the fault
 * @param scriptName the script for {@link FaultKind#SCRIPTED}, else null
 * @param params     parameters in the order given
 */
public record FaultSpec(String model, FaultKind kind, String scriptName, Map<String, String> params) {

    public FaultSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(kind, "kind");
        params = Map.copyOf(params);
    }

    /**
     * Parses a model name.
     *
     * @throws IllegalArgumentException naming the model and the bad part
     */
    public static FaultSpec parse(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model name is missing; use a fault name such as 'healthy'");
        }
        String trimmed = model.trim();
        int colon = trimmed.indexOf(':');
        String name = colon < 0 ? trimmed : trimmed.substring(0, colon);
        FaultKind kind = FaultKind.byModelName(name);
        if (kind == null) {
            throw new UnknownFault("model '" + model + "': unknown fault '" + name
                    + "'; known faults: " + FaultKind.allNames());
        }
        String rest = colon < 0 ? "" : trimmed.substring(colon + 1);
        String scriptName = null;
        Map<String, String> params = new LinkedHashMap<>();
        for (String item : rest.isEmpty() ? new String[0] : rest.split(",")) {
            String it = item.trim();
            int eq = it.indexOf('=');
            if (kind == FaultKind.SCRIPTED && scriptName == null && eq < 0) {
                scriptName = it;
                continue;
            }
            if (eq <= 0) {
                throw new IllegalArgumentException("model '" + model + "': parameter '" + it
                        + "' is not of the form key=value");
            }
            params.put(it.substring(0, eq).trim(), it.substring(eq + 1).trim());
        }
        if (kind == FaultKind.SCRIPTED && (scriptName == null || scriptName.isEmpty())) {
            throw new IllegalArgumentException("model '" + model + "': use scripted:<script name>");
        }
        FaultSpec spec = new FaultSpec(trimmed, kind, scriptName, params);
        spec.validate();
        return spec;
    }

    /** The model name does not name a fault (answered with 404, like an unknown model). */
    public static final class UnknownFault extends IllegalArgumentException {
        UnknownFault(String message) {
            super(message);
        }
    }

    private void validate() {
        for (String key : params.keySet()) {
            if (!FaultKind.COMMON_PARAMS.contains(key) && !kind.params().contains(key)) {
                throw new IllegalArgumentException("model '" + model + "': unknown parameter '" + key + "' for fault '"
                        + kind.modelName() + "'; it takes " + new TreeSet<>(kind.params()) + " and "
                        + new TreeSet<>(FaultKind.COMMON_PARAMS));
            }
            if (key.equals("clean") || key.equals("tool")) {
                if (!params.get(key).matches("true|false")) {
                    throw new IllegalArgumentException("model '" + model + "': parameter '" + key + "' must be true or false");
                }
            } else if (number(key, 0) == 0 && Set.of("words", "chunk_words", "fragment_chars", "delta_words").contains(key)) {
                throw new IllegalArgumentException("model '" + model + "': parameter '" + key + "' must be at least 1");
            }
        }
    }

    /** The same parameters under another fault (a scripted turn's own fault keeps the model's timing). */
    FaultSpec withFault(String fault) {
        FaultSpec turn = parse(fault);
        Map<String, String> merged = new LinkedHashMap<>(params);
        merged.putAll(turn.params);
        return new FaultSpec(model, turn.kind, scriptName, merged);
    }

    /**
     * A non-negative integer parameter.
     *
     * @throws IllegalArgumentException naming the model and key when the value is not one
     */
    public long number(String key, long defaultValue) {
        String v = params.get(key);
        if (v == null) return defaultValue;
        try {
            long n = Long.parseLong(v);
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // reported below with the model name
        }
        throw new IllegalArgumentException("model '" + model + "': parameter '" + key + "' must be a"
                + " non-negative integer, got '" + v + "'");
    }

    /** An integer parameter that must fit an int (counts). */
    public int count(String key, int defaultValue) {
        return (int) Math.min(Integer.MAX_VALUE, number(key, defaultValue));
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(params.get(key));
    }

    public boolean has(String key) {
        return params.containsKey(key);
    }
}
