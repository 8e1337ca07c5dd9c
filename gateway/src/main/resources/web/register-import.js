import { problem, showProblem } from './errors.js';
import { setupLanguageSwitch, t } from './i18n.js';
import { addRow } from './table.js';

// The import: the file goes up twice, once for the dry run and once to apply; the dry run's token makes sure that
// what is applied is what was shown. Unrecognised columns get a choice of field (the mapping step).
const $ = (id) => document.getElementById(id);
let plan = null;
const mapping = {};

async function send(path) {
  const file = $('file').files[0];
  if (!file) {
    $('status').textContent = t('imp.chooseFile');
    return null;
  }
  const q = new URLSearchParams();
  if (Object.keys(mapping).length > 0) q.set('mapping', JSON.stringify(mapping));
  const response = await fetch(path + (path.includes('?') ? '&' : '?') + q.toString(), {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'text/csv', 'X-Requested-With': 'poortwachter', Accept: 'application/json' },
    body: file,
  });
  if (response.status === 401) {
    location.assign('/login');
    return null;
  }
  const type = response.headers.get('Content-Type') || '';
  return { status: response.status, data: type.startsWith('application/json') ? await response.json() : null };
}

const shown = (v) => (v == null ? '—' : String(v));

function showMapping() {
  const box = $('mapping');
  box.replaceChildren();
  const unknown = plan.unknownColumns || [];
  box.hidden = unknown.length === 0;
  for (const c of unknown) {
    const div = document.createElement('div');
    const label = document.createElement('label');
    label.htmlFor = 'map-' + c.position;
    label.textContent = t('imp.mapColumn', { name: c.name });
    const select = document.createElement('select');
    select.id = 'map-' + c.position;
    select.dataset.column = c.name;
    const blank = document.createElement('option');
    blank.value = '';
    blank.textContent = t('imp.choose');
    select.append(blank);
    for (const f of plan.fields) {
      const o = document.createElement('option');
      o.value = f;
      o.textContent = f === 'ignore' ? t('imp.ignore') : t('field.' + f);
      select.append(o);
    }
    select.value = mapping[c.name] || '';
    select.addEventListener('change', () => {
      if (select.value) mapping[c.name] = select.value;
      else delete mapping[c.name];
    });
    div.append(label, select);
    box.append(div);
  }
}

function showPlan() {
  $('plan').hidden = false;
  const c = plan.counts;
  $('summary').textContent = t('imp.summary', { create: c.create, change: c.change, unchanged: c.unchanged,
    problems: c.problems, encoding: plan.encoding || '?', separator: plan.separator || '?' });
  const problems = $('problems');
  problems.replaceChildren();
  for (const p of plan.problems) {
    addRow(problems, [p.line === 0 ? t('imp.wholeFile') : p.line,
      p.column === 0 ? '' : `${p.column}${p.columnName ? ' (' + p.columnName + ')' : ''}`,
      (p.field ? t('field.' + p.field) + ': ' : '') + p.message]);
  }
  $('no-problems').hidden = plan.problems.length > 0;
  $('problems-table').hidden = plan.problems.length === 0;
  const rows = $('rows');
  rows.replaceChildren();
  for (const r of plan.rows) {
    if (r.action === 'unchanged') continue;
    const tr = addRow(rows, [r.line, t('imp.' + r.action), r.key, r.location, r.action === 'create' ? r.description
      : r.changes.map((ch) => `${t('field.' + ch.field)}: ${shown(ch.before)} → ${shown(ch.after)}`).join('; ')]);
    tr.dataset.action = r.action;
  }
  showMapping();
  $('apply').disabled = !plan.applicable || (c.create + c.change === 0);
}

async function dryRun(event) {
  event.preventDefault();
  $('status').textContent = t('imp.busy');
  const r = await send('/api/v1/register/import/dry-run');
  if (!r) return;
  if (r.status !== 200) {
    showProblem($('status'), problem(r.status, r.data));
    $('apply').disabled = true;
    return;
  }
  plan = r.data;
  $('status').textContent = plan.applicable ? t('imp.readyToApply') : t('imp.fixFirst');
  showPlan();
}

async function apply() {
  $('apply').disabled = true;
  $('status').textContent = t('imp.busy');
  const r = await send('/api/v1/register/import/apply?plan=' + encodeURIComponent(plan.plan));
  if (!r) return;
  if (r.status === 200) {
    $('status').textContent = t('imp.applied', { n: r.data.applied });
    plan = r.data;
    showPlan();
    $('apply').disabled = true;
    return;
  }
  if (r.status === 409 || r.status === 422) {
    $('status').textContent = t(r.status === 409 ? 'imp.changed' : 'imp.fixFirst');
  } else {
    showProblem($('status'), problem(r.status, r.data));
  }
  if (r.data && r.data.rows) {
    plan = r.data;
    showPlan();
  }
}

setupLanguageSwitch(() => { if (plan) showPlan(); });
$('upload').addEventListener('submit', dryRun);
$('apply').addEventListener('click', apply);
$('file').addEventListener('change', () => {
  plan = null;
  for (const k of Object.keys(mapping)) delete mapping[k];
  $('plan').hidden = true;
  $('apply').disabled = true;
  $('status').textContent = '';
});
