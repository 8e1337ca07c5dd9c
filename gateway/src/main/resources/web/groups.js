// Camera groups on the administrator's page: a district or building as one grant (group:<id>), D57.
import { api } from './api.js';
import { t } from './i18n.js';
import { el, $, say, slug } from './dom.js';
import { problemOf, problemText } from './errors.js';
import { ask } from './dialog.js';


function edit(group, cameras, reload) {
  const name = el('input', { id: 'd-group-name', maxlength: 100, value: group ? group.name : '' });
  const id = el('input', { id: 'd-group-id', maxlength: 63, value: group ? group.id : '', readonly: !!group,
    spellcheck: 'false' });
  name.addEventListener('input', () => { if (!group) id.placeholder = slug(name.value); });
  const members = group ? group.cameras : [];
  const boxes = cameras.map((c) => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name: 'd-member', value: c.id, checked: members.includes(c.id) }),
    el('span', { text: `${c.name} (${c.id})` })));
  ask({
    title: group ? t('groups.editTitle', { name: group.name }) : t('groups.add'),
    body: [el('label', { for: 'd-group-name', i18n: 'groups.name' }), name,
      el('label', { for: 'd-group-id', i18n: 'field.id' }), id,
      el('fieldset', {}, el('legend', { i18n: 'field.cameras' }), el('div', { class: 'choices' }, boxes))],
    ok: 'form.save',
    action: async () => {
      const groupId = id.value.trim() || slug(name.value);
      const chosen = [...document.querySelectorAll('input[name=d-member]:checked')].map((b) => b.value);
      const r = await api('PUT', `/api/v1/groups/${encodeURIComponent(groupId)}`, { name: name.value.trim(), cameras: chosen });
      if (r.status !== 200) return problemText(problemOf(r));
      say($('message'), t('groups.saved', { name: r.data.name }), 'ok');
      await reload();
      return null;
    },
  });
}

function remove(group, reload) {
  ask({
    title: t('groups.removeTitle', { name: group.name }),
    body: [el('p', { i18n: 'groups.removeText' })],
    ok: 'admin.remove',
    danger: true,
    action: async () => {
      const r = await api('DELETE', `/api/v1/groups/${encodeURIComponent(group.id)}`);
      if (r.status !== 204) return problemText(problemOf(r));
      say($('message'), t('groups.removed', { name: group.name }), 'ok');
      await reload();
      return null;
    },
  });
}

export function renderGroups(groups, cameras, reload) {
  $('group-add').onclick = () => edit(null, cameras, reload);
  $('group-rows').replaceChildren(...groups.map((g) => el('tr', { dataset: { group: g.id } },
    el('td', { 'data-label': t('groups.col.name') }, el('strong', { text: g.name }), el('span', { class: 'sub', text: g.grant })),
    el('td', { 'data-label': t('groups.col.cameras'), text: g.cameras.map((id) => (cameras.find((c) => c.id === id)
      || { name: id }).name).join(', ') || '—' }),
    el('td', { 'data-label': t('admin.col.actions') }, el('div', { class: 'buttons' },
      el('button', { type: 'button', class: 'small', i18n: 'cameras.edit', onclick: () => edit(g, cameras, reload) }),
      el('button', { type: 'button', class: 'small danger', i18n: 'admin.remove', onclick: () => remove(g, reload) }))))));
  if (groups.length === 0) $('group-rows').append(el('tr', {}, el('td', { colspan: 3, i18n: 'groups.none' })));
}
