// What a refused API call means, in the user's language: by the error's code and field where the page knows them,
// otherwise the server's own (English) message, so that nothing is hidden.
import { t } from './i18n.js';

function known(key, vars) {
  const text = t(key, vars);
  return text === key ? null : text;
}

/** @param r the answer of api(): { status, data } */
export function problemText(r) {
  const d = (r && r.data) || {};
  if (r && r.status === 403 && d.error === 'forbidden') return t('problem.forbidden');
  if (d.error === 'invalid_field' && d.field) {
    const field = known('field.' + d.field) || d.field;
    return t('problem.invalidField', { field, message: d.message || '' });
  }
  const byCode = d.error && known('problem.' + d.error);
  if (byCode) return byCode;
  if (d.message) return d.message;
  return t('problem.unknown', { status: r ? r.status : '?' });
}
