// Adding and editing a camera: first the connection, tested before anything is saved (what the camera sends, in which
// modes it can be recorded, and one picture), then the description; a failed test can still be saved on purpose.
import { api } from './api.js';
import { t } from './i18n.js';
import { el, $, say, slug } from './dom.js';
import { problemOf, problemText } from './errors.js';

const CONNECTION = ['f-url', 'f-username', 'f-password', 'f-transport', 'f-mode'];
/** API field -> form field, to put the cursor where the server found the problem. */
const FIELDS = { url: 'f-url', username: 'f-username', password: 'f-password', transport: 'f-transport', mode: 'f-mode',
  name: 'f-name', id: 'f-id', vendor: 'f-vendor', model: 'f-model', location: 'f-location', purpose: 'f-purpose',
  legalRegime: 'f-regime', retentionDays: 'f-retention', subStream: 'f-sub-url' };

/**
 * The camera as GET returned it, as a body for PUT: its description, pipeline, masks and sub-stream (its URL: a PUT
 * without one removes it; the stored credentials stay); never credentials.
 */
export function bodyFromView(v) {
  return { name: v.name, url: v.url, vendor: v.vendor, model: v.model, location: v.location, purpose: v.purpose,
    legalRegime: v.legalRegime, retentionDays: v.retentionDays, recording: v.recording, transport: v.transport,
    mode: v.mode, transcode: v.transcode, masks: v.masks || [], subStream: v.subStream ? { url: v.subStream.url } : undefined };
}

function optional(id) {
  const v = $(id).value.trim();
  return v === '' ? undefined : v;
}

export class CameraForm {
  constructor({ onSaved, onClose, onOpen }) {
    this.onSaved = onSaved;
    this.onClose = onClose;
    this.onOpen = onOpen;
    this.regimes = [];
    this.editing = null;
    this.tested = null;
    this.lastTest = null;
    this.pictureUrl = null;
    $('test').addEventListener('click', () => this.test());
    $('cancel').addEventListener('click', () => this.close());
    $('camera-form').addEventListener('submit', (e) => { e.preventDefault(); this.save(); });
    $('f-regime').addEventListener('change', () => this.regimeChanged());
    $('save-anyway').addEventListener('change', () => this.updateSave());
    for (const id of CONNECTION) $(id).addEventListener('input', () => this.updateSave());
    $('f-name').addEventListener('input', () => {
      if (!this.editing) $('f-id').placeholder = slug($('f-name').value);
    });
  }

  setRegimes(regimes) {
    this.regimes = regimes;
    $('f-regime').replaceChildren(...regimes.map((r) => el('option', { value: r.id, text: `${r.description} (${r.id})` })));
    this.regimeChanged();
  }

  regimeChanged() {
    const r = this.regimes.find((x) => x.id === $('f-regime').value);
    if (!r) return;
    $('f-retention').max = r.maxRetentionDays;
    $('retention-hint').textContent = t('form.retentionHint', { n: r.maxRetentionDays })
      + (r.policeOnly ? ' ' + t('form.policeOnly') : '');
    if (!this.editing || !$('f-retention').value) $('f-retention').value = Math.min(28, r.maxRetentionDays);
  }

  add() {
    this.open(null);
  }

  edit(camera) {
    this.open(camera);
  }

  open(camera) {
    this.editing = camera;
    this.tested = null;
    this.lastTest = null;
    this.onOpen();
    const c = camera || {};
    $('f-url').value = c.url || '';
    $('f-username').value = '';
    $('f-password').value = '';
    $('f-password').placeholder = c.credentials ? t('form.keepPassword') : '';
    $('f-username').placeholder = c.credentials ? t('form.keepPassword') : '';
    $('f-transport').value = c.transport || 'tcp';
    $('f-mode').value = c.mode || 'transcode';
    $('f-name').value = c.name || '';
    $('f-id').value = c.id || '';
    $('f-id').readOnly = !!camera;
    $('f-vendor').value = c.vendor || '';
    $('f-model').value = c.model || '';
    $('f-location').value = c.location || '';
    $('f-purpose').value = c.purpose || '';
    if (c.legalRegime) $('f-regime').value = c.legalRegime;
    // An existing camera's regime decides who may see what it records next: an administrator's act (D47), on /admin.
    $('f-regime').disabled = !!camera;
    $('regime-locked').hidden = !camera;
    $('f-retention').value = c.retentionDays || '';
    this.regimeChanged();
    $('f-recording').checked = c.recording !== false;
    $('f-sub-url').value = c.subStream ? c.subStream.url : '';
    $('save-anyway').checked = false;
    $('test-result').hidden = true;
    say($('form-message'), '');
    $('camera-form').hidden = false;
    this.render();
    this.updateSave();
    $('f-url').focus();
  }

  close() {
    const wasOpen = !$('camera-form').hidden;
    $('camera-form').hidden = true;
    this.editing = null;
    if (wasOpen) this.onClose();
  }

  render() {
    $('form-title').textContent = this.editing ? t('form.editTitle', { name: this.editing.name }) : t('form.addTitle');
    if (this.lastTest) this.showTest(this.lastTest);
  }

  connection() {
    const body = { url: $('f-url').value.trim(), transport: $('f-transport').value, mode: $('f-mode').value };
    if ($('f-username').value) body.username = $('f-username').value;
    if ($('f-password').value) body.password = $('f-password').value;
    return body;
  }

