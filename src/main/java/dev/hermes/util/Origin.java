package dev.hermes.util;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an effective setting came from, so that {@code hermes config show --origin} and error
 * messages can point at the exact file line, environment variable or flag.
 */
public sealed interface Origin {

    /** Short human form: {@code /root/.hermes/config.yaml:12}, {@code env FOO}, {@code default}, {@code --model}. */
    String describe();

    /** A line in a file (config.yaml, .env, credentials.yaml); lines count from 1. */
    record InFile(Path file, int line) implements Origin {
        public InFile {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String describe() {
            return file + ":" + line;
        }
    }

    /** The process environment. */
    record EnvVar(String name) implements Origin {
        @Override
        public String describe() {
            return "env " + name;
        }
    }

    /** A command-line flag such as {@code --model}. */
    record Flag(String flag) implements Origin {
        @Override
        public String describe() {
            return flag;
        }
    }

    /** A built-in default (the provider registry counts as one). */
    record Default(String note) implements Origin {
        @Override
        public String describe() {
            return note == null || note.isEmpty() ? "default" : "default (" + note + ")";
        }
    }

    Origin DEFAULT = new Default("");

    static Origin file(Path file, int line) {
        return new InFile(file, line);
    }
}
