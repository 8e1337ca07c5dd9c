// The checkpoints tab: the key that signs (its id and full fingerprint, to compare with a copy kept elsewhere)
// and every signed checkpoint, newest first, downloadable to keep outside the gateway.
import { api } from './api.js';
import { setText } from './i18n.js';
import { problemOf, showProblem } from './errors.js';
import { addRow } from './table.js';
import { utc } from './format.js';

const $ = (id) => document.getElementById(id);

/** A long hex value shortened for the table; the whole of it in the tooltip and for copying. */
function abbreviated(value) {
  const s = document.createElement('span');
  s.className = 'mono';
  s.title = value;
  s.textContent = value.length > 20 ? value.slice(0, 16) + '…' : value;
  return s;
}

export class Checkpoints {
  constructor() {
    this.list = [];
  }

  show() {
    return false;
  }

  async load() {
    const [key, list] = await Promise.all([api('GET', '/api/v1/audit/signing-key'), api('GET', '/api/v1/audit/checkpoints')]);
    const failed = [key, list].find((r) => r.status !== 200);
    showProblem($('c-message'), failed ? problemOf(failed) : null);
    if (failed) return;
    $('key-algorithm').textContent = key.data.algorithm;
    $('key-id').textContent = key.data.keyId;
    // In groups of four, as fingerprints are read aloud and compared by eye.
    $('key-fingerprint').textContent = key.data.sha256.match(/.{1,4}/g).join(' ');
    this.list = list.data.slice().reverse();
    this.render();
  }

  render() {
    const body = $('checkpoints');
    body.replaceChildren();
    for (const c of this.list) {
      addRow(body, [c.seq, utc(c.timeMillis), { text: c.keyId, className: 'mono' }, abbreviated(c.hash),
        abbreviated(c.signature)]);
    }
    setText($('c-count'), this.list.length === 0 ? 'checkpoints.none' : 'checkpoints.count', { n: this.list.length });
  }
}
