/**
 * {@code hermes dashboard}: the kanban board, live, in a browser.
 *
 * <pre>
 *   BoardStore.eventsAfter --EventFeed (one poller)--> every open page's /api/events stream
 *   page --GET /api/board, /api/task, /api/log--> BoardJson, LogTail
 *   page --POST /api/action--> DashboardActions --> the same BoardStore operations as `hermes kanban`
 *   every request --DashboardAccess--> Host check, cookie, anti-CSRF header
 * </pre>
 *
 * Served by {@link dev.hermes.server.HttpServer}; the page (HTML, CSS, JS) is in the jar under
 * {@code /dashboard/}, with no external assets.
 */
package dev.hermes.dashboard;
