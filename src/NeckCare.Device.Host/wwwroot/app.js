// The companion page: plain script, no build step. The controller owns every rule; this page only
// shows the status and sends commands, and shows the controller's own words when one is refused.
'use strict';

const $ = (id) => document.getElementById(id);
const STATE_NAMES = {
  Disconnected: 'Massager not connected', Idle: 'Ready', WarmingUp: 'Warming up', Massaging: 'Massaging',
  Paused: 'Paused', Finishing: 'Finishing', Faulted: 'Stopped by a fault',
};
const WARNINGS_KEY = 'neckcare.warningsAccepted.v1';

let status = null;
let events = null;

class Unauthorized extends Error {}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) throw new Unauthorized();
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    showProblem(data?.detail ?? `The controller answered ${response.status}.`);
    return null;
  }
  hideProblem();
  return data;
}

function showProblem(text) { const t = $('toast'); t.textContent = text; t.hidden = false; }
function hideProblem() { $('toast').hidden = true; }

function show(screen) {
  for (const id of ['warnings', 'pair', 'main']) $(id).hidden = id !== screen;
  $('stop').hidden = screen !== 'main';
}

// A command: on success the answer is the new status; a refusal shows the controller's reason.
async function command(method, path, body) {
  try {
    const answer = await api(method, path, body);
    if (answer && answer.state) render(answer);
  } catch (e) {
    if (e instanceof Unauthorized) needPairing(); else showProblem('The controller cannot be reached.');
  }
}

function needPairing(message) {
  if (events) { events.close(); events = null; }
  $('pair-error').textContent = message ?? '';
  show('pair');
}

async function pair(secret) {
  const response = await fetch('/api/v1/pair', {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ secret }),
  });
  if (response.status === 204) return true;
  const problem = await response.json().catch(() => null);
  needPairing(problem?.detail ?? 'Pairing failed.');
  return false;
}

