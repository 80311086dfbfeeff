package dev.hermes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small stdio MCP server for the failure tests, started as its own process. The first argument
 * says how it behaves at start: {@code ok}, {@code silent} (never answers initialize) or
 * {@code exit} (writes to stderr and exits 2). Its tools misbehave on request:
 * {@code echo} (text and structured content), {@code slow} (answers after {@code ms}),
 * {@code hang} (never answers), {@code crash} (exits 3 mid-call), {@code flood} (writes junk to
 * stdout and stderr without end), {@code env} (its environment as JSON), {@code spawn} (starts a
 * {@code sleep} child, writes its pid to {@code pid_file}, and hangs).
 */
public final class MisbehavingServerMain {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "ok";
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (mode.equals("exit")) {
            System.err.println("fatal: cannot open the database");
            System.exit(2);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode msg = JSON.readTree(line);
            if (!msg.has("id") || !msg.has("method")) continue; // notifications and responses
            String method = msg.get("method").asText();
            if (mode.equals("silent")) continue;
            switch (method) {
                case "initialize" -> reply(out, msg, JSON.readTree("""
                        {"protocolVersion":"%s","capabilities":{"tools":{}},"serverInfo":{"name":"misbehaving","version":"1"}}"""
                        .formatted(msg.path("params").path("protocolVersion").asText("2025-06-18"))));
                case "tools/list" -> reply(out, msg, JSON.readTree(TOOLS));
                case "tools/call" -> call(out, msg);
                default -> reply(out, msg, JSON.createObjectNode());
            }
        }
    }

    private static void call(PrintStream out, JsonNode msg) throws Exception {
        JsonNode params = msg.path("params");
        JsonNode a = params.path("arguments");
        switch (params.path("name").asText()) {
            case "echo" -> {
                ObjectNode r = JSON.createObjectNode();
                r.putArray("content").addObject().put("type", "text").put("text", "echo: " + a.path("text").asText());
                r.putObject("structuredContent").put("echoed", a.path("text").asText()).put("length", a.path("text").asText().length());
                reply(out, msg, r);
            }
            case "slow" -> {
                Thread.sleep(a.path("ms").asLong(1000));
                reply(out, msg, text("slept"));
            }
            case "hang" -> Thread.sleep(Long.MAX_VALUE);
            case "crash" -> {
                System.err.println("panic: index out of range");
                System.exit(3);
            }
            case "flood" -> {
                Thread err = new Thread(() -> {
                    while (true) System.err.println("x".repeat(1000));
                });
                err.setDaemon(true);
                err.start();
                String junk = "not json ".repeat(100);
                while (true) out.println(junk);
            }
            case "env" -> {
                Map<String, String> env = new TreeMap<>(System.getenv());
                reply(out, msg, text(JSON.writeValueAsString(env)));
            }
            case "spawn" -> {
                Process child = new ProcessBuilder("sleep", "1000").start();
                Files.writeString(Path.of(a.path("pid_file").asText()), Long.toString(child.pid()));
                reply(out, msg, text("spawned " + child.pid()));
            }
            default -> {
                ObjectNode r = text("no such tool");
                r.put("isError", true);
                reply(out, msg, r);
            }
        }
    }

    private static ObjectNode text(String text) {
        ObjectNode r = JSON.createObjectNode();
        r.putArray("content").addObject().put("type", "text").put("text", text);
        return r;
    }

    private static synchronized void reply(PrintStream out, JsonNode msg, JsonNode result) throws Exception {
        ObjectNode r = JSON.createObjectNode();
        r.put("jsonrpc", "2.0");
        r.set("id", msg.get("id"));
        r.set("result", result);
        out.println(JSON.writeValueAsString(r));
    }

    private static final String TOOLS = """
            {"tools":[
             {"name":"echo","description":"Echoes text","inputSchema":{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]},
              "annotations":{"readOnlyHint":true}},
             {"name":"slow","description":"Answers late","inputSchema":{"type":"object","properties":{"ms":{"type":"integer"}}}},
             {"name":"hang","description":"Never answers","inputSchema":{"type":"object"}},
             {"name":"crash","description":"Exits mid-call","inputSchema":{"type":"object"}},
             {"name":"flood","description":"Floods its output","inputSchema":{"type":"object"}},
             {"name":"env","description":"Its environment","inputSchema":{"type":"object"}},
             {"name":"spawn","description":"Starts a child","inputSchema":{"type":"object","properties":{"pid_file":{"type":"string"}}}}
            ]}""";

    private MisbehavingServerMain() {
    }
}
