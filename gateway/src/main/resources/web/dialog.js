// One modal dialog for a page's confirmations and small forms (native <dialog>: focus is trapped and Escape cancels).
// The dialog stays open when the action fails, showing why, so nothing typed is lost.
import { $, say } from './dom.js';
import { t } from './i18n.js';

let pending = null;

/**
 * @param title   the heading
 * @param body    nodes to show (fields, text)
 * @param ok      the translation key of the confirming button
 * @param danger  style the button as a destructive action
 * @param action  async () => null when done, or the text of a problem to show
 */
export function ask({ title, body, ok, danger = false, action }) {
  const dialog = $('dialog');
  $('dialog-title').textContent = title;
  $('dialog-body').replaceChildren(...body);
  $('dialog-ok').textContent = t(ok);
  $('dialog-ok').classList.toggle('danger', danger);
  say($('dialog-message'), '');
  pending = action;
  dialog.showModal();
  const first = $('dialog-body').querySelector('input, select, textarea');
  if (first) first.focus();
}

$('dialog-form').addEventListener('submit', async (event) => {
  if (!event.submitter || event.submitter.value !== 'ok' || !pending) return;
  event.preventDefault();
  $('dialog-ok').disabled = true;
  try {
    const problem = await pending();
    if (problem) {
      say($('dialog-message'), problem);
    } else {
      pending = null;
      $('dialog').close();
    }
  } finally {
    $('dialog-ok').disabled = false;
  }
});