function mmss(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// Every control is enabled, disabled and explained from the status's `commands`: what the controller's
// own table would answer now. The page holds no rule of its own, so it can never disagree with it.
function allow(button, entry) {
  button.disabled = !entry.allowed;
  if (entry.allowed) button.removeAttribute('title'); else button.title = entry.reason ?? '';
}

// Seconds shown come from the controller (status, then telemetry once a second), never counted here.
function drawTimes(s) {
  const hasSession = s.durationSeconds > 0;
  $('countdown').textContent = hasSession ? mmss(s.remainingSeconds) : '';
  $('countdown').setAttribute('aria-label', hasSession ? `${mmss(s.remainingSeconds)} left` : '');
  const raise = s.commands.raise;
  const why = raise.allowed || !hasSession ? ''
    : raise.code === 'warm-up' ? `Warming up: raising unlocks in ${s.warmUpRemainingSeconds} s` : raise.reason;
  $('lock-text').textContent = why;
  $('lock').hidden = why === '';
}

// The start form starts from the person's saved defaults each time it is shown, and offers what the
// controller allows; a length left at "usual" lets the controller choose.
let startShownFor = null;
function fillStart(s) {
  const c = s.commands.start;
  const key = JSON.stringify([s.limits, c.minutes, c.heat]);
  if (startShownFor === key) return;
  startShownFor = key;
  const minutes = $('minutes');
  const options = [new Option(s.limits.defaultMinutes ? `${s.limits.defaultMinutes} minutes` : 'Usual length', '')];
  if (c.minutes) for (let m = c.minutes.min; m <= c.minutes.max; m++) options.push(new Option(`${m} minutes`, String(m)));
  minutes.replaceChildren(...options);
  for (const r of document.querySelectorAll('input[name="start-heat"]')) {
    r.disabled = !(c.heat ?? []).includes(r.value);
    r.checked = r.value === s.limits.defaultHeat;
  }
  $('guided').checked = s.limits.guidedRelease;
}

function render(s) {
  status = s;
  fillLevelChoices(s.maxIntensity, s.limits?.maxLevel);
  const c = s.commands;
  $('state').textContent = STATE_NAMES[s.state] ?? s.state;
  $('ended').textContent = s.state === 'Idle' && s.lastEnding ? `Last session ${ENDED[s.lastEnding] ?? s.lastEnding}.` : '';
  $('link').textContent = s.device ? `${s.device.model} · ${s.device.firmwareVersion}` : 'no massager';

  // The one instruction that matters when the heat cannot be switched off.
  const unplug = s.outputsUnderControl === false;
  $('unplug').hidden = !unplug;
  $('unplug-detail').textContent = unplug && s.fault ? s.fault.message : '';

  const fault = s.fault;
  $('fault').hidden = !fault;
  if (fault) {
    $('fault-message').textContent = fault.message;
    $('fault-others').replaceChildren(...(fault.others ?? []).map((o) => {
      const li = document.createElement('li'); li.textContent = o.message; return li;
    }));
  }
  allow($('ack'), c.acknowledge);
  $('ack-why').textContent = c.acknowledge.allowed ? '' : c.acknowledge.reason ?? '';

  $('start').hidden = s.state !== 'Idle';
  if (!$('start').hidden) fillStart(s); else startShownFor = null;
  allow($('start-button'), c.start);
  $('start-why').textContent = c.start.allowed ? '' : c.start.reason ?? '';
  $('session').hidden = s.durationSeconds === 0;
  $('level').textContent = s.intensity > 0 ? `${s.intensity} / ${s.maxIntensity}` : '–';
  $('level').setAttribute('aria-label', `Intensity ${s.intensity} of ${s.maxIntensity}`);
  allow($('raise'), c.raise);
  allow($('lower'), c.lower);
  allow($('ease-off'), c.easeOff);
  $('ceiling').hidden = !s.intensityCeiling;
  $('ceiling').textContent = s.intensityCeiling
    ? `Ceiling: level ${s.intensityCeiling} hurt${c.setLevel.levels ? `, so you can go up to ${c.setLevel.levels.max}` : ''}.` : '';
  const g = s.guidedRelease;
  $('release').hidden = !(g && g.active);
  $('release').textContent = g && g.active ? `Guided release: back to ${g.targetLevel} in ${g.nextStepInSeconds ?? 0} s` : '';

  for (const b of document.querySelectorAll('[data-heat]')) {
    b.setAttribute('aria-pressed', String(b.dataset.heat === s.heat.level));
    b.disabled = !(c.setHeat.heat ?? []).includes(b.dataset.heat);
    if (b.disabled && c.setHeat.reason) b.title = c.setHeat.reason; else b.removeAttribute('title');
  }
  drawTemperature(s);

  $('pause').hidden = !c.pause.allowed;
  $('resume').hidden = !c.resume.allowed;
  $('ack-history-warning').hidden = !(s.notices ?? []).some((n) => n.startsWith('The history file was damaged'));
  $('notices').replaceChildren(...(s.notices ?? []).map((n) => { const li = document.createElement('li'); li.textContent = n; return li; }));
  drawTimes(s);
}

function drawTemperature(s) {
  $('temperature').textContent = s.heat.temperatureC == null ? '' : `· pad ${s.heat.temperatureC.toFixed(1)} °C`
    + (s.heat.targetC == null ? '' : ` (target ${s.heat.targetC} °C)`);
}

async function refresh() {
  try {
    const s = await api('GET', '/api/v1/status');
    if (s) render(s);
  } catch (e) {
    if (e instanceof Unauthorized) needPairing();
  }
}

function listen() {
  if (events) events.close();
  events = new EventSource('/api/v1/events');
  events.addEventListener('open', () => { $('offline').hidden = true; });
  events.addEventListener('error', () => {
    $('offline').hidden = false;
    // A closed stream (not a reconnecting one) may mean the pairing was revoked.
    if (events && events.readyState === EventSource.CLOSED) setTimeout(() => refresh().then(listen), 2000);
  });
  events.addEventListener('status', (e) => render(JSON.parse(e.data)));
  events.addEventListener('notices', (e) => { if (status) { status.notices = JSON.parse(e.data).notices; render(status); } });
  events.addEventListener('commands', (e) => { if (status) { status.commands = JSON.parse(e.data); render(status); } });
  for (const name of ['state', 'intensity', 'fault', 'acknowledged']) events.addEventListener(name, refresh);
  events.addEventListener('telemetry', (e) => {
    if (!status) return;
    const t = JSON.parse(e.data);
    status.heat.temperatureC = t.temperatureC;
    status.heat.targetC = t.targetC;
    status.remainingSeconds = t.remainingSeconds;
    status.warmUpRemainingSeconds = t.warmUpRemainingSeconds;
    drawTemperature(status);
    drawTimes(status);
  });
}

// The simulator panel: only when the controller drives the simulated massager (the API answers 404 otherwise).
function renderSimulator(sim) {
  if (!sim) return;
  $('sim').hidden = false;
  const select = $('sim-fault');
  if (select.options.length === 0) {
    for (const name of sim.available) select.add(new Option(name, name));
  }
  $('sim-active').textContent = sim.active.length ? `Active: ${sim.active.join(', ')}` : 'No simulated fault.';
  $('sim-speed').value = String(sim.timeScale);
}

async function simulator(method, path, body) {
  try {
    renderSimulator(await api(method, path, body));
  } catch (e) {
    if (e instanceof Unauthorized) needPairing();
  }
}

async function loadSimulator() {
  const response = await fetch('/api/v1/simulator', { credentials: 'same-origin' });
  if (response.ok) renderSimulator(await response.json());
}

async function begin() {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.has('pair')) {
    history.replaceState(null, '', location.pathname); // the secret leaves the address bar at once
    if (!(await pair(hash.get('pair')))) return;
  }
  if (localStorage.getItem(WARNINGS_KEY) !== 'yes') { show('warnings'); return; }
  try {
    const s = await api('GET', '/api/v1/status');
    show('main');
    if (s) render(s);
    listen();
    loadSimulator();
  } catch (e) {
    if (e instanceof Unauthorized) needPairing(); else showProblem('The controller cannot be reached.');
  }
}


