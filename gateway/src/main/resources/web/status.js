// The health page: cameras without picture or falling behind, the storage and its reserve, the audit log and its
// alarm (with what to do about it). For administrators and integrators; refreshed every 10 seconds.
import { api } from './api.js';
import { t } from './i18n.js';
import { startPage } from './page.js';
import { el, $, when, say } from './dom.js';
import { problemOf, problemText } from './errors.js';
import { alarmFacts } from './auditalarm.js';

let last = null;
let me = null;

/** Bytes as MiB, or GiB from 10 GiB on: the floor and free space read at a glance. */
function size(bytes) {
  const mib = bytes / (1024 * 1024);
  const lang = document.documentElement.lang;
  return mib >= 10240 ? t('status.gib', { n: (mib / 1024).toLocaleString(lang, { maximumFractionDigits: 1 }) })
    : t('status.mib', { n: Math.round(mib).toLocaleString(lang) });
}

function facts(list, rows) {
  list.replaceChildren(...rows.flatMap(([key, value, bad]) => [
    el('dt', { text: t(key) }), el('dd', { text: value, class: bad ? 'bad' : null })]));
}

function cameraItem(c, why) {
  return el('li', {}, el('a', { href: `/camera?id=${encodeURIComponent(c.id)}`, text: c.name }),
    el('span', { class: 'sub', text: [t('ingest.' + c.state), why, c.since ? t('cameras.since', { when: when(c.since) }) : null]
      .filter(Boolean).join(' · ') }));
}

function render() {
  const s = last;
  if (!s) return;
  const overall = $('overall');
  overall.textContent = t('status.overall.' + s.status);
  overall.dataset.status = s.status;
  const c = s.cameras;
  $('cameras-summary').textContent = t('status.cameraSummary', { total: c.total, streaming: c.streaming });
  $('offline').replaceChildren(...c.offline.map((x) => cameraItem(x, x.lastError)));
  if (c.offline.length === 0) $('offline').append(el('li', { class: 'hint', i18n: 'status.noneOffline' }));
  $('behind').replaceChildren(...c.behind.map((x) => cameraItem(x, x.reason || x.lastError)));
  if (c.behind.length === 0) $('behind').append(el('li', { class: 'hint', i18n: 'status.noneBehind' }));
  const r = s.storageReserve;
  facts($('storage'), [
    ['status.disk', s.storage.ok ? t('status.writable') : s.storage.detail, !s.storage.ok],
    ['status.free', size(r.freeBytes), !r.ok],
    ['status.floor', size(r.floorBytes)],
    ['status.reserve', r.ok ? t('status.reserveOk') : t('status.reserveAlarm', { policy: r.policy }), !r.ok],
    ['status.paused', r.pausedCameras && r.pausedCameras.length ? r.pausedCameras.join(', ') : '—', r.pausedCameras && r.pausedCameras.length],
    ['status.database', s.database.ok ? t('status.ok') : s.database.detail, !s.database.ok],
  ]);
  const a = s.audit;
  facts($('audit'), [
    ['status.auditWrites', !a.ok ? t('status.failingSince', { when: when(a.failingSince) })
      : a.alarm ? t('status.onlyLogins') : t('status.ok'), !a.ok || !!a.alarm],
    ['status.lastEntry', String(a.lastSeq)],
    ['status.lastCheckpoint', a.lastCheckpoint ? t('status.checkpointAt', { seq: a.lastCheckpointSeq, when: when(a.lastCheckpoint) }) : '—'],
    ['status.unsigned', String(a.unsignedEntries)],
  ]);
  $('audit-alarm').hidden = !a.alarm;
  $('alarm-facts').replaceChildren(...(a.alarm ? alarmFacts(a.alarm) : []));
  // Only an administrator acknowledges it (on /admin); an integrator is told whom to ask.
  $('alarm-admin').hidden = !(me && me.permissions.includes('audit_admin'));
  $('updated').textContent = when(s.time);
}

async function refresh() {
  const r = await api('GET', '/api/v1/status');
  if (r.status === 200) {
    last = r.data;
    say($('message'), '');
    render();
  } else {
    say($('message'), problemText(problemOf(r)));
  }
}

me = await startPage(render);
if (me) {
  await refresh();
  setInterval(refresh, 10000);
}
