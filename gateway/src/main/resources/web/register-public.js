import { setupLanguageSwitch, t } from './i18n.js';
import { addRow } from './table.js';

// The public register: no login, no session, nothing but what the municipality chose to publish.
const $ = (id) => document.getElementById(id);
let data = null;

function render() {
  if (!data) return;
  const withVendor = data.cameras.some((c) => 'vendor' in c);
  $('vendor-head').hidden = !withVendor;
  $('body-line').textContent = data.responsibleBody ? t('pub.body', { body: data.responsibleBody }) : '';
  $('count').textContent = t('pub.count', { n: data.count });
  const body = $('cameras');
  body.replaceChildren();
  for (const c of data.cameras) {
    const values = [c.location, c.purpose, c.legalBasis, c.responsibleBody,
      c.retentionDays == null ? t('pub.unknown') : t('pub.days', { n: c.retentionDays })];
    if (withVendor) values.push(c.vendor);
    addRow(body, values.map((v) => v ?? '—'));
  }
}

setupLanguageSwitch(render);
const response = await fetch('/api/v1/public/cameras', { headers: { Accept: 'application/json' } });
if (response.status === 200) {
  data = await response.json();
  render();
} else {
  $('message').hidden = false;
  $('message').textContent = t('pub.failed');
}