// History, fault records and limits: loaded when their panel is opened, drawn as plain SVG.
const SVG = 'http://www.w3.org/2000/svg';
function el(name, attrs, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
const ENDED = { Completed: 'completed', Stopped: 'stopped', StoppedAtMassager: 'stopped at the massager', PausedTooLong: 'paused too long', Faulted: 'ended by a fault', LinkLost: 'massager lost' };

async function loadHistory() {
  try {
    const [summary, page] = await Promise.all([api('GET', '/api/v1/history/summary?days=14'), api('GET', '/api/v1/history?pageSize=10')]);
    if (summary) drawMinutes(summary);
    if (page) {
      $('sessions').replaceChildren(...page.items.map((s) => {
        const li = document.createElement('li');
        const when = new Date(s.startedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
        li.textContent = `${when}: ${Math.round(s.actualSeconds / 60)} min, up to level ${s.maxLevel}, heat ${s.heat}, ${ENDED[s.ended] ?? s.ended}`;
        return li;
      }));
      if (page.items.length === 0) { const li = document.createElement('li'); li.textContent = 'No sessions recorded yet.'; $('sessions').replaceChildren(li); }
    }
  } catch (e) { if (e instanceof Unauthorized) needPairing(); }
}

function drawMinutes(summary) {
  const svg = $('minutes-chart');
  const max = Math.max(15, ...summary.days.map((d) => d.minutes));
  const w = 300 / summary.days.length;
  svg.replaceChildren(el('line', { class: 'axis', x1: 30, y1: 120, x2: 335, y2: 120 }), el('text', { x: 0, y: 14 }, `${Math.round(max)} min`), el('text', { x: 0, y: 120 }, '0'));
  summary.days.forEach((d, i) => {
    const h = (d.minutes / max) * 100;
    svg.append(el('rect', { class: 'bar', x: 32 + i * w, y: 120 - h, width: w - 4, height: h }));
    if (i % 2 === 0) svg.append(el('text', { x: 32 + i * w, y: 134 }, d.start.slice(5)));
  });
  $('chart-summary').textContent = `${summary.sessions} ${summary.sessions === 1 ? 'session' : 'sessions'}, ${summary.minutes} minutes in the last ${summary.days.length} days.`;
}

async function loadFaults() {
  try {
    const faults = await api('GET', '/api/v1/faults?limit=20');
    if (!faults) return;
    $('fault-list').replaceChildren(...faults.map((f) => {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'secondary';
      b.textContent = `${new Date(f.at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'medium' })}: ${f.code}${f.acknowledgedBy ? ` (acknowledged, ${f.acknowledgedBy})` : ''}`;
      b.addEventListener('click', () => showFault(f.id));
      li.append(b);
      return li;
    }));
    if (faults.length === 0) { const li = document.createElement('li'); li.textContent = 'No faults recorded.'; $('fault-list').replaceChildren(li); }
  } catch (e) { if (e instanceof Unauthorized) needPairing(); }
}

async function showFault(id) {
  const f = await api('GET', `/api/v1/faults/${id}`).catch(() => null);
  if (!f) return;
  const svg = $('fault-plot');
  const temps = f.trace.map((s) => s.temperatureC).filter((t) => t !== null && t > -30 && t < 100);
  const lo = Math.floor(Math.min(f.tripC - 10, ...temps)) - 1;
  const hi = Math.ceil(Math.max(f.tripC + 2, ...temps)) + 1;
  const x = (t) => 30 + ((t + 30) / 40) * 305;
  const y = (c) => 170 - ((c - lo) / (hi - lo)) * 160;
  svg.replaceChildren(
    el('line', { class: 'axis', x1: 30, y1: 170, x2: 335, y2: 170 }), el('line', { class: 'axis', x1: 30, y1: 10, x2: 30, y2: 170 }),
    el('text', { x: 0, y: 14 }, `${hi} °C`), el('text', { x: 0, y: 170 }, `${lo} °C`),
    el('text', { x: 30, y: 190 }, '−30 s'), el('text', { x: x(0) - 4, y: 190 }, '0'), el('text', { x: 315, y: 190 }, '+10 s'));
  const duty = f.trace.map((s) => `${x(s.atSeconds).toFixed(1)},${(170 - s.heaterDuty * 40).toFixed(1)}`);
  if (duty.length) svg.append(el('polygon', { class: 'duty', points: `${x(f.trace[0].atSeconds)},170 ${duty.join(' ')} ${x(f.trace[f.trace.length - 1].atSeconds)},170` }));
  const line = f.trace.filter((s) => s.temperatureC !== null).map((s) => `${x(s.atSeconds).toFixed(1)},${y(Math.max(lo, Math.min(hi, s.temperatureC))).toFixed(1)}`);
  svg.append(el('polyline', { class: 'temp', points: line.join(' ') }));
  svg.append(el('line', { class: 'trip', x1: 30, y1: y(f.tripC), x2: 335, y2: y(f.tripC) }), el('text', { x: 250, y: y(f.tripC) - 3 }, `trip ${f.tripC} °C`));
  svg.append(el('line', { class: 'moment', x1: x(0), y1: 10, x2: x(0), y2: 170 }));
  $('fault-caption').textContent = `${f.code} at ${new Date(f.at).toLocaleString()}: ${f.message}`;
  $('fault-figure').hidden = false;
}

// The levels a limit may name are the massager's own (status.maxIntensity), never a list written here;
// a saved limit above them (another massager's) stays choosable so the form shows what is kept.
function fillLevelChoices(max, keep) {
  const sel = $('limit-level');
  const top = Math.max(max || 0, keep || 0);
  if (sel.dataset.top === String(top)) return;
  const chosen = sel.value;
  sel.replaceChildren(new Option("The massager's highest", ''));
  for (let i = 1; i <= top; i++) sel.append(new Option(String(i), String(i)));
  sel.value = chosen;
  sel.dataset.top = String(top);
}

function fillLimits(l) {
  if (!l) return;
  fillLevelChoices(status?.maxIntensity, l.maxLevel);
  $('limit-level').value = l.maxLevel ?? '';
  $('limit-heat').value = l.maxHeat;
  $('default-minutes').value = l.defaultMinutes ?? '';
  $('default-heat').value = l.defaultHeat;
  $('default-guided').checked = l.guidedRelease;
}

async function loadLimits() {
  try { fillLimits(await api('GET', '/api/v1/limits')); } catch (e) { if (e instanceof Unauthorized) needPairing(); }
}

async function saveLimits(e) {
  e.preventDefault();
  const n = (v) => (v === '' ? null : Number(v));
  try {
    const saved = await api('PUT', '/api/v1/limits', {
      maxLevel: n($('limit-level').value), maxHeat: $('limit-heat').value, defaultMinutes: n($('default-minutes').value),
      defaultHeat: $('default-heat').value, guidedRelease: $('default-guided').checked,
    });
    if (saved) { fillLimits(saved); $('limits-saved').textContent = 'Saved. They apply from the next command.'; }
  } catch (err) { if (err instanceof Unauthorized) needPairing(); }
}

function wire() {
  $('stop').addEventListener('click', () => command('POST', '/api/v1/session/stop'));
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !$('main').hidden) command('POST', '/api/v1/session/stop'); });
  $('accept-warnings').addEventListener('click', () => { localStorage.setItem(WARNINGS_KEY, 'yes'); begin(); });
  $('pair-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (await pair($('pair-secret').value.trim())) { $('pair-secret').value = ''; begin(); }
  });
  $('start').addEventListener('submit', (e) => {
    e.preventDefault();
    const heat = document.querySelector('input[name="start-heat"]:checked')?.value;
    const minutes = $('minutes').value;
    command('POST', '/api/v1/session/start', { ...(minutes ? { durationMinutes: Number(minutes) } : {}), ...(heat ? { heat } : {}), guidedRelease: $('guided').checked });
  });
  $('raise').addEventListener('click', () => command('POST', '/api/v1/session/intensity/raise'));
  $('lower').addEventListener('click', () => command('POST', '/api/v1/session/intensity/lower'));
  $('ease-off').addEventListener('click', () => command('POST', '/api/v1/session/ease-off'));
  $('pause').addEventListener('click', () => command('POST', '/api/v1/session/pause'));
  $('resume').addEventListener('click', () => command('POST', '/api/v1/session/resume'));
  $('ack').addEventListener('click', () => command('POST', '/api/v1/faults/acknowledge'));
  for (const b of document.querySelectorAll('[data-heat]')) {
    b.addEventListener('click', () => command('PUT', '/api/v1/session/heat', { level: b.dataset.heat }));
  }
  $('sim-inject').addEventListener('click', () => simulator('POST', `/api/v1/simulator/faults/${$('sim-fault').value}`));
  $('sim-clear').addEventListener('click', () => simulator('DELETE', `/api/v1/simulator/faults/${$('sim-fault').value}`));
  $('sim-button').addEventListener('click', () => simulator('POST', '/api/v1/simulator/stop-button'));
  $('sim-speed').addEventListener('change', () => simulator('PUT', '/api/v1/simulator/time-scale', { scale: Number($('sim-speed').value) }));
  $('history-panel').addEventListener('toggle', () => { if ($('history-panel').open) loadHistory(); });
  $('faults-panel').addEventListener('toggle', () => { if ($('faults-panel').open) loadFaults(); });
  $('limits-panel').addEventListener('toggle', () => { if ($('limits-panel').open) loadLimits(); });
  $('limits').addEventListener('submit', saveLimits);
  $('erase').addEventListener('click', () => $('erase-dialog').showModal());
  $('erase-cancel').addEventListener('click', () => $('erase-dialog').close());
  $('erase-confirm').addEventListener('click', async () => {
    $('erase-dialog').close();
    try { await api('DELETE', '/api/v1/history'); loadHistory(); } catch (err) { if (err instanceof Unauthorized) needPairing(); }
  });
  $('ack-history-warning').addEventListener('click', () => command('POST', '/api/v1/history/warning/acknowledge'));
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch(() => {});
}

wire();
begin();
