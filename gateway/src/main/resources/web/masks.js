// Privacy masks drawn on a still of the camera (taken from its own live feed: what is masked already stays masked).
// Rectangles by dragging, polygons by clicking their corners; coordinates are fractions of the picture (0..1), as
// the API stores them, so they fit whatever resolution the camera sends.
import { api } from './api.js';
import { t } from './i18n.js';
import { el, $, say } from './dom.js';
import { problemOf, problemText } from './errors.js';
import { bodyFromView } from './cameraform.js';

const SVG = 'http://www.w3.org/2000/svg';
const MIN_SIZE = 0.01;

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

const round = (x) => Math.round(Math.min(1, Math.max(0, x)) * 10000) / 10000;

export class MaskEditor {
  constructor({ onSaved, onClose, onOpen }) {
    this.onSaved = onSaved;
    this.onClose = onClose;
    this.onOpen = onOpen;
    this.camera = null;
    this.masks = [];
    this.draft = null;
    this.pictureUrl = null;
    const stage = $('mask-svg');
    stage.addEventListener('pointerdown', (e) => this.down(e));
    stage.addEventListener('pointermove', (e) => this.move(e));
    stage.addEventListener('pointerup', (e) => this.up(e));
    $('polygon-done').addEventListener('click', () => this.closePolygon());
    $('mask-save').addEventListener('click', () => this.save());
    $('mask-close').addEventListener('click', () => this.close());
    $('mask-reload').addEventListener('click', () => this.loadPicture());
    for (const r of document.querySelectorAll('input[name=tool]')) r.addEventListener('change', () => this.cancelDraft());
  }

  tool() {
    return document.querySelector('input[name=tool]:checked').value;
  }

  open(camera) {
    this.onOpen();
    this.camera = camera;
    this.masks = (camera.masks || []).map((m) => ({ ...m }));
    this.draft = null;
    $('mask-editor').hidden = false;
    say($('mask-message'), camera.mode === 'passthrough' ? t('masks.passthrough') : '');
    $('mask-save').disabled = camera.mode === 'passthrough';
    this.render();
    this.loadPicture();
  }

  close() {
    $('mask-editor').hidden = true;
    if (this.camera) this.onClose();
    this.camera = null;
  }

  async loadPicture() {
    if (!this.camera) return;
    const img = $('mask-picture');
    const r = await fetch(`/api/v1/cameras/${encodeURIComponent(this.camera.id)}/picture`, { credentials: 'same-origin' });
    if (this.pictureUrl) URL.revokeObjectURL(this.pictureUrl);
    this.pictureUrl = null;
    if (r.status === 200) {
      this.pictureUrl = URL.createObjectURL(await r.blob());
      img.src = this.pictureUrl;
      img.alt = t('masks.pictureAlt', { name: this.camera.name });
      $('mask-stage').classList.remove('empty');
    } else {
      img.removeAttribute('src');
      img.alt = '';
      $('mask-stage').classList.add('empty');
      const data = r.headers.get('Content-Type')?.startsWith('application/json') ? await r.json() : null;
      say($('mask-message'), r.status === 409 ? t('masks.noPicture') : problemText(problemOf({ status: r.status, data })));
    }
  }

  point(e) {
    const box = $('mask-svg').getBoundingClientRect();
    return [round((e.clientX - box.left) / box.width), round((e.clientY - box.top) / box.height)];
  }

  down(e) {
    if (!this.camera || this.camera.mode === 'passthrough') return;
    e.preventDefault(); // no text selection or image drag while drawing
    const p = this.point(e);
    if (this.tool() === 'rect') {
      try {
        $('mask-svg').setPointerCapture(e.pointerId);
      } catch (ignored) {
        // without capture the rectangle still ends where the pointer is released over the picture
      }
      this.draft = { kind: 'rect', from: p, to: p };
    } else {
      if (!this.draft) this.draft = { kind: 'polygon', points: [] };
      const first = this.draft.points[0];
      if (first && this.draft.points.length >= 3 && Math.hypot(first[0] - p[0], first[1] - p[1]) < 0.02) {
        this.closePolygon();
        return;
      }
      this.draft.points.push(p);
    }
    this.render();
  }

  move(e) {
    if (this.draft && this.draft.kind === 'rect') {
      this.draft.to = this.point(e);
      this.render();
    }
  }

  up(e) {
    if (!this.draft || this.draft.kind !== 'rect') return;
    const [x1, y1] = this.draft.from;
    const [x2, y2] = this.point(e);
    this.draft = null;
    const w = Math.abs(x2 - x1);
    const h = Math.abs(y2 - y1);
    if (w >= MIN_SIZE && h >= MIN_SIZE) {
      this.masks.push({ rect: [Math.min(x1, x2), Math.min(y1, y2), round(w), round(h)], fill: $('mask-fill').value });
    }
    this.render();
  }

  closePolygon() {
    if (this.draft && this.draft.kind === 'polygon' && this.draft.points.length >= 3) {
      this.masks.push({ polygon: this.draft.points, fill: $('mask-fill').value });
    }
    this.draft = null;
    this.render();
  }

  cancelDraft() {
    this.draft = null;
    this.render();
  }

  shape(m, cls) {
    if (m.rect) {
      const [x, y, w, h] = m.rect;
      return svg('rect', { x, y, width: w, height: h, class: cls });
    }
    return svg('polygon', { points: m.polygon.map((p) => p.join(',')).join(' '), class: cls });
  }

  render() {
    if (!this.camera) return;
    $('mask-title').textContent = t('masks.title', { name: this.camera.name });
    const stage = $('mask-svg');
    stage.replaceChildren(...this.masks.map((m, i) => {
      const s = this.shape(m, 'mask ' + m.fill);
      s.dataset.index = i;
      return s;
    }));
    if (this.draft && this.draft.kind === 'rect') {
      const [x1, y1] = this.draft.from;
      const [x2, y2] = this.draft.to;
      stage.append(this.shape({ rect: [Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1), Math.abs(y2 - y1)] }, 'mask draft'));
    } else if (this.draft && this.draft.points.length > 0) {
      stage.append(svg('polyline', { points: this.draft.points.map((p) => p.join(',')).join(' '), class: 'mask draft' }));
    }
    $('polygon-done').hidden = !(this.draft && this.draft.kind === 'polygon' && this.draft.points.length >= 3);
    $('mask-list').replaceChildren(...this.masks.map((m, i) => el('li', {},
      el('span', { text: t(m.rect ? 'masks.rectN' : 'masks.polygonN', { n: i + 1 }) + ' · ' + t('masks.' + m.fill) }),
      el('button', { type: 'button', class: 'link', text: t('masks.remove'), onclick: () => { this.masks.splice(i, 1); this.render(); } }))));
    if (this.masks.length === 0) $('mask-list').append(el('li', { class: 'hint', text: t('masks.none') }));
  }

  async save() {
    const body = bodyFromView(this.camera);
    body.masks = this.masks;
    $('mask-save').disabled = true;
    try {
      const r = await api('PUT', `/api/v1/cameras/${encodeURIComponent(this.camera.id)}`, body);
      if (r.status === 200) {
        $('mask-editor').hidden = true;
        this.camera = null;
        await this.onSaved(r.data);
      } else {
        say($('mask-message'), problemText(problemOf(r)));
      }
    } finally {
      $('mask-save').disabled = false;
    }
  }
}
