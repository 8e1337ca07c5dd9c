import { api } from './api.js';
import { problemOf, showProblem } from './errors.js';
import { setupLanguageSwitch, t } from './i18n.js';
import { addRow } from './table.js';

// Discovery, then one device: ask it about itself (identity, clock, profiles), then add it as a camera. With
// ?entry=N the camera connects that register entry "to connect" instead of making a new one.
const $ = (id) => document.getElementById(id);
const entry = new URLSearchParams(location.search).get('entry');
let report = null;

function choose(deviceService) {
  $('device').value = deviceService;
  $('inspect').hidden = false;
  $('add').hidden = true;
  $('user').focus();
}

async function discover() {
  $('discover-status').textContent = t('onvif.searching');
  const r = await api('POST', '/api/v1/onvif/discover');
  if (r.status !== 200) {
    showProblem($('discover-status'), problemOf(r));
    return;
  }
  $('discover-status').textContent = t('onvif.found', { n: r.data.devices.length, probes: r.data.probesSent });
  const body = $('devices');
  body.replaceChildren();
  for (const d of r.data.devices) {
    const pick = document.createElement('button');
    pick.type = 'button';
    pick.className = 'link';
    pick.textContent = d.address;
    pick.addEventListener('click', () => choose(d.deviceService));
    addRow(body, [pick, d.name, d.hardware, d.deviceService]);
  }
  const ignored = $('ignored');
  ignored.replaceChildren();
  for (const i of r.data.ignored) {
    const li = document.createElement('li');
    li.textContent = `${i.from}: ${i.reason}`;
    ignored.append(li);
  }
  $('ignored-box').hidden = r.data.ignored.length === 0;
}

function clockText(c) {
  const s = Math.abs(c.offsetSeconds);
  if (!c.wrong) return t('onvif.clockOk', { s });
  return t(c.offsetSeconds > 0 ? 'onvif.clockAhead' : 'onvif.clockBehind', { s });
}

async function inspect(event) {
  event.preventDefault();
  showProblem($('inspect-status'), null);
  const r = await api('POST', '/api/v1/onvif/inspect', { deviceService: $('device').value.trim(),
    username: $('user').value, password: $('password').value });
  if (r.status !== 200) {
    showProblem($('inspect-status'), problemOf(r));
    $('add').hidden = true;
    return;
  }
  report = r.data;
  const i = report.information;
  $('d-vendor').textContent = i.manufacturer;
  $('d-model').textContent = i.model;
  $('d-firmware').textContent = i.firmwareVersion;
  $('d-serial').textContent = i.serialNumber;
  $('d-clock').textContent = clockText(report.clock);
  $('d-clock').className = report.clock.wrong ? 'message' : '';
  const select = $('profile');
  select.replaceChildren();
  for (const p of report.profiles) {
    const o = document.createElement('option');
    o.value = p.token;
    o.disabled = !p.streamUri;
    o.textContent = `${p.name} (${p.encoding} ${p.width}×${p.height})` + (p.streamUri ? '' : ` — ${p.streamMessage}`);
    select.append(o);
  }
  $('add').hidden = false;
}

async function add(event) {
  event.preventDefault();
  const body = { deviceService: report.deviceService, username: $('user').value, password: $('password').value,
    profileToken: $('profile').value };
  for (const [field, id] of [['id', 'a-id'], ['location', 'a-location'], ['purpose', 'a-purpose'], ['legalRegime', 'a-regime']]) {
    const v = $(id).value.trim();
    if (v) body[field] = v;
  }
  if (entry) body.registerEntry = Number(entry);
  const r = await api('POST', '/api/v1/onvif/add', body);
  const status = $('add-status');
  status.replaceChildren();
  if (r.status === 201) {
    status.className = 'result ok';
    const a = document.createElement('a');
    a.href = '/camera?id=' + encodeURIComponent(r.data.camera.id);
    a.textContent = t('onvif.added', { camera: r.data.camera.id });
    status.append(a);
  } else {
    status.className = 'result bad';
    showProblem(status, problemOf(r));
  }
}

setupLanguageSwitch();
if (entry) {
  $('entry-note').hidden = false;
  $('entry-note').textContent = t('onvif.forEntry', { entry });
}
$('discover').addEventListener('click', discover);
$('inspect').addEventListener('submit', inspect);
$('add').addEventListener('submit', add);
