// The playback timeline: one lane per camera (recorded spans, gaps, legal holds) over a window of the day that
// zooms from the whole day down to a minute. A click plays from that instant; a drag selects a range (for an
// export or a legal hold); the red line follows what is playing. Times are the browser's local time.
import { locale } from '/ui/i18n.js';

const MINUTE = 60000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Window widths, widest first, and the tick spacing that reads well at each. */
export const ZOOMS = [
  { span: DAY, tick: 3 * HOUR }, { span: 6 * HOUR, tick: HOUR }, { span: HOUR, tick: 10 * MINUTE },
  { span: 15 * MINUTE, tick: 2 * MINUTE }, { span: 5 * MINUTE, tick: MINUTE }, { span: MINUTE, tick: 10000 },
];
const DRAG_PX = 5; // a press that moves less than this is a click

export class Timeline {
  /**
   * @param box      the element to draw in (lanes, ticks, cursor, selection)
   * @param onPick   called with an instant (ms) when the user clicks
   * @param onSelect called with (from, to) in ms when the user drags out a range, or (null, null) when it is cleared
   */
  constructor(box, onPick, onSelect) {
    this.box = box;
    this.onPick = onPick;
    this.onSelect = onSelect;
    this.lanes = []; // {id, name, spans: [{start, end}], holds: [{from, to}]}
    this.day = null;
    this.zoom = 0;
    this.start = 0;
    this.cursor = null;
    this.selection = null;
    this.listen();
    window.addEventListener('resize', () => this.align());
  }

  /** A new day (its local midnight, ms): the whole day in view. */
  setDay(dayStart) {
    this.day = dayStart;
    this.zoom = 0;
    this.start = dayStart;
    this.render();
  }

  setLanes(lanes) {
    this.lanes = lanes;
    this.render();
  }

  get span() {
    return ZOOMS[this.zoom].span;
  }

  get end() {
    return this.start + this.span;
  }

  /** One step in (positive) or out, keeping {@code around} (default: the cursor, else the middle) in place. */
  zoomBy(steps, around) {
    const z = Math.max(0, Math.min(ZOOMS.length - 1, this.zoom + steps));
    if (z === this.zoom) return;
    const pivot = around ?? (this.cursor != null && this.cursor >= this.start && this.cursor < this.end
      ? this.cursor : this.start + this.span / 2);
    const frac = (pivot - this.start) / this.span;
    this.zoom = z;
    this.moveTo(pivot - frac * this.span);
  }

  /** Half a window earlier (negative) or later, within the day. */
  pan(direction) {
    this.moveTo(this.start + direction * this.span / 2);
  }

  moveTo(start) {
    this.start = Math.max(this.day, Math.min(this.day + DAY - this.span, start));
    this.render();
  }

  /** Brings an instant into view (keeps the window when it is already in). */
  show(at) {
    if (at < this.start || at >= this.end) this.moveTo(at - this.span / 2);
  }

  setCursor(at) {
    this.cursor = at;
    this.placeCursor();
  }

  select(from, to) {
    this.selection = from == null ? null : { from: Math.min(from, to), to: Math.max(from, to) };
    this.placeSelection();
  }

  // ---- drawing -------------------------------------------------------------------------------------------------

  pct(t) {
    return ((t - this.start) / this.span) * 100;
  }

  /** A bar from a to b, clipped to the window; null when it lies outside. */
  bar(className, a, b, minPct) {
    const left = Math.max(0, this.pct(a));
    const right = Math.min(100, this.pct(b));
    if (right < 0 || left > 100 || right < left) return null;
    const e = document.createElement('div');
    e.className = className;
    e.style.left = `${left}%`;
    e.style.width = `${Math.max(minPct, right - left)}%`;
    return e;
  }

