// hermes dashboard: renders /api/board, follows /api/events, performs /api/action.
// Everything from the board is inserted as text (never as HTML): titles are written by models.
'use strict';

const token = document.querySelector('meta[name="hermes-token"]').content;
const state = { board: null, open: null, logNext: -1, skew: 0, refreshTimer: null };

const $ = (id) => document.getElementById(id);
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('data-')) e.setAttribute(k, v); else e[k] = v;
  }
  for (const c of children) if (c != null) e.append(c instanceof Node ? c : String(c));
  return e;
}

async function api(path, options) {
  const r = await fetch(path, Object.assign({ credentials: 'same-origin' }, options));
  const type = r.headers.get('content-type') || '';
  const body = type.includes('json') ? await r.json() : await r.text();
  if (!r.ok) throw new Error(typeof body === 'string' ? body.trim() : (body.error || r.statusText));
  return body;
}

function showError(message) {
  const e = $('error');
  e.textContent = message || '';
  e.hidden = !message;
}

function leaseLeft(t) {
  if (!t.leaseUntil) return null;
  const ms = Date.parse(t.leaseUntil) - (Date.now() + state.skew);
  if (ms <= 0) return 'lease expired';
  const s = Math.round(ms / 1000);
  return 'lease ' + (s >= 60 ? Math.floor(s / 60) + 'm ' : '') + (s % 60) + 's left';
}

function card(t) {
  const lines = [];
  lines.push(el('div', { class: 'line' }, t.id + (t.assignee ? ' · ' + t.assignee : '') + ' · p' + t.priority));
  if (t.attempt > 0 || t.failures > 0) {
    lines.push(el('div', { class: 'line' }, 'attempt ' + t.attempt + ' · failures ' + t.failures + '/' + t.maxRetries));
  }
  const lease = t.status === 'running' ? leaseLeft(t) : null;
  if (lease) lines.push(el('div', { class: 'line lease', 'data-lease-until': t.leaseUntil }, lease));
  if (t.dispatchNote) lines.push(el('div', { class: 'note' }, t.dispatchNote));
  const b = el('button', { type: 'button', class: 'card', 'data-task-id': t.id, title: 'Open ' + t.id },
    el('div', { class: 'title' }, t.title), ...lines);
  b.addEventListener('click', () => openDetail(t.id));
  return b;
}

function render(board) {
  state.board = board;
  state.skew = Date.parse(board.now) - Date.now();
  const main = $('board');
  main.replaceChildren();
  for (const status of board.columns) {
    const tasks = board.tasks.filter((t) => t.status === status);
    const col = el('section', { class: 'column', 'data-status': status },
      el('h2', {}, status + ' (' + tasks.length + ')'));
    tasks.forEach((t) => col.append(card(t)));
    main.append(col);
  }
  const d = board.dispatcher;
  if (d) {
    const ago = Math.max(0, Math.round((Date.now() + state.skew - Date.parse(d.last_tick)) / 1000));
    const stale = ago > 3 * Math.max(1, d.tick_seconds);
    $('dispatcher').textContent = 'dispatcher ' + d.host + ':' + d.pid + ' · ' + d.live_workers + '/' + d.max_workers
      + ' workers (≤' + d.max_per_profile + ' per profile) · last tick ' + ago + ' s ago'
      + (stale ? ' (not running?)' : '') + (d.last_error ? ' · last tick failed: ' + d.last_error : '');
  } else {
    $('dispatcher').textContent = 'no dispatcher has run here';
  }
  if (board.feedError) showError('the board is not answering: ' + board.feedError);
}

async function refresh() {
  try {
    render(await api('/api/board'));
    if (state.open) await loadDetail(state.open, false);
  } catch (e) {
    showError(e.message);
  }
}

function scheduleRefresh() {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(refresh, 100);
}

function follow() {
  const es = new EventSource('/api/events?after=' + state.board.lastEventId);
  es.addEventListener('open', () => { $('live').textContent = 'live'; $('live').className = 'live on'; });
  es.addEventListener('error', () => { $('live').textContent = 'reconnecting…'; $('live').className = 'live'; });
  es.addEventListener('change', scheduleRefresh);
  es.addEventListener('reload', scheduleRefresh);
}

async function act(payload) {
  showError('');
  try {
    await api('/api/action', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Hermes-Token': token },
      body: JSON.stringify(payload),
    });
    scheduleRefresh();
    return true;
  } catch (e) {
    showError(e.message);
    return false;
  }
}

function actionButton(label, action, field) {
  const wrap = el('span', { class: 'action' });
  const input = field ? el('input', { placeholder: field, 'data-field': action }) : null;
  const b = el('button', { type: 'button', 'data-action': action }, label);
  b.addEventListener('click', () => {
    const payload = { action, id: state.open };
    if (field) payload[field] = input.value;
    if (action === 'complete') payload.force = state.detail && state.detail.status === 'running';
    act(payload).then((ok) => { if (ok && input) input.value = ''; });
  });
  if (input) wrap.append(input);
  wrap.append(b);
  return wrap;
}

