package dev.hermes.board.worker;

/**
 * A child process for {@link HaltOnTermTest}: a "worker" whose shutdown would be slow (a hook
 * that takes seconds, as an agent finishing a tool call would), with the worker's SIGTERM policy.
 */
public final class HaltOnTermMain {

    private HaltOnTermMain() {
    }

    public static void main(String[] args) throws Exception {
        WorkerSupport.haltOnTerm();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }));
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