  render() {
    if (this.day == null) return;
    const fmt = new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit',
      second: this.span <= 5 * MINUTE ? '2-digit' : undefined });
    const lanes = this.lanes.map((lane) => {
      const row = document.createElement('div');
      row.className = 'lane';
      row.dataset.camera = lane.id;
      const name = document.createElement('span');
      name.className = 'lane-name';
      name.textContent = lane.name;
      const track = document.createElement('div');
      track.className = 'track';
      for (const s of lane.spans) {
        const e = this.bar('span', s.start, s.end, 0.15);
        if (e) {
          e.title = `${fmt.format(s.start)} – ${fmt.format(s.end)}`;
          track.append(e);
        }
      }
      for (const h of lane.holds) {
        const e = this.bar('hold', h.from, h.to, 0.2);
        if (e) track.append(e);
      }
      row.append(name, track);
      return row;
    });
    const ticks = document.createElement('div');
    ticks.className = 'ticks';
    const step = ZOOMS[this.zoom].tick;
    // Not at the very edges, where half a label would stick out of the window.
    for (let t = Math.floor(this.start / step) * step + step; t < this.end; t += step) {
      const tick = document.createElement('span');
      tick.style.left = `${this.pct(t)}%`;
      tick.textContent = fmt.format(t);
      ticks.append(tick);
    }
    const over = document.createElement('div');
    over.className = 'overlay';
    this.cursorEl = document.createElement('div');
    this.cursorEl.className = 'cursor';
    this.selectionEl = document.createElement('div');
    this.selectionEl.className = 'selection';
    over.append(this.selectionEl, this.cursorEl);
    this.box.replaceChildren(...lanes, ticks, over);
    this.align();
    this.placeCursor();
    this.placeSelection();
  }

  /** Ticks, cursor and selection span the tracks, not the lane names beside them. */
  align() {
    const track = this.box.querySelector('.track');
    if (!track) return;
    const box = this.box.getBoundingClientRect();
    const r = track.getBoundingClientRect();
    for (const e of this.box.querySelectorAll('.ticks, .overlay')) {
      e.style.left = `${r.left - box.left}px`;
      e.style.width = `${r.width}px`;
    }
  }

  placeCursor() {
    if (!this.cursorEl) return;
    const p = this.cursor == null ? -1 : this.pct(this.cursor);
    this.cursorEl.hidden = p < 0 || p > 100;
    this.cursorEl.style.left = `${p}%`;
  }

  placeSelection() {
    if (!this.selectionEl) return;
    const s = this.selection;
    const left = s ? Math.max(0, this.pct(s.from)) : 0;
    const right = s ? Math.min(100, this.pct(s.to)) : 0;
    this.selectionEl.hidden = !s || right <= 0 || left >= 100;
    this.selectionEl.style.left = `${left}%`;
    this.selectionEl.style.width = `${Math.max(0.2, right - left)}%`;
  }

  // ---- input ---------------------------------------------------------------------------------------------------

  /** The instant under a pointer's x, on the tracks (the lane names take the left column). */
  at(clientX) {
    const track = this.box.querySelector('.track') || this.box;
    const r = track.getBoundingClientRect();
    const frac = Math.max(0, Math.min(1, (clientX - r.left) / r.width));
    return this.start + frac * this.span;
  }

  listen() {
    let down = null;
    this.box.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      down = { x: e.clientX, t: this.at(e.clientX), dragging: false };
      this.box.setPointerCapture(e.pointerId);
    });
    this.box.addEventListener('pointermove', (e) => {
      if (!down) return;
      if (!down.dragging && Math.abs(e.clientX - down.x) >= DRAG_PX) down.dragging = true;
      if (down.dragging) this.select(down.t, this.at(e.clientX));
    });
    this.box.addEventListener('pointerup', (e) => {
      if (!down) return;
      const d = down;
      down = null;
      if (d.dragging) {
        this.select(d.t, this.at(e.clientX));
        this.onSelect(this.selection.from, this.selection.to);
      } else {
        this.onPick(d.t);
      }
    });
    this.box.addEventListener('wheel', (e) => {
      if (!e.ctrlKey && !e.altKey) return; // plain scrolling scrolls the page
      e.preventDefault();
      this.zoomBy(e.deltaY < 0 ? 1 : -1, this.at(e.clientX));
    }, { passive: false });
  }
}
