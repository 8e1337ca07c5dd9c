// The administrator's per-camera policy: a camera may skip the sanitizing transcode ("passthrough") although the
// vendor policy does not trust it only by an administrator's recorded decision with a reason (D8, D13); and the legal
// regime it records under is changed here, by the administrator only (D47, regimechange.js).
import { api } from './api.js';
import { t } from './i18n.js';
import { el, $, when, say } from './dom.js';
import { problemOf, problemText } from './errors.js';
import { ask } from './dialog.js';
import { regimeName, regimeButton } from './regimechange.js';

function setOverride(c, reload) {
  const reason = el('textarea', { id: 'd-reason', rows: 3, minlength: 10, maxlength: 500, required: true });
  ask({
    title: t('policy.setTitle', { name: c.name }),
    body: [el('p', { i18n: 'policy.setText' }), el('label', { for: 'd-reason', i18n: 'policy.reason' }), reason],
    ok: 'policy.set',
    action: async () => {
      if (reason.value.trim().length < 10) return t('policy.reasonShort');
      const r = await api('PUT', `/api/v1/cameras/${encodeURIComponent(c.id)}/policy-override`, { reason: reason.value.trim() });
      if (r.status !== 200) return problemText(problemOf(r));
      say($('message'), t('policy.saved', { name: c.name }), 'ok');
      await reload();
      return null;
    },
  });
}

function clearOverride(c, reload) {
  ask({
    title: t('policy.clearTitle', { name: c.name }),
    body: [el('p', { i18n: 'policy.clearText' })],
    ok: 'policy.clear',
    action: async () => {
      const r = await api('DELETE', `/api/v1/cameras/${encodeURIComponent(c.id)}/policy-override`);
      if (r.status !== 200) return problemText(problemOf(r));
      say($('message'), t('policy.cleared', { name: c.name }), 'ok');
      await reload();
      return null;
    },
  });
}

export function renderPolicy(cameras, regimes, reload) {
  $('policy-rows').replaceChildren(...cameras.map((c) => {
    const o = c.policyOverride;
    return el('tr', { dataset: { camera: c.id } },
      el('td', { 'data-label': t('cameras.col.name') }, el('strong', { text: c.name }), el('span', { class: 'sub', text: c.id })),
      el('td', { 'data-label': t('field.vendor'), text: c.vendor || '—' }),
      el('td', { 'data-label': t('cameras.col.mode'), text: t('mode.' + (c.mode || 'transcode')) }),
      el('td', { 'data-label': t('cameras.col.regime'), text: regimeName(regimes, c.legalRegime) }),
      el('td', { 'data-label': t('admin.col.override') }, o
        ? [el('span', { text: o.reason }), el('span', { class: 'sub', text: t('policy.by', { by: o.by, when: when(o.at) }) })]
        : '—'),
      el('td', { 'data-label': t('admin.col.actions') }, el('div', { class: 'buttons' }, o
        ? el('button', { type: 'button', class: 'small', i18n: 'policy.clear', onclick: () => clearOverride(c, reload) })
        : el('button', { type: 'button', class: 'small', i18n: 'policy.set', onclick: () => setOverride(c, reload),
          disabled: c.masks && c.masks.length > 0, title: c.masks && c.masks.length > 0 ? t('policy.masked') : null }),
      regimeButton(c, regimes, reload))));
  }));
  if (cameras.length === 0) $('policy-rows').append(el('tr', {}, el('td', { colspan: 6, i18n: 'cameras.none' })));
}
