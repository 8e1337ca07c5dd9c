// The processing log tab: one line per processing of footage (live view, playback, export, probe, deletion) in
// the shape of the Logboek Dataverwerkingen standard, without user identities; a line's trace id leads to the
// access-log entries of the same request.
import { api } from './api.js';
import { has, setText } from './i18n.js';
import { problemOf, showProblem } from './errors.js';
import { addRow, known } from './table.js';
import { duration, filterParams, utc } from './format.js';

const $ = (id) => document.getElementById(id);
const ACTIVITY = 'dpl.core.processing_activity_id';
const SUBJECT = 'dpl.core.data_subject_id';
const CAMERA = 'poortwachter.camera_id';

export class Processing {
  constructor() {
    this.lines = [];
    $('p-filter').addEventListener('submit', (e) => {
      e.preventDefault();
      this.load();
    });
    $('p-filter').addEventListener('reset', () => setTimeout(() => this.load()));
  }

  /** #processing?trace=…: the lines of one request. Returns true when the filter changed. */
  show(wanted) {
    const trace = wanted.get('trace');
    if (!trace || trace === $('p-trace').value) return false;
    $('p-trace').value = trace;
    return true;
  }

  params() {
    return filterParams('p-', ['q', 'trace']);
  }

  async load() {
    const p = this.params();
    const r = await api('GET', '/api/v1/audit/processing?' + p.toString());
    showProblem($('p-message'), r.status === 200 ? null : problemOf(r));
    if (r.status !== 200) return;
    this.lines = r.data;
    for (const format of ['csv', 'json']) {
      const q = this.params();
      q.set('format', format);
      $('p-export-' + format).href = '/api/v1/audit/processing/export?' + q.toString();
    }
    this.render();
  }

  render() {
    const body = $('processing');
    body.replaceChildren();
    for (const l of this.lines) {
      const a = l.attributes || {};
      addRow(body, [
        utc(l.start_time), duration(l.end_time - l.start_time), known('processing.kind.', l.name, has),
        { ...known('processing.status.', l.status, has), className: 'result-' + String(l.status).toLowerCase() },
        a[CAMERA], a[ACTIVITY], a[SUBJECT], traceLink(l.trace_id),
      ]);
    }
    setText($('p-count'), this.lines.length === 0 ? 'audit.none' : 'processing.count', { n: this.lines.length });
  }
}

function traceLink(traceId) {
  const a = document.createElement('a');
  a.href = `#entries?q=${traceId}`;
  a.className = 'mono';
  a.textContent = traceId.slice(0, 8) + '…';
  a.title = traceId;
  a.dataset.trace = traceId;
  return a;
}
