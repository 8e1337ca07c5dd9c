// The deletions tab, the proof of deletion the AVG asks for: every purge of footage (its period, files and bytes,
// and why: the retention period ended or free space fell under the floor) and every export copy that expired
// (from its retention.delete entry in the access log).
import { api } from './api.js';
import { has, setText } from './i18n.js';
import { problemOf, showProblem } from './errors.js';
import { addRow, known } from './table.js';
import { bytes, filterParams, utc } from './format.js';

const $ = (id) => document.getElementById(id);

export class Deletions {
  constructor() {
    this.purges = [];
    this.expired = [];
    $('d-filter').addEventListener('submit', (e) => {
      e.preventDefault();
      this.load();
    });
  }

  show() {
    return false;
  }

  async load() {
    const p = filterParams('d-', ['camera']);
    // Expired exports: the entries the gateway writes for them name the export first in their detail.
    const e = new URLSearchParams(p);
    e.set('action', 'retention.delete');
    e.set('q', 'export_id=');
    e.set('limit', '1000');
    const [purges, expired] = await Promise.all([api('GET', '/api/v1/retention/purges?' + p),
      api('GET', '/api/v1/audit/entries?' + e)]);
    const failed = [purges, expired].find((r) => r.status !== 200);
    showProblem($('d-message'), failed ? problemOf(failed) : null);
    if (failed) return;
    this.purges = purges.data;
    this.expired = expired.data.entries;
    this.render();
  }

  render() {
    const body = $('purges');
    body.replaceChildren();
    for (const r of this.purges) {
      const why = document.createElement('span');
      setText(why, has('deletions.policy.' + r.policy) ? 'deletions.policy.' + r.policy : 'deletions.policy.other',
        { policy: r.policy });
      const rule = document.createElement('small');
      rule.className = 'detail';
      rule.textContent = r.detail || '';
      const cell = document.createElement('span');
      cell.append(why, document.createElement('br'), rule);
      addRow(body, [utc(r.finishedAt || r.startedAt), r.cameraId, `${utc(r.from)} – ${utc(r.to)}`, r.files,
        bytes(r.bytes), cell, known('deletions.stateOf.', r.state, has)]);
    }
    setText($('d-count'), this.purges.length === 0 ? 'deletions.nonePurged' : 'deletions.purgeCount', { n: this.purges.length });
    const expired = $('expired');
    expired.replaceChildren();
    for (const x of this.expired) {
      addRow(expired, [utc(x.timeMillis), x.objectId, x.rangeFrom != null ? `${utc(x.rangeFrom)} – ${utc(x.rangeTo)}` : '',
        x.detail]);
    }
    setText($('e-count'), this.expired.length === 0 ? 'deletions.noneExpired' : 'deletions.expiredCount', { n: this.expired.length });
  }
}
