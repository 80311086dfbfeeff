package dev.hermes.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest; "dev" when running from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = HermesCommand.class.getPackage().getImplementationVersion();
        return new String[]{"hermes " + (v == null ? "dev" : v)};
    }
}
