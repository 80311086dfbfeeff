package dev.hermes.cli;

import dev.hermes.agent.SkillCatalog;
import dev.hermes.board.Task;
import dev.hermes.board.dispatch.WorkerCommand;
import dev.hermes.board.dispatch.WorkerPreflight;
import dev.hermes.config.ConfigException;
import dev.hermes.config.ConfigLoader;
import dev.hermes.config.EnvLayers;
import dev.hermes.config.Environment;
import dev.hermes.config.HermesConfig;
import dev.hermes.config.HermesHome;
import dev.hermes.config.Routes;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.MissingCredentialException;
import dev.hermes.provider.ProviderRegistry;
import dev.hermes.provider.Route;
import dev.hermes.provider.credentials.CredentialStore;
import dev.hermes.util.MonotonicClock;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What a kanban task needs of its assignee profile, checked where the board meets profiles:
 * {@code kanban create/reassign/edit} refuse an unknown profile or skill, and the dispatcher's
 * {@link WorkerPreflight} checks, before starting a worker, that the profile's config.yaml parses
 * and every route's key resolves in the environment the worker will have.
 */
final class KanbanProfiles {

    private KanbanProfiles() {
    }

    /** The home a worker for {@code profile} runs in: {@code <root>} for "default", else {@code <root>/profiles/<name>}. */
    static HermesHome home(Path root, String profile) {
        HermesHome.validateName(profile);
        return new HermesHome(root, profile.equals(HermesHome.DEFAULT_PROFILE) ? null : profile);
    }

    static void requireProfile(CommandLine.Model.CommandSpec spec, String profile) {
        if (profile == null) return;
        HermesHome home = home(HermesCommand.of(spec).configuration().home().root(), profile);
        if (!Files.isDirectory(home.dir())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown profile '" + profile
                    + "': no " + home.dir() + " (create it with `hermes profile create " + profile + "`)");
        }
    }

    /** Every skill resolves for the profile (its own skills, or a built-in one). */
    static void requireSkills(CommandLine.Model.CommandSpec spec, String profile, List<String> skills) {
        if (skills.isEmpty()) return;
        requireProfile(spec, profile);
        HermesHome home = home(HermesCommand.of(spec).configuration().home().root(),
                profile == null ? HermesHome.DEFAULT_PROFILE : profile);
        try {
            SkillCatalog.load(home.skillsDir()).resolve(skills);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "profile '" + home.profileName() + "': "
                    + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + home.skillsDir(), e);
        }
    }

    /**
     * The dispatcher's check of a task's profile. {@code userHome} is the dispatcher's (workers
     * inherit HOME). An unknown profile fails the start (spawn_failed); a config.yaml that does not
     * parse, or a route whose key does not resolve, makes the task wait with the reason.
     */
    static WorkerPreflight preflight(Path root, Path userHome) {
        return (task, environment) -> check(root, new Environment(environment, userHome), task);
    }

    private static WorkerPreflight.Verdict check(Path root, Environment env, Task task) {
        String profile = WorkerCommand.profile(task);
        HermesHome home;
        try {
            home = home(root, profile);
        } catch (ConfigException e) {
            return new WorkerPreflight.Verdict.Fail(e.getMessage());
        }
        if (!Files.isDirectory(home.dir())) {
            return new WorkerPreflight.Verdict.Fail("unknown profile '" + profile + "' (assignee of " + task.id()
                    + "): no " + home.dir() + "; create it, or `hermes kanban reassign " + task.id() + " PROFILE`");
        }
        List<String> problems = new ArrayList<>();
        try {
            HermesConfig config = ConfigLoader.load(home.configFile());
            EnvLayers layers = EnvLayers.of(env, home, config.inheritRootEnv().value());
            // a private store: the check must not bench keys in, or be affected by, this process's pools
            Routes routes = new Routes(ProviderRegistry.builtIn(), new CredentialStore(MonotonicClock.SYSTEM,
                    new Random(0)), layers);
            Routes.Plan plan = routes.resolve(config, new Routes.Overrides(task.provider(), task.model(), null));
            List<Route> all = new ArrayList<>(List.of(plan.primary()));
            all.addAll(plan.fallbacks());
            for (Route r : all) {
                try {
                    if (r.credentials() != CredentialSource.NONE) r.credentials().acquire();
                } catch (MissingCredentialException e) {
                    problems.add(e.getMessage());
                }
            }
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        return problems.isEmpty() ? WorkerPreflight.GO
                : new WorkerPreflight.Verdict.Wait("profile '" + profile + "': " + String.join("; ", problems));
    }
}
