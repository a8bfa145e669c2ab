// Jobhook's operator page: plain JavaScript on the admin API, nothing from another origin. The admin token lives in
// sessionStorage only and goes out as a bearer header (never in a URL or a cookie, so no other site can use it).
'use strict';

const API = '/jobhook/v1';
const TOKEN_KEY = 'jobhook.adminToken';
const REFRESH_MS = 5000;
const $ = (id) => document.getElementById(id);
let refreshTimer = null;
let openEvent = null;

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

// A link may carry #token=<token>: kept in sessionStorage and taken out of the address bar at once.
function tokenFromFragment() {
  const hash = window.location.hash;
  if (hash.startsWith('#token=')) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(hash.substring('#token='.length)));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
}

function say(text) {
  $('status').textContent = text;
}

async function api(path, options = {}) {
  const headers = Object.assign({ 'Authorization': 'Bearer ' + token() }, options.headers || {});
  const response = await fetch(API + path, Object.assign({}, options, { headers, cache: 'no-store' }));
  if (response.status === 401) {
    signOut('The admin token was refused: sign in again.');
    throw new Error('unauthorized');
  }
  const body = response.headers.get('Content-Type') || '';
  const data = body.includes('json') ? await response.json() : await response.text();
  if (!response.ok && response.status !== 503) {
    throw new Error(data && data.detail ? data.detail : 'HTTP ' + response.status);
  }
  return data;
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '' : String(text);
  if (className) {
    td.className = className;
  }
  row.appendChild(td);
  return td;
}

// Each cell carries its column's name, which a phone's stacked rows show in front of the value.
function fill(tbody, items, render) {
  const heads = [...tbody.closest('table').querySelectorAll('thead th')].map((th) => th.textContent);
  const rows = items.map((item) => {
    const tr = document.createElement('tr');
    render(tr, item);
    [...tr.children].forEach((td, i) => { td.dataset.label = heads[i] || ''; });
    return tr;
  });
  tbody.replaceChildren(...rows);
}

function local(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
}

async function showHealth() {
  const health = await api('/health');
  const badge = $('health-status');
  badge.textContent = health.status;
  badge.className = 'badge ' + health.status.toLowerCase();
  fill($('health-rows'), health.checks || [], (tr, c) => {
    cell(tr, c.name);
    cell(tr, c.status, 'state ' + c.status.toLowerCase());
    cell(tr, c.message);
  });
}

async function showHandlers() {
  const handlers = await api('/handlers');
  fill($('handler-rows'), handlers, (tr, h) => {
    cell(tr, h.identity);
    cell(tr, h.bundle ? h.bundle + ' ' + h.version : '');
    cell(tr, h.state, 'state ' + h.state.toLowerCase());
    cell(tr, (h.jobTypes || []).join(', '));
    cell(tr, h.successes);
    cell(tr, h.failures);
    cell(tr, h.timeouts);
    cell(tr, h.queueDepth + (h.inFlight ? ' (+' + h.inFlight + ' running)' : ''));
    cell(tr, h.lastError);
  });
  $('handler-identities').replaceChildren(...handlers.map((h) => {
    const option = document.createElement('option');
    option.value = h.identity;
    return option;
  }));
}

function filters() {
  const form = $('event-filters');
  const query = new URLSearchParams({ limit: '100' });
  for (const name of ['outcome', 'handler', 'jobType', 'result']) {
    const value = form.elements[name].value.trim();
    if (value) {
      query.set(name, value);
    }
  }
  for (const name of ['since', 'until']) {
    const value = form.elements[name].value;
    if (value) {
      query.set(name, new Date(value).toISOString());
    }
  }
  return query;
}

function deliveriesText(deliveries) {
  if (!deliveries.length) {
    return 'no handler';
  }
  return deliveries.map((d) => d.handler + ' ' + d.state + ' (' + d.attempts + ')').join(', ');
}

async function showEvents() {
  const events = await api('/events?' + filters());
  fill($('event-rows'), events, (tr, e) => {
    cell(tr, local(e.acceptedAt));
    const id = cell(tr, '');
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'link';
    open.textContent = e.JobId;
    open.setAttribute('aria-label', 'Show event of job ' + e.JobId);
    open.addEventListener('click', () => showEvent(e.eventId));
    id.appendChild(open);
    cell(tr, e.JobType);
    cell(tr, e.JobResult);
    const failed = e.deliveries.some((d) => d.state === 'FAILED');
    cell(tr, deliveriesText(e.deliveries), failed ? 'state failed' : '');
    tr.dataset.eventId = e.eventId;
  });
}

