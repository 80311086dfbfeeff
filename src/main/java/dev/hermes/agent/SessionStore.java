package dev.hermes.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.llm.Role;
import dev.hermes.util.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sessions as append-only JSON Lines files, {@code <home>/sessions/<id>.jsonl}; see
 * docs/agent.md for the line types. Ids are minted by the front end and sort by start time
 * ({@code 20261121-235900-a1b2}).
 * Thread-safe: it holds no state besides the directory.
 */
public final class SessionStore {

    /** A session as {@code hermes sessions list} shows it. */
    public record Info(String id, Instant started, String title, int turns, String lastProvider) {
    }

    /** Valid lines of a session file and what was wrong with the others. */
    public record Lines(String id, List<JsonNode> lines, List<String> warnings) {
    }

    /** A session's history rebuilt for {@code --resume}. */
    public record Loaded(String id, List<Message> history, List<String> warnings) {
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final int TITLE_CHARS = 60;

    static final String LOST_RESULT = "[no result: the session ended while this tool call was running]";

    private final Path dir;
    private final Clock clock;
    private final PrintStream complaints;

    public SessionStore(Path dir, Clock clock, PrintStream complaints) {
        this.dir = dir;
        this.clock = clock;
        this.complaints = complaints;
    }

    public static SessionStore in(Path dir) {
        return new SessionStore(dir, Clock.systemUTC(), System.err);
    }

    public Path dir() {
        return dir;
    }

    /** A session opened for {@code --resume}: its writer (holding the session's lock) and its history. */
    public record Resumed(SessionWriter writer, Loaded loaded) {
    }

    /**
     * Starts a new session file with its meta line.
     *
     * @param id the session's id, minted by the front end before anything was logged under it
     *           ({@code dev.hermes.app.App#newSessionId})
     * @throws IllegalArgumentException when {@code id} is not letters, digits, '-' and '_'
     */
    public SessionWriter create(String id, String provider, String model, Path workspace) throws IOException {
        if (id == null || !ID.matcher(id).matches()) throw new IllegalArgumentException("invalid session id '" + id + "'");
        Files.createDirectories(dir);
        SessionWriter writer = new SessionWriter(id, file(id), lockFile(id), clock, complaints);
        writer.meta("start", provider, model, workspace);
        return writer;
    }

    /**
     * Opens an existing session to go on with it: takes the session's lock (so a second
     * {@code --resume} of it fails at once instead of interleaving lines), reads the history, then
     * cuts a torn last line (a crash mid-write) so the next line does not run into it.
     *
     * @throws SessionBusyException when another process (or writer) holds the session
     */
    public Resumed resume(String id, String provider, String model, Path workspace) throws IOException {
        Path file = existing(id);
        SessionWriter writer = new SessionWriter(id, file, lockFile(id), clock, complaints);
        try {
            Loaded loaded = load(id);
            cutTornTail(file);
            writer.meta("resume", provider, model, workspace);
            return new Resumed(writer, loaded);
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /**
     * Every session, newest first. A file with broken lines is listed with what could be read; one
     * that cannot be read at all is listed with the reason as its title: one bad file never hides
     * the others.
     */
    public List<Info> list() throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        List<Info> infos = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl") && ID.matcher(idOf(p)).matches()).toList()) {
                try {
                    infos.add(info(read(idOf(f))));
                } catch (IOException | RuntimeException e) {
                    infos.add(new Info(idOf(f), null, "(unreadable: " + e.getMessage() + ")", 0, ""));
                }
            }
        }
        infos.sort(Comparator.comparing(Info::started, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Info::id, Comparator.reverseOrder()));
        return infos;
    }

    /**
     * The valid lines of a session. A line that is not UTF-8 or not a JSON session line is skipped
     * with a warning naming its number; a last line without a line break (a crash mid-write, a
     * full disk cutting a character in half) is skipped as torn.
     */
    public Lines read(String id) throws IOException {
        Path file = existing(id);
        List<JsonNode> lines = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        byte[] content = Files.readAllBytes(file);
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<byte[]> raw = splitLines(content);
        for (int i = 0; i < raw.size(); i++) {
            boolean last = i == raw.size() - 1; // no newline after it: written partly
            try {
                String line = strict.decode(ByteBuffer.wrap(raw.get(i))).toString();
                if (line.isBlank()) continue;
                JsonNode node = Json.MAPPER.readTree(line);
                if (node == null || !node.isObject() || !node.hasNonNull("type")) throw new IOException("not a session line");
                if (last) throw new IOException("no line end");
                lines.add(node);
            } catch (CharacterCodingException e) {
                warnings.add(file + ":" + (i + 1) + ": " + (last ? "torn last line ignored (the session ended while it was written)"
                        : "unreadable line skipped: not valid UTF-8"));
            } catch (IOException e) {
                warnings.add(file + ":" + (i + 1) + ": " + (last ? "torn last line ignored (the session ended while it was written)"
                        : "unreadable line skipped: " + e.getMessage().lines().findFirst().orElse("")));
            }
        }
        return new Lines(id, lines, warnings);
    }