  /** A new camera is saved only after a test of exactly these connection settings (or on purpose despite one). */
  updateSave() {
    const key = JSON.stringify(this.connection());
    const testedNow = this.tested !== null && this.tested.key === key;
    const failed = testedNow && !this.tested.ok;
    $('save-anyway-label').hidden = !failed;
    const allowed = !!this.editing || (testedNow && (this.tested.ok || $('save-anyway').checked));
    $('save').disabled = !allowed;
    $('save-hint').hidden = allowed;
    $('save-hint').textContent = failed ? t('form.testFailedHint') : t('form.testFirst');
  }

  async test() {
    const body = this.connection();
    if (this.editing) {
      body.id = this.editing.id;
      // Editing without new credentials: the stored ones stay with the camera and are not sent back to us.
      if (!body.username && this.editing.credentials) {
        say($('form-message'), t('form.testNeedsCredentials'));
      }
    }
    if ($('f-regime').value) body.legalRegime = $('f-regime').value;
    $('test').disabled = true;
    $('test-busy').hidden = false;
    say($('form-message'), '');
    try {
      const r = await api('POST', '/api/v1/cameras/probe?picture=true', body);
      if (r.status === 200) {
        this.tested = { key: JSON.stringify(this.connection()), ok: r.data.probe.ok };
        this.lastTest = r.data;
        this.showTest(r.data);
        this.prefill(r.data.probe);
      } else {
        this.tested = null;
        this.lastTest = null;
        $('test-result').hidden = true;
        this.problem(r);
      }
    } finally {
      $('test').disabled = false;
      $('test-busy').hidden = true;
      this.updateSave();
    }
  }

  /** What the test found, in words; the picture shows what the camera sees. */
  showTest(result) {
    const p = result.probe;
    const verdict = $('test-verdict');
    verdict.className = 'result ' + (p.ok ? 'ok' : 'bad');
    verdict.textContent = p.ok ? t('test.ok') : this.whyNot(p);
    const facts = $('test-details');
    facts.replaceChildren();
    const fact = (key, value) => facts.append(el('dt', { text: t(key) }), el('dd', { text: value }));
    if (p.codec) {
      fact('test.codec', p.codec.toUpperCase());
      fact('test.size', p.width ? `${p.width} × ${p.height}` : '—');
      fact('test.fps', p.fps ? p.fps.toFixed(1) : '—');
      fact('test.audio', t(p.hasAudio ? 'test.audioDropped' : 'test.noAudio'));
      const modes = p.modes || {};
      fact('test.modes', ['transcode', 'passthrough'].map((m) => `${t('mode.' + m)}: ${t(modes[m] ? 'test.yes' : 'test.no')}`)
        .join(' · '));
    }
    fact('test.time', t('cameras.ms', { n: p.elapsedMillis }));
    const img = $('test-picture');
    if (this.pictureUrl) URL.revokeObjectURL(this.pictureUrl);
    this.pictureUrl = null;
    if (result.picture) {
      const bytes = Uint8Array.from(atob(result.picture.data), (ch) => ch.charCodeAt(0));
      this.pictureUrl = URL.createObjectURL(new Blob([bytes], { type: result.picture.contentType }));
      img.src = this.pictureUrl;
      img.alt = t('test.pictureAlt');
      img.hidden = false;
    } else {
      img.hidden = true;
    }
    $('test-result').hidden = false;
  }

  whyNot(p) {
    if (p.problem === 'unsupported_codec' && p.modes && p.modes.transcode) {
      return t('probe.onlyTranscode', { codec: (p.codec || '').toUpperCase() });
    }
    const text = t('probe.' + p.problem);
    return text === 'probe.' + p.problem ? (p.message || p.problem) : text;
  }

  /** Fills what the camera told us and the form does not know yet. */
  prefill(p) {
    if (p.ok && !$('f-name').value && !this.editing) $('f-name').focus();
  }

  async save() {
    const body = this.editing ? bodyFromView(this.editing) : {};
    Object.assign(body, this.connection(), {
      name: $('f-name').value.trim(),
      vendor: optional('f-vendor'),
      model: optional('f-model'),
      location: optional('f-location'),
      purpose: optional('f-purpose'),
      legalRegime: this.editing ? this.editing.legalRegime : $('f-regime').value,
      recording: $('f-recording').checked,
      // Empty: none (D89). Credentials may be in the URL; left out, the stored ones stay.
      subStream: optional('f-sub-url') ? { url: optional('f-sub-url') } : undefined,
    });
    const days = $('f-retention').value.trim();
    body.retentionDays = days === '' ? undefined : Number(days);
    if (!this.editing && optional('f-id')) body.id = optional('f-id');
    $('save').disabled = true;
    try {
      const r = this.editing
        ? await api('PUT', `/api/v1/cameras/${encodeURIComponent(this.editing.id)}`, body)
        : await api('POST', '/api/v1/cameras', body);
      if (r.status === 200 || r.status === 201) {
        const created = r.status === 201;
        $('camera-form').hidden = true;
        this.editing = null;
        await this.onSaved(r.data, created);
      } else {
        this.problem(r);
      }
    } finally {
      this.updateSave();
    }
  }

  problem(r) {
    say($('form-message'), problemText(problemOf(r)));
    const field = r.data && r.data.field && FIELDS[r.data.field.split('.')[0]];
    if (field) $(field).focus();
  }
}

