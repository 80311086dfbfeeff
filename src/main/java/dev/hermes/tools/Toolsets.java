package dev.hermes.tools;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Named groups of tools, as the CLI's {@code --toolsets} selects them: {@code file} (read_file,
 * write_file, patch, search_files, list_dir), {@code terminal} (terminal), and one
 * {@code mcp-<name>} per configured MCP server. No names, or {@code all}, selects every toolset.
 */
public final class Toolsets {

    public static final String FILE = "file";
    public static final String TERMINAL = "terminal";
    public static final String ALL = "all";

    private Toolsets() {
    }

    /** Toolset name to the names of its tools. */
    public static Map<String, List<String>> names() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        sets(TerminalTool.Settings.defaults()).forEach((set, tools) -> names.put(set, tools.get().stream().map(Tool::name).toList()));
        return names;
    }

    /** Every toolset, with default limits. */
    public static ToolRegistry defaults() {
        return select(List.of(), TerminalTool.Settings.defaults());
    }

    /**
     * The union of the named toolsets, in the order above.
     *
     * @throws IllegalArgumentException naming an unknown toolset and listing the known ones
     */
    public static ToolRegistry select(Collection<String> toolsets, TerminalTool.Settings terminal) {
        return select(toolsets, terminal, Map.of());
    }

    /**
     * As {@link #select(Collection, TerminalTool.Settings)}, with more named toolsets after the
     * built-in ones (an MCP server's {@code mcp-<name>}).
     */
    public static ToolRegistry select(Collection<String> toolsets, TerminalTool.Settings terminal,
                                      Map<String, List<Tool>> extra) {
        Map<String, Supplier<List<Tool>>> sets = sets(terminal);
        extra.forEach((name, tools) -> sets.put(name, () -> tools));
        for (String name : toolsets) {
            if (!name.equals(ALL) && !sets.containsKey(name)) {
                throw new IllegalArgumentException("unknown toolset '" + name + "'; known: " + String.join(", ", sets.keySet()) + ", all");
            }
        }
        boolean all = toolsets.isEmpty() || toolsets.contains(ALL);
        List<Tool> tools = new ArrayList<>();
        sets.forEach((name, supplier) -> {
            if (all || toolsets.contains(name)) tools.addAll(supplier.get());
        });
        return ToolRegistry.of(tools);
    }

    private static Map<String, Supplier<List<Tool>>> sets(TerminalTool.Settings terminal) {
        Map<String, Supplier<List<Tool>>> sets = new LinkedHashMap<>();
        sets.put(FILE, () -> List.of(new ReadFileTool(), new WriteFileTool(), new PatchTool(), new SearchFilesTool(), new ListDirTool()));
        sets.put(TERMINAL, () -> List.of(new TerminalTool(terminal)));
        return sets;
    }
}
