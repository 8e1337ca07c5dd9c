import { api } from './api.js';
import { t } from './i18n.js';
import { startPage } from './page.js';
import { problemOf, showProblem } from './errors.js';
import { LiveTile, cameraState, degradedReason } from './livetile.js';
import { describe, liveOptions, livePurpose, purposeQuery } from './purpose.js';

const id = new URLSearchParams(location.search).get('id') || '';
const $ = (x) => document.getElementById(x);
let tile = null;
let camera = null;
let purpose = null;
let options = null;

function show() {
  if (!camera) return;
  $('title').textContent = camera.name || camera.id;
  document.title = `Poortwachter – ${camera.name || camera.id}`;
  const s = camera.status || {};
  const state = cameraState(camera);
  $('state').textContent = t('state.' + state) + (state === 'degraded' ? ` — ${degradedReason(camera)}`
    : s.lastError && s.state !== 'streaming' ? ` — ${s.lastError}` : '');
  $('location').textContent = camera.location || '—';
  $('codec').textContent = s.codec ? s.codec.toUpperCase() + (camera.mode === 'passthrough' ? ` (${t('camera.passthrough')})`
    : ` (${t('camera.transcoded')}${s.encoder ? ', ' + s.encoder : ''})`) : '—';
  // A camera that asked for a hardware encoder the machine lacks says so where its encoder is shown.
  $('codec').title = s.encoderFallback || '';
  $('resolution').textContent = s.width ? `${s.width} × ${s.height}` : '—';
  $('fps').textContent = s.fps ? s.fps.toFixed(1) : '—';
  $('recordings').href = `/playback?camera=${encodeURIComponent(camera.id)}`;
  if (tile) tile.render();
}

function showLatency() {
  const l = tile ? tile.player.latencies : [];
  if (l.length === 0) return;
  const sorted = [...l].sort((a, b) => a - b);
  $('latency').textContent = t('camera.latencyValue', { ms: Math.round(sorted[Math.floor(sorted.length / 2)]) });
}

async function refresh() {
  const r = await api('GET', `/api/v1/cameras/${encodeURIComponent(id)}`);
  if (r.status !== 200) {
    showProblem($('message'), problemOf(r, { not_found: 'camera.notFound', 404: 'camera.notFound' }));
    return;
  }
  showProblem($('message'), null);
  camera = r.data;
  if (!tile) tile = new LiveTile($('tile'), $('video'), $('overlay'), camera, purposeQuery(purpose));
  else tile.update(camera);
  show();
}

if (await startPage(show)) {
  options = await liveOptions();
  purpose = await livePurpose(options);
  describe($('purpose-now'), purpose, options);
  $('change-purpose').hidden = !options.askPurpose;
  $('change-purpose').addEventListener('click', async () => {
    purpose = await livePurpose(options, true);
    describe($('purpose-now'), purpose, options);
    if (tile) tile.restart(purposeQuery(purpose));
  });
  await refresh();
  setInterval(refresh, 5000);
  setInterval(showLatency, 1000);
}
window.poortwachterLive = { players: () => (tile ? [{ camera: id, player: tile.player }] : []) };
