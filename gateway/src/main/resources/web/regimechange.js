// An administrator changes the legal regime a camera records under (D47): the regime decides who may watch what the
// camera records from then on (police only under 151c), so it is not the integrator's to change. Footage already
// recorded keeps the regime it was recorded under. The gateway writes camera.regime with the old and the new regime
// and the reason before the change takes effect.
import { api } from './api.js';
import { t, setText } from './i18n.js';
import { el, $, say } from './dom.js';
import { problemOf, problemText } from './errors.js';
import { ask } from './dialog.js';

/** A regime as people read it: its description, and its id (what the log and the register name). */
export function regimeName(regimes, id) {
  const r = regimes.find((x) => x.id === id);
  return r ? `${r.description} (${r.id})` : id;
}

/** What the change means, said again whenever another regime is chosen. */
function describe(summary, regimes, c, toId) {
  const from = regimes.find((r) => r.id === c.legalRegime);
  const to = regimes.find((r) => r.id === toId);
  const lines = [['regime.summary', { from: regimeName(regimes, c.legalRegime), to: regimeName(regimes, toId) }]];
  if (to && to.policeOnly && !(from && from.policeOnly)) lines.push(['regime.toPoliceOnly']);
  if (to && !to.policeOnly && from && from.policeOnly) lines.push(['regime.fromPoliceOnly']);
  if (to && c.retentionDays > to.maxRetentionDays) {
    lines.push(['regime.retentionTooLong', { days: c.retentionDays, max: to.maxRetentionDays }]);
  }
  summary.replaceChildren(...lines.map(([key, vars]) => {
    const p = el('p');
    setText(p, key, vars);
    return p;
  }));
}

export function changeRegime(c, regimes, reload) {
  const others = regimes.filter((r) => r.id !== c.legalRegime);
  const select = el('select', { id: 'd-regime' },
    ...others.map((r) => el('option', { value: r.id, text: regimeName(regimes, r.id) })));
  const summary = el('div', { id: 'd-regime-summary', class: 'hint', 'aria-live': 'polite' });
  const reason = el('textarea', { id: 'd-regime-reason', rows: 3, minlength: 10, maxlength: 500, required: true });
  select.addEventListener('change', () => describe(summary, regimes, c, select.value));
  describe(summary, regimes, c, select.value);
  ask({
    title: t('regime.title', { name: c.name }),
    body: [el('p', { i18n: 'regime.keeps' }), el('label', { for: 'd-regime', i18n: 'regime.new' }), select, summary,
      el('label', { for: 'd-regime-reason', i18n: 'regime.reason' }), reason],
    ok: 'regime.confirm',
    action: async () => {
      if (reason.value.trim().length < 10) return t('policy.reasonShort');
      const r = await api('PUT', `/api/v1/cameras/${encodeURIComponent(c.id)}/legal-regime`,
        { legalRegime: select.value, reason: reason.value.trim() });
      if (r.status !== 200) return problemText(problemOf(r));
      say($('message'), t('regime.saved', { name: c.name, regime: regimeName(regimes, select.value) }), 'ok');
      await reload();
      return null;
    },
  });
}

/** The button in a camera's row of the policy table; disabled when no other regime is configured. */
export function regimeButton(c, regimes, reload) {
  const alone = !regimes.some((r) => r.id !== c.legalRegime);
  return el('button', { type: 'button', class: 'small', i18n: 'regime.change', dataset: { action: 'regime' },
    onclick: () => changeRegime(c, regimes, reload), disabled: alone, title: alone ? t('regime.onlyOne') : null });
}
