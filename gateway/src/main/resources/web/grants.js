// Camera grants of an operator or police user: every camera, or chosen ones. A checkbox per camera, named by the
// camera's name and id, and one for all cameras (also those added later).
import { el } from './dom.js';
import { t } from './i18n.js';

const ALL = '*';

/** Checkboxes named {prefix}-grant, checked for the grants the user has. */
export function grantChoices(prefix, grants, cameras) {
  const all = el('input', { type: 'checkbox', name: `${prefix}-grant`, value: ALL, checked: grants.includes(ALL) });
  const boxes = cameras.map((c) => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name: `${prefix}-grant`, value: c.id, checked: grants.includes(c.id) }),
    el('span', { text: `${c.name} (${c.id})` }),
    el('span', { class: 'sub', text: c.legalRegime })));
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

/** The grants in words: all cameras, none, or their names. */
export function grantSummary(grants, cameras) {
  if (grants.includes(ALL)) return t('grants.all');
  if (grants.length === 0) return t('grants.none');
  return grants.map((id) => (cameras.find((c) => c.id === id) || { name: id }).name).join(', ');
}
