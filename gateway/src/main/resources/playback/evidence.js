// What a user does with a selected range: export it (operators and police; purpose, case number; made in the
// background, then downloaded and its signed manifest verified by the gateway) or put it under a legal hold so
// that retention does not delete it (police and admins, D85). Both are the API's (audited there); this only asks
// and shows, and asks only for what the user may see: every refusal would be a denied entry in the access log.
import { api } from '/ui/api.js';
import { has, setText } from '/ui/i18n.js';
import { problemOf, showProblem } from '/ui/errors.js';
import { bytes, utc } from '/ui/format.js';

const $ = (id) => document.getElementById(id);
const POLL_MS = 1000;

/** The verification, in words: the hash, the signature, and whose key signed. */
function verdict(v) {
  if (v.ok && v.signer === 'this-gateway') return { key: 'export.verifiedOk', className: 'result ok' };
  if (!v.hashMatches) return { key: 'export.verifyHash', className: 'result bad' };
  if (!v.signed || !v.signatureValid) return { key: 'export.verifySignature', className: 'result bad' };
  return { key: 'export.verifyOtherKey', className: 'result bad' };
}

export class Evidence {
  /** @param context {camera: () => camera id, purpose: () => {purpose, caseNumber}, mayExport, mayHold} */
  constructor(context) {
    this.context = context;
    this.range = null;
    this.exports = [];
    this.holds = [];
    this.verifications = new Map();
    $('export-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.requestExport();
    });
    $('hold-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.setHold();
    });
  }

  /** The selected range (ms), or null: the forms need one. */
  setRange(from, to) {
    this.range = from == null ? null : { from, to };
    for (const b of ['export-submit', 'hold-submit']) $(b).disabled = !this.range;
  }

  /** The camera's exports this user may see, and its holds. */
  async load() {
    const camera = this.context.camera();
    if (!camera) return;
    const none = { status: 0 };
    const base = `/api/v1/cameras/${encodeURIComponent(camera)}`;
    const [exports, holds] = await Promise.all([this.context.mayExport ? api('GET', `${base}/exports`) : none,
      this.context.mayHold ? api('GET', `${base}/holds?active=true`) : none]);
    this.exports = exports.status === 200 ? exports.data : [];
    this.holds = holds.status === 200 ? holds.data : [];
    this.render();
  }

  async requestExport() {
    const camera = this.context.camera();
    const q = new URLSearchParams({ from: new Date(this.range.from).toISOString(), to: new Date(this.range.to).toISOString(),
      purpose: $('export-purpose').value.trim() });
    if ($('export-case').value.trim()) q.set('caseNumber', $('export-case').value.trim());
    const r = await api('POST', `/api/v1/cameras/${encodeURIComponent(camera)}/exports?${q}`);
    showProblem($('export-message'), r.status === 202 ? null : problemOf(r));
    if (r.status !== 202) return;
    this.exports.unshift(r.data);
    this.render();
    this.poll(camera, r.data.id);
  }

  /** Until the export is made (or failed): then verified at once, so the operator sees the check. */
  async poll(camera, id) {
    for (;;) {
      await new Promise((done) => setTimeout(done, POLL_MS));
      const r = await api('GET', `/api/v1/cameras/${encodeURIComponent(camera)}/exports/${id}`);
      if (r.status !== 200) return;
      const i = this.exports.findIndex((e) => e.id === id);
      if (i >= 0) this.exports[i] = r.data;
      this.render();
      if (r.data.state === 'ready') {
        await this.verify(camera, id);
        return;
      }
      if (r.data.state !== 'pending') return;
    }
  }

  async verify(camera, id) {
    const r = await api('GET', `/api/v1/cameras/${encodeURIComponent(camera)}/exports/${id}/verify`);
    this.verifications.set(id, r.status === 200 ? verdict(r.data) : { problem: problemOf(r) });
    this.render();
  }

  async setHold() {
    const camera = this.context.camera();
    const until = $('hold-until').value;
    const body = { from: new Date(this.range.from).toISOString(), to: new Date(this.range.to).toISOString(),
      reason: $('hold-reason').value.trim(), caseNumber: $('hold-case').value.trim() || null,
      expiresAt: until ? new Date(`${until}T23:59:59`).toISOString() : null };
    const r = await api('POST', `/api/v1/cameras/${encodeURIComponent(camera)}/holds`, body);
    showProblem($('hold-message'), r.status === 201 ? null : problemOf(r));
    if (r.status !== 201) return;
    $('hold-done').hidden = false;
    setText($('hold-done'), 'hold.done', { from: utc(r.data.from), to: utc(r.data.to) });
    await this.load();
    if (this.onHoldsChanged) this.onHoldsChanged();
  }

  async release(hold, reason) {
    const r = await api('POST', `/api/v1/cameras/${encodeURIComponent(hold.cameraId)}/holds/${hold.id}/release`, { reason });
    showProblem($('hold-message'), r.status === 200 ? null : problemOf(r));
    await this.load();
    if (this.onHoldsChanged) this.onHoldsChanged();
  }

  render() {
    const camera = this.context.camera();
    const purpose = this.context.purpose();
    const list = $('exports');
    list.replaceChildren(...this.exports.map((e) => this.exportItem(camera, e, purpose)));
    $('exports-none').hidden = this.exports.length > 0;
    const holds = $('holds');
    holds.replaceChildren(...this.holds.map((h) => this.holdItem(h)));
    $('holds-none').hidden = this.holds.length > 0;
  }

  exportItem(camera, e, purpose) {
    const li = document.createElement('li');
    li.dataset.export = e.id;
    li.dataset.state = e.state;
    const head = document.createElement('span');
    setText(head, 'export.item', { from: utc(e.from), to: utc(e.to), purpose: e.purpose || '' });
    const state = document.createElement('strong');
    setText(state, has('export.state.' + e.state) ? 'export.state.' + e.state : 'export.state.other', { state: e.state });
    li.append(head, ' — ', state);
    if (e.state === 'failed' && e.error) {
      const why = document.createElement('small');
      why.className = 'detail';
      why.textContent = ` ${e.error}`;
      li.append(why);
    }
    if (e.state === 'ready' && e.links && e.links.file) {
      const q = new URLSearchParams({ purpose: purpose.purpose || e.purpose });
      if (purpose.caseNumber || e.caseNumber) q.set('caseNumber', purpose.caseNumber || e.caseNumber);
      const actions = document.createElement('span');
      actions.className = 'export-actions';
      const download = document.createElement('a');
      download.href = `${e.links.file}?${q}`;
      download.className = 'download';
      download.setAttribute('download', `${camera}-${e.id}.mp4`);
      setText(download, 'export.download', { size: bytes(e.bytes) });
      const manifest = document.createElement('a');
      manifest.href = e.links.manifest;
      manifest.className = 'manifest';
      setText(manifest, 'export.manifest');
      const check = document.createElement('button');
      check.type = 'button';
      check.className = 'secondary small verify';
      setText(check, 'export.verify');
      check.addEventListener('click', () => this.verify(camera, e.id));
      actions.append(download, manifest, check);
      li.append(document.createElement('br'), actions);
      const v = this.verifications.get(e.id);
      if (v) {
        const out = document.createElement('p');
        out.className = v.className || 'message';
        out.setAttribute('role', 'status');
        if (v.problem) showProblem(out, v.problem);
        else setText(out, v.key, { sha: e.sha256 || '' });
        li.append(out);
      }
    }
    return li;
  }

  holdItem(h) {
    const li = document.createElement('li');
    const text = document.createElement('span');
    setText(text, h.releasedAt ? 'hold.itemReleased' : 'hold.item', { from: utc(h.from), to: utc(h.to), reason: h.reason,
      until: utc(h.expiresAt), by: h.requester || '' });
    li.append(text);
    if (!h.releasedAt) li.append(' ', this.releaseForm(h));
    return li;
  }

  /** Releasing asks why (the reason goes into the access log): a small form that opens in place. */
  releaseForm(h) {
    const form = document.createElement('form');
    form.className = 'release';
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'secondary small';
    setText(open, 'hold.release');
    const label = document.createElement('label');
    label.htmlFor = `release-${h.id}`;
    setText(label, 'hold.releaseReason');
    const reason = document.createElement('input');
    reason.id = `release-${h.id}`;
    reason.maxLength = 500;
    const confirm = document.createElement('button');
    confirm.type = 'submit';
    confirm.className = 'small';
    setText(confirm, 'hold.releaseConfirm');
    label.hidden = reason.hidden = confirm.hidden = true;
    open.addEventListener('click', () => {
      open.hidden = true;
      label.hidden = reason.hidden = confirm.hidden = false;
      reason.focus();
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.release(h, reason.value.trim());
    });
    form.append(open, label, reason, confirm);
    return form;
  }
}
