// Camera grants of an operator or police user: every camera, or chosen ones. A checkbox per camera, named by the
// camera's name and id, and one for all cameras (also those added later).
import { el } from './dom.js';
import { t } from './i18n.js';

const ALL = '*';

/** Checkboxes named {prefix}-grant, checked for the grants the user has: all cameras, each group, each camera. */
export function grantChoices(prefix, grants, cameras, groups = []) {
  const all = el('input', { type: 'checkbox', name: `${prefix}-grant`, value: ALL, checked: grants.includes(ALL) });
  const box = (value, label, sub) => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name: `${prefix}-grant`, value, checked: grants.includes(value) }),
    el('span', { text: label }), el('span', { class: 'sub', text: sub }));
  const boxes = [
    ...groups.map((g) => box(g.grant, t('grants.group', { name: g.name }), t('grants.groupSize', { n: g.cameras.length }))),
    ...cameras.map((c) => box(c.id, `${c.name} (${c.id})`, c.legalRegime)),
  ];
  const sync = () => {
    for (const b of boxes) b.querySelector('input').disabled = all.checked;
  };
  all.addEventListener('change', sync);
  sync();
  const allLabel = el('label', { class: 'check all' }, all, el('span', { i18n: 'grants.all' }));
  if (cameras.length === 0) return [allLabel, el('p', { class: 'hint', i18n: 'grants.noCameras' })];
  return [allLabel, ...boxes];
}

export function chosenGrants(prefix) {
  const checked = [...document.querySelectorAll(`input[name="${prefix}-grant"]:checked`)].map((b) => b.value);
  return checked.includes(ALL) ? [ALL] : checked;
}

/** The grants in words: all cameras, none, or the names of the groups and cameras. */
export function grantSummary(grants, cameras, groups = []) {
  if (grants.includes(ALL)) return t('grants.all');
  if (grants.length === 0) return t('grants.none');
  return grants.map((id) => {
    const group = groups.find((g) => g.grant === id);
    if (group) return t('grants.group', { name: group.name });
    return (cameras.find((c) => c.id === id) || { name: id }).name;
  }).join(', ');
}
