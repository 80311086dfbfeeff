package dev.hermes.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The machine a benchmark ran on, for the doc: results mean little without it. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        long memGiB = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memGiB = Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), " + memGiB + " GiB RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", JDK "
                + System.getProperty("java.vm.vendor") + " " + Runtime.version() + ", "
                + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")) + loadAverage();
    }

    /** Other jobs on the machine move every figure, so the doc says how busy it was when the run began. */
    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "" : String.format(java.util.Locale.ROOT, ", load average %.1f at the start", load);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }
}
