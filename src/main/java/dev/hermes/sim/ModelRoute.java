package dev.hermes.sim;

import dev.hermes.provider.WireApi;
import dev.hermes.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Map;

/**
 * Turns one model-call request into a logged attempt and a {@link ModelCall}: parses the body,
 * checks the key, resolves the fault (and the scripted turn), and builds the answer.
 */
final class ModelRoute {

    private ModelRoute() {
    }

    static void handle(SimContext ctx, Socket socket, InputStream in, OutputStream out, RawHttp.Request r, WireApi wire)
            throws IOException, InterruptedException {
        long t = ctx.elapsedMs();
        List<String> auth = SimContext.authKinds(r);
        ctx.keepBody(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        ModelRequest req;
        try {
            req = ModelRequest.parse(r.body());
        } catch (IllegalArgumentException e) {
            AttemptLog.Entry entry = ctx.log.add(t, r.method(), r.path(), wire.configName(), null, null, false, false,
                    0, auth, null);
            ModelCall.reject(out, entry, SimError.badRequest(wire, e.getMessage()));
            return;
        }
        AttemptLog.Entry entry = ctx.log.add(t, r.method(), r.path(), wire.configName(), req.model(), null,
                req.stream(), req.prefill() != null, req.messages(), auth, req.maxTokens());
        if (!ctx.authorized(r)) {
            ModelCall.reject(out, entry, SimError.missingKey(wire));
            return;
        }
        FaultSpec model;
        try {
            model = FaultSpec.parse(req.model());
        } catch (FaultSpec.UnknownFault e) {
            ModelCall.reject(out, entry, new SimError(404, Map.of(), notFound(wire, e.getMessage())));
            return;
        } catch (IllegalArgumentException e) {
            ModelCall.reject(out, entry, SimError.badRequest(wire, e.getMessage()));
            return;
        }
        FaultSpec spec = model;
        SimScript.Turn turn = null;
        String stateKey = model.model();
        if (model.kind() == FaultKind.SCRIPTED) {
            SimScript script = ctx.scripts.get(model.scriptName());
            if (script == null) {
                ModelCall.reject(out, entry, new SimError(404, Map.of(), notFound(wire, "model '" + model.model()
                        + "': no script named '" + model.scriptName() + "' is registered")));
                return;
            }
            if (req.assistantTurns() >= script.turns().size()) {
                ModelCall.reject(out, entry, SimError.badRequest(wire, "script '" + script.name() + "' has "
                        + script.turns().size() + " turns; this request is for turn " + (req.assistantTurns() + 1)
                        + " (it holds " + req.assistantTurns() + " assistant messages)"));
                return;
            }
            turn = script.turns().get(req.assistantTurns());
            stateKey = model.model() + "#turn" + req.assistantTurns();
            if (turn.fault() != null) spec = model.withFault(turn.fault());
        }
        entry.fault(turn == null ? model.model() : model.model() + " turn " + (req.assistantTurns() + 1)
                + (turn.fault() == null ? "" : " " + turn.fault()));
        new ModelCall(socket, in, out, wire, req, entry, ctx.options, ctx.state)
                .play(spec, answer(spec, turn, req, wire), stateKey);
    }

    /** The text and tool calls to deliver, continuing from a prefill that is a prefix of the text. */
    private static Answer answer(FaultSpec spec, SimScript.Turn turn, ModelRequest req, WireApi wire) {
        String text;
        List<Answer.Call> calls;
        String canonical = Prose.answer(spec.count("words", Prose.DEFAULT_WORDS), req.lastUserText());
        if (turn != null) {
            text = turn.text() == null ? "" : turn.text();
            calls = ModelCall.calls(wire, req.assistantTurns(), turn.toolCalls());
        } else if (spec.kind() == FaultKind.CONTENT_FILTER_TOOL) {
            text = "";
            calls = ModelCall.calls(wire, req.assistantTurns(), List.of(SimScript.ToolCall.of("write_file",
                    Map.of("path", "answer.md", "content", canonical))));
        } else {
            text = canonical;
            calls = List.of();
        }
        if (req.prefill() != null && text.startsWith(req.prefill())) text = text.substring(req.prefill().length());
        List<String> textChunks = spec.has("chunk_chars") ? Prose.fragments(text, spec.count("chunk_chars", 1))
                : Prose.chunks(text, spec.count("chunk_words", 3));
        return Answer.of(text, textChunks, calls, spec.count("fragment_chars", 12));
    }

    private static String notFound(WireApi wire, String message) {
        var root = Json.MAPPER.createObjectNode();
        switch (wire) {
            case CHAT_COMPLETIONS -> root.putObject("error").put("message", message).put("type", "invalid_request_error")
                    .putNull("param").put("code", "model_not_found");
            case ANTHROPIC_MESSAGES -> root.put("type", "error").putObject("error").put("type", "not_found_error")
                    .put("message", message);
        }
        return root.toString();
    }
}
