package dev.hermes.doctor;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code hermes doctor} found about the configuration itself.
 *
 * @param home            the active home directory
 * @param profile         the profile name ("default" for the root)
 * @param configFile      the config.yaml read
 * @param configExists    whether it exists (missing means defaults)
 * @param parseError      the {@code ConfigException} message (with file:line), or null when it parsed
 * @param warnings        unknown keys and the like, each "file:line: message"
 * @param notes           keys of the Python original recognised but not supported here, one per section
 * @param envFiles        the .env files layered, highest precedence first
 * @param inheritsRootEnv under a profile, whether the root .env is layered too; null at the root
 */
public record ConfigCheck(Path home, String profile, Path configFile, boolean configExists, String parseError,
                          List<String> warnings, List<String> notes, List<Path> envFiles, Boolean inheritsRootEnv) {

    public ConfigCheck {
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
        envFiles = List.copyOf(envFiles);
    }

    public Severity severity() {
        return parseError != null ? Severity.CONFIG : warnings.isEmpty() ? Severity.OK : Severity.WARNING;
    }
}
