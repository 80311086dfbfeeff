/**
 * {@code hermes doctor}: configuration, key and reachability checks of every configured route,
 * in plain words.
 *
 * <pre>
 *   HermesHome --ConfigLoader (errors kept, defaults used)--> ConfigCheck
 *   Routes.primary / Routes.fallback(i) --ConfigException--> RouteCheck.Unresolved
 *        | Route
 *        +-- CredentialSource.acquire (calling thread) --> KeyCheck
 *        +-- ReachProbe: GET model list, virtual thread, bounded --> Reach
 *        +-- DeepProbe (--deep): one tiny chat call, virtual thread, bounded --> Deep
 *   ConfigCheck + RouteCheck.Checked* --> DoctorReport --> ReportText | ReportJson
 * </pre>
 *
 * The report decides nothing about exit codes itself: {@link dev.hermes.doctor.DoctorReport#verdict()}
 * says how bad the primary route is, and the CLI maps that to an exit code.
 */
package dev.hermes.doctor;