const ACTIONS = {
  comment: ['Comment', 'body'],
  assign: ['Assign', 'assignee'],
  block: ['Block', 'reason'],
  unblock: ['Unblock'],
  request_review: ['Request review', 'note'],
  approve: ['Approve', 'note'],
  request_changes: ['Request changes', 'reason'],
  reclaim: ['Reclaim', 'reason'],
  complete: ['Complete', 'summary'],
  archive: ['Archive'],
};

function actionsFor(status) {
  const all = ['comment', 'assign'];
  if (status === 'running') all.push('reclaim', 'complete');
  if (status === 'blocked') all.push('unblock');
  if (['triage', 'todo', 'ready', 'blocked'].includes(status)) all.push('request_review', 'block');
  if (status === 'review') all.push('approve', 'request_changes');
  if (!['running', 'done', 'review'].includes(status)) all.push('complete');
  if (status !== 'running') all.push('archive');
  return all;
}

function listOf(id, items, fn) {
  $(id).replaceChildren(...(items.length ? items.map(fn) : [el('li', { class: 'meta' }, 'none')]));
}

function taskLink(r) {
  const a = el('a', { href: '#' + r.id }, r.title + ' (' + r.id + ', ' + r.status + ')');
  a.addEventListener('click', (ev) => { ev.preventDefault(); openDetail(r.id); });
  return el('li', {}, a);
}

async function loadDetail(id, fresh) {
  const t = await api('/api/task?id=' + encodeURIComponent(id));
  state.detail = t;
  $('detail').hidden = false;
  $('detail').setAttribute('data-task-id', t.id);
  $('d-title').textContent = t.title;
  $('d-meta').textContent = t.id + ' · ' + t.status + (t.assignee ? ' · ' + t.assignee : '') + ' · priority ' + t.priority
    + ' · attempt ' + t.attempt + ' · failures ' + t.failures + '/' + t.maxRetries
    + (t.dispatchNote ? ' · ' + t.dispatchNote : '');
  $('d-body').textContent = t.body || '(no body)';
  const actions = $('d-actions');
  if (fresh || actions.getAttribute('data-status') !== t.status) {
    actions.setAttribute('data-status', t.status);
    actions.replaceChildren(...actionsFor(t.status).map((a) => actionButton(ACTIONS[a][0], a, ACTIONS[a][1])));
  }
  listOf('d-parents', t.parents, taskLink);
  listOf('d-children', t.children, taskLink);
  listOf('d-comments', t.comments, (c) => el('li', {}, el('b', {}, c.author), ': ', c.body));
  $('d-runs').tBodies[0].replaceChildren(...t.runs.map((r) => el('tr', {},
    el('td', {}, r.attempt), el('td', {}, r.outcome || 'running'), el('td', {}, (r.elapsedMs / 1000).toFixed(1) + ' s'),
    el('td', {}, r.error || r.summary || ''))));
  listOf('d-events', t.events, (e) => el('li', {}, e.at.replace('T', ' ').replace(/\..*/, '') + ' ' + e.kind));
}

async function openDetail(id) {
  state.open = id;
  state.logNext = -1;
  $('d-log').textContent = '';
  try {
    await loadDetail(id, true);
    await followLog();
    $('close-detail').focus();
  } catch (e) {
    showError(e.message);
  }
}

async function followLog() {
  if (!state.open) return;
  const id = state.open;
  const chunk = await api('/api/log?id=' + encodeURIComponent(id) + '&from=' + state.logNext);
  if (id !== state.open) return;
  if (chunk.text) {
    const log = $('d-log');
    const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.append(chunk.text);
    if (atEnd) log.scrollTop = log.scrollHeight;
  }
  state.logNext = chunk.next;
}

function closeDetail() {
  state.open = null;
  $('detail').hidden = true;
}

function tickLeases() {
  document.querySelectorAll('.lease[data-lease-until]').forEach((e) => {
    e.textContent = leaseLeft({ leaseUntil: e.getAttribute('data-lease-until') });
  });
}

document.addEventListener('DOMContentLoaded', async () => {
  $('refresh').addEventListener('click', refresh);
  $('close-detail').addEventListener('click', closeDetail);
  $('create').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    const ok = await act({ action: 'create', title: f.get('title'), assignee: f.get('assignee'),
      priority: Number(f.get('priority') || 0) });
    if (ok) ev.target.reset();
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.target.matches('input, textarea')) return;
    if (ev.key === 'Escape') closeDetail();
    else if (ev.key === 'n') { ev.preventDefault(); $('new-title').focus(); }
    else if (ev.key === 'r') refresh();
  });
  await refresh();
  if (state.board) follow();
  setInterval(tickLeases, 1000);
  setInterval(() => followLog().catch(() => {}), 1000);
});
