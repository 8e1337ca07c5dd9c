// A small button that shows a sign (↑, ↓, ×) and tells screen readers in words what it does, in the user's
// language (renewed on a language switch through data-i18n-label).
import { t } from './i18n.js';

export function signButton(sign, labelKey, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'secondary small';
  b.textContent = sign;
  b.dataset.i18nLabel = labelKey;
  b.setAttribute('aria-label', t(labelKey));
  b.addEventListener('click', onClick);
  return b;
}