    /** The file's lines as bytes, split at '\n'; the last element is what follows the last line break. */
    private static List<byte[]> splitLines(byte[] content) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] != '\n') continue;
            lines.add(Arrays.copyOfRange(content, start, i));
            start = i + 1;
        }
        lines.add(Arrays.copyOfRange(content, start, content.length));
        return lines;
    }

    /**
     * Rebuilds the conversation: every message, and each tool result as a tool message. A tool
     * call that has no result (the session ended while it ran) gets an error result saying so,
     * because providers reject a tool call without one.
     */
    public Loaded load(String id) throws IOException {
        Lines lines = read(id);
        List<Message> history = new ArrayList<>();
        List<String> warnings = new ArrayList<>(lines.warnings());
        for (JsonNode n : lines.lines()) {
            try {
                switch (n.get("type").asText()) {
                    case "message" -> {
                        closeOpenCalls(history);
                        history.add(SessionCodec.message(n));
                    }
                    case "tool_result" -> {
                        ContentBlock.ToolResult result = SessionCodec.toolResult(n);
                        if (openCalls(history).contains(result.toolUseId())) {
                            history.add(new Message(Role.TOOL, List.of(result)));
                        } else {
                            // its call was on a line that could not be read: a provider rejects a result without its call
                            warnings.add(existing(id) + ": result of tool call " + result.toolUseId()
                                    + " skipped: the message making that call could not be read");
                        }
                    }
                    case "compression" -> {
                        closeOpenCalls(history);
                        compress(history, n);
                    }
                    default -> {
                        // meta, usage, attempts, outcomes: the record, not the conversation
                    }
                }
            } catch (IllegalArgumentException e) {
                warnings.add(existing(id) + ": message skipped: " + e.getMessage());
            }
        }
        closeOpenCalls(history);
        return new Loaded(id, history, warnings);
    }

    /** Replays a recorded compression: messages {@code [from, from + replaced)} become the summary message. */
    private static void compress(List<Message> history, JsonNode n) {
        int from = n.path("from").asInt(-1), replaced = n.path("replaced").asInt(-1);
        if (from < 0 || replaced < 1 || from + replaced > history.size() || !n.path("summary").isTextual()) {
            throw new IllegalArgumentException("a compression of messages " + from + ".." + (from + replaced)
                    + " does not fit the " + history.size() + " messages before it; kept them all");
        }
        history.subList(from, from + replaced).clear();
        history.add(from, Message.user(n.get("summary").asText()));
    }

    /** The ids of the tool calls of the last assistant message, if only tool results follow it. */
    private static Set<String> openCalls(List<Message> history) {
        int last = history.size() - 1;
        while (last >= 0 && history.get(last).role() == Role.TOOL) last--;
        if (last < 0 || history.get(last).role() != Role.ASSISTANT) return Set.of();
        Set<String> ids = new HashSet<>();
        for (ContentBlock.ToolUse call : history.get(last).toolUses()) ids.add(call.id());
        return ids;
    }

    /** Adds an error result for each call of the last assistant message that has none yet. */
    private static void closeOpenCalls(List<Message> history) {
        int last = history.size() - 1;
        while (last >= 0 && history.get(last).role() == Role.TOOL) last--;
        if (last < 0 || history.get(last).role() != Role.ASSISTANT) return;
        Set<String> answered = new HashSet<>();
        for (Message m : history.subList(last + 1, history.size())) {
            for (ContentBlock b : m.content()) if (b instanceof ContentBlock.ToolResult r) answered.add(r.toolUseId());
        }
        for (ContentBlock.ToolUse call : history.get(last).toolUses()) {
            if (!answered.contains(call.id())) history.add(Message.toolResult(call.id(), LOST_RESULT, true));
        }
    }

    private static Info info(Lines lines) {
        Instant started = null;
        String title = "";
        int turns = 0;
        String lastProvider = "";
        for (JsonNode n : lines.lines()) {
            String type = n.get("type").asText();
            if (type.equals("meta") && started == null && n.hasNonNull("time")) started = Instant.parse(n.get("time").asText());
            if (!type.equals("message")) continue;
            String role = n.path("role").asText();
            if (role.equals("user")) {
                turns++;
                if (title.isEmpty()) title = title(n);
            } else if (role.equals("assistant") && n.hasNonNull("provider")) {
                lastProvider = n.get("provider").asText();
            }
        }
        return new Info(lines.id(), started, title, turns, lastProvider);
    }

    private static String title(JsonNode message) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode b : message.path("content")) if (b.path("type").asText().equals("text")) sb.append(b.path("text").asText());
        String oneLine = sb.toString().replaceAll("\\s+", " ").strip();
        return oneLine.length() <= TITLE_CHARS ? oneLine : oneLine.substring(0, TITLE_CHARS - 3) + "...";
    }

    private Path existing(String id) throws IOException {
        if (id == null || !ID.matcher(id).matches()) {
            throw new NoSuchSessionException("invalid session id '" + id + "': ids are letters, digits, '-' and '_'"
                    + " (see `hermes sessions list`)");
        }
        Path file = file(id);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchSessionException("no session '" + id + "' in " + dir + " (see `hermes sessions list`)");
        }
        return file;
    }

    private Path file(String id) {
        return dir.resolve(id + ".jsonl");
    }

    /**
     * The file whose lock marks a session in use. A file of its own, because POSIX record locks
     * belong to the process and vanish when any descriptor of the locked file is closed, and this
     * process reads session files (load, list) while it writes one.
     */
    private Path lockFile(String id) {
        return dir.resolve("." + id + ".lock");
    }

    private static String idOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".jsonl".length());
    }

    private static void cutTornTail(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long length = raf.length();
            long end = length;
            while (end > 0) {
                raf.seek(end - 1);
                if (raf.read() == '\n') break;
                end--;
            }
            if (end < length) raf.setLength(end);
        }
    }

    /** Another process (or writer) has the session open; going on with it too would interleave lines. */
    public static final class SessionBusyException extends IOException {
        public SessionBusyException(String message) {
            super(message);
        }
    }

    /** The session id is malformed or names no session. */
    public static final class NoSuchSessionException extends IOException {
        public NoSuchSessionException(String message) {
            super(message);
        }
    }
}
