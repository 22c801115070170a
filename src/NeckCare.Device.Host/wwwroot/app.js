// The companion page: plain script, no build step. The controller owns every rule; this page only
// shows the status and sends commands, and shows the controller's own words when one is refused.
'use strict';

const $ = (id) => document.getElementById(id);
const STATE_NAMES = {
  Disconnected: 'Massager not connected', Idle: 'Ready', WarmingUp: 'Warming up', Massaging: 'Massaging',
  Paused: 'Paused', Finishing: 'Finishing', Faulted: 'Stopped by a fault',
};
const RUNNING = ['WarmingUp', 'Massaging'];
const WARNINGS_KEY = 'neckcare.warningsAccepted.v1';

let status = null;
let events = null;
let countdownTimer = null;
let countdownBase = null; // { remaining, at, running }

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

function startCountdown(remaining, running) {
  countdownBase = { remaining, at: performance.now(), running };
  drawCountdown();
  if (!countdownTimer) countdownTimer = setInterval(drawCountdown, 1000);
}

function drawCountdown() {
  if (!countdownBase || !status) return;
  const passed = countdownBase.running ? (performance.now() - countdownBase.at) / 1000 : 0;
  const hasSession = ['WarmingUp', 'Massaging', 'Paused', 'Finishing'].includes(status.state);
  $('countdown').textContent = hasSession ? mmss(countdownBase.remaining - passed) : '';
  $('countdown').setAttribute('aria-label', hasSession ? `${mmss(countdownBase.remaining - passed)} left` : '');
  if (status.state === 'WarmingUp' && status.warmUpRemainingSeconds > 0) {
    const left = Math.max(0, Math.ceil(status.warmUpRemainingSeconds - passed));
    $('lock').textContent = left > 0 ? `🔒 Warming up: raising unlocks in ${left} s` : '';
    $('lock').hidden = left === 0;
  }
}

function render(s) {
  status = s;
  const running = RUNNING.includes(s.state);
  $('state').textContent = STATE_NAMES[s.state] ?? s.state;
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

  $('start').hidden = s.state !== 'Idle';
  $('session').hidden = !['WarmingUp', 'Massaging', 'Paused', 'Finishing'].includes(s.state);
  $('level').textContent = s.intensity > 0 ? `${s.intensity} / ${s.maxIntensity}` : '–';
  $('level').setAttribute('aria-label', `Intensity ${s.intensity} of ${s.maxIntensity}`);
  const warming = s.state === 'WarmingUp';
  const top = s.intensityCeiling ? Math.max(1, s.intensityCeiling - 1) : s.maxIntensity;
  $('raise').disabled = !running || warming || s.intensity >= top;
  $('lower').disabled = !running || s.intensity <= 1;
  $('ease-off').disabled = !running || s.intensity <= 1;
  $('lock').hidden = !warming;
  $('ceiling').hidden = !s.intensityCeiling;
  $('ceiling').textContent = s.intensityCeiling ? `Ceiling: level ${s.intensityCeiling} hurt, so you can go up to ${top}.` : '';
  const g = s.guidedRelease;
  $('release').hidden = !(g && g.active);
  $('release').textContent = g && g.active ? `Guided release: back to ${g.targetLevel} in ${g.nextStepInSeconds ?? 0} s` : '';

  for (const b of document.querySelectorAll('[data-heat]')) {
    b.setAttribute('aria-pressed', String(b.dataset.heat === s.heat.level));
    b.disabled = !running || !(s.device?.hasHeater ?? true);
  }
  $('temperature').textContent = s.heat.temperatureC == null ? '' : `· pad ${s.heat.temperatureC.toFixed(1)} °C`
    + (s.heat.targetC == null ? '' : ` (target ${s.heat.targetC} °C)`);

  $('pause').hidden = !running;
  $('resume').hidden = s.state !== 'Paused';
  $('notices').replaceChildren(...(s.notices ?? []).map((n) => { const li = document.createElement('li'); li.textContent = n; return li; }));
  startCountdown(s.remainingSeconds, running);
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
  for (const name of ['state', 'intensity', 'fault', 'acknowledged']) events.addEventListener(name, refresh);
  events.addEventListener('telemetry', (e) => {
    if (!status) return;
    const t = JSON.parse(e.data);
    status.heat.temperatureC = t.temperatureC;
    status.remainingSeconds = t.remainingSeconds;
    if (status.state === 'WarmingUp') status.warmUpRemainingSeconds = Math.max(0, status.warmUpRemainingSeconds - 1);
    render(status);
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
    const heat = document.querySelector('input[name="start-heat"]:checked').value;
    command('POST', '/api/v1/session/start', { durationMinutes: Number($('minutes').value), heat, guidedRelease: $('guided').checked });
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
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch(() => {});
}

wire();
begin();