async function showEvent(eventId) {
  openEvent = eventId;
  const e = await api('/events/' + encodeURIComponent(eventId));
  const fields = [['Event id', e.eventId], ['Accepted', local(e.acceptedAt)], ['Source', e.source],
    ['Job id', e.JobId], ['Job type', e.JobType + ' (' + e.JobTypeId + ')'], ['Result', e.JobResult],
    ['Operation', e.OperationType], ['Agent', e.AgentId], ['Certificate id', e.CertificateId],
    ['Deliveries', deliveriesText(e.deliveries)]];
  $('event-fields').replaceChildren(...fields.flatMap(([name, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = value === null || value === undefined ? '' : String(value);
    return [dt, dd];
  }));
  fill($('attempt-rows'), e.attempts || [], (tr, a) => {
    cell(tr, a.handler);
    cell(tr, a.number);
    cell(tr, a.outcome, 'state ' + (a.outcome === 'SUCCESS' ? 'delivered' : 'failed'));
    cell(tr, a.handlerVersion);
    cell(tr, local(a.startedAt));
    cell(tr, a.detail);
  });
  $('event').hidden = false;
  $('event-title').focus();
}

async function replay(body, question) {
  if (!window.confirm(question)) {
    return;
  }
  const answer = await api('/replay', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body) });
  say('Replayed ' + answer.replayed + ' dead letter(s).');
  await refresh();
}

async function showDeadLetters() {
  const events = await api('/events?outcome=FAILED&limit=500');
  const byHandler = new Map();
  for (const e of events) {
    for (const d of e.deliveries.filter((d) => d.state === 'FAILED')) {
      if (!byHandler.has(d.handler)) {
        byHandler.set(d.handler, []);
      }
      byHandler.get(d.handler).push(e);
    }
  }
  const groups = [...byHandler.entries()].map(([handler, list]) => {
    const group = document.createElement('section');
    group.className = 'dead-letters';
    group.dataset.handler = handler;
    const title = document.createElement('h3');
    title.textContent = handler + ': ' + list.length + ' dead letter(s)';
    const all = document.createElement('button');
    all.type = 'button';
    all.textContent = 'Replay all of ' + handler;
    all.addEventListener('click', () => replay({ handler },
      'Replay all ' + list.length + ' dead letter(s) of ' + handler + '?'));
    const items = document.createElement('ul');
    for (const e of list) {
      const li = document.createElement('li');
      li.textContent = e.JobType + ', job ' + e.JobId + ', accepted ' + local(e.acceptedAt) + ' ';
      const one = document.createElement('button');
      one.type = 'button';
      one.textContent = 'Replay';
      one.setAttribute('aria-label', 'Replay job ' + e.JobId + ' to ' + handler);
      one.addEventListener('click', () => replay({ eventId: e.eventId, handler },
        'Replay job ' + e.JobId + ' to ' + handler + '?'));
      li.appendChild(one);
      items.appendChild(li);
    }
    group.append(title, all, items);
    return group;
  });
  if (!groups.length) {
    const none = document.createElement('p');
    none.textContent = 'No dead letters.';
    groups.push(none);
  }
  $('dead-letter-groups').replaceChildren(...groups);
}

async function refresh() {
  clearTimeout(refreshTimer);
  try {
    await Promise.all([showHealth(), showHandlers(), showEvents(), showDeadLetters()]);
    if (openEvent) {
      await showEvent(openEvent);
    }
    $('status').dataset.refreshedAt = new Date().toISOString();
  } catch (e) {
    if (e.message !== 'unauthorized') {
      say('Could not refresh: ' + e.message);
    }
  }
  if (token()) {
    refreshTimer = setTimeout(refresh, REFRESH_MS);
  }
}

function signOut(why) {
  sessionStorage.removeItem(TOKEN_KEY);
  clearTimeout(refreshTimer);
  $('console').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = why || '';
  $('token').focus();
}

function signedIn() {
  $('sign-in').hidden = true;
  $('console').hidden = false;
  $('sign-out').hidden = false;
  say('Signed in.');
  refresh();
}

document.addEventListener('DOMContentLoaded', () => {
  tokenFromFragment();
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    signedIn();
  });
  $('sign-out').addEventListener('click', () => signOut('Signed out.'));
  $('event-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    refresh();
  });
  $('event-filters').addEventListener('reset', () => setTimeout(refresh, 0));
  $('event-close').addEventListener('click', () => {
    openEvent = null;
    $('event').hidden = true;
  });
  if (token()) {
    signedIn();
  } else {
    signOut('');
  }
});
