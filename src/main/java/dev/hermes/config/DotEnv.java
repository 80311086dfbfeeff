package dev.hermes.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed {@code .env} file. Accepted lines: {@code KEY=VALUE}, {@code export KEY=VALUE}, blank
 * lines and {@code #} comments. Values may be single-quoted (taken literally), double-quoted
 * (escapes {@code \n \t \r \" \\}) or bare (an inline comment starts at whitespace followed by
 * {@code #}; surrounding whitespace is trimmed). A later definition of a key replaces an earlier one.
 *
 * <p>Errors name the file and line but never the line's content: a malformed line may be a key
 * pasted without its name.
 *
 * @param file    the file read
 * @param entries key to entry, in file order
 */
public record DotEnv(Path file, Map<String, Entry> entries) {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    /** One definition; {@link #toString()} omits the value. */
    public record Entry(String key, String value, int line) {
        @Override
        public String toString() {
            return "Entry[" + key + " at line " + line + "]";
        }
    }

    public DotEnv {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** Reads {@code file}; a missing file is an empty one. */
    public static DotEnv read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new DotEnv(file, Map.of());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(file, text);
    }

    public static DotEnv parse(Path file, String text) {
        Map<String, Entry> out = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ") || line.startsWith("export\t")) line = line.substring(7).strip();
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq).strip();
            if (!KEY.matcher(key).matches()) {
                throw new ConfigException(file + ":" + lineNo
                        + ": expected KEY=VALUE (line not shown: it may hold a secret)");
            }
            String value = value(file, lineNo, key, line.substring(eq + 1).strip());
            out.remove(key);
            out.put(key, new Entry(key, value, lineNo));
        }
        return new DotEnv(file, out);
    }

    private static String value(Path file, int lineNo, String key, String raw) {
        if (raw.isEmpty()) return "";
        char q = raw.charAt(0);
        if (q != '"' && q != '\'') {
            for (int i = 1; i < raw.length(); i++) {
                if (raw.charAt(i) == '#' && Character.isWhitespace(raw.charAt(i - 1))) {
                    return raw.substring(0, i).strip();
                }
            }
            return raw;
        }
        StringBuilder sb = new StringBuilder();
        int i = 1;
        for (; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == q) break;
            if (q == '"' && c == '\\' && i + 1 < raw.length()) {
                char n = raw.charAt(++i);
                sb.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '"', '\\' -> n;
                    default -> {
                        sb.append('\\');
                        yield n;
                    }
                });
            } else {
                sb.append(c);
            }
        }
        String where = file + ":" + lineNo + ": value of " + key;
        if (i >= raw.length()) {
            throw new ConfigException(where + " has no closing " + (q == '"' ? "double" : "single") + " quote");
        }
        String rest = raw.substring(i + 1).strip();
        if (!rest.isEmpty() && !rest.startsWith("#")) {
            throw new ConfigException(where + " has text after its closing quote");
        }
        return sb.toString();
    }

    public Entry get(String key) {
        return entries.get(key);
    }
}
