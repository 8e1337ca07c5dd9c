// Why someone watches live: asked once when a view starts (where the gateway is configured to ask), kept for
// this browser tab, and sent with every live view of the tab so that each one's entry in the access log carries
// it. Choosing the standard purpose sends none: the gateway then records its configured default and says so in
// the entry (purpose=default).
import { api } from './api.js';
import { setText } from './i18n.js';

const KEY = 'pw-live-purpose';

/** The gateway's live settings: {askPurpose, defaultPurpose}. */
export async function liveOptions() {
  const r = await api('GET', '/api/v1/live/options');
  return r.status === 200 ? r.data : { askPurpose: false, defaultPurpose: null };
}

/** The purpose this tab states, or null when it has chosen none yet. {byDefault: true} for the standard one. */
export function statedPurpose() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY));
  } catch (e) {
    return null;
  }
}

/** The query a live view carries: purpose and case number, or nothing for the standard purpose. */
export function purposeQuery(choice) {
  const q = new URLSearchParams();
  if (choice && !choice.byDefault) {
    q.set('purpose', choice.purpose);
    if (choice.caseNumber) q.set('caseNumber', choice.caseNumber);
  }
  return q.toString();
}

/** A short line for the toolbar: what this tab's views are logged with. */
export function describe(el, choice, options) {
  if (!choice || choice.byDefault) setText(el, 'purpose.now', { purpose: options.defaultPurpose || '—' });
  else setText(el, 'purpose.nowStated', { purpose: choice.purpose, case: choice.caseNumber || '' });
}

/**
 * The purpose to watch with: the one this tab stated, else asked now (when the gateway asks), else the standard
 * one. {@code again} asks even when one was stated (the operator changes it).
 */
export async function livePurpose(options, again = false) {
  const kept = statedPurpose();
  if (kept && !again) return kept;
  if (!options.askPurpose) return { byDefault: true };
  const choice = await ask(options, kept);
  sessionStorage.setItem(KEY, JSON.stringify(choice));
  return choice;
}

function ask(options, previous) {
  const dialog = dialogElement();
  const text = dialog.querySelector('#purpose-text');
  const caseNumber = dialog.querySelector('#purpose-case');
  const message = dialog.querySelector('#purpose-message');
  setText(dialog.querySelector('#purpose-default'), 'purpose.useDefault', { purpose: options.defaultPurpose || '' });
  text.value = previous && !previous.byDefault ? previous.purpose : '';
  caseNumber.value = previous && !previous.byDefault ? previous.caseNumber || '' : '';
  message.hidden = true;
  return new Promise((resolve) => {
    const form = dialog.querySelector('form');
    form.onsubmit = (event) => {
      const chosen = event.submitter ? event.submitter.value : 'stated';
      if (chosen === 'default') {
        resolve({ byDefault: true });
        return;
      }
      const purpose = text.value.trim();
      const cn = caseNumber.value.trim();
      // The gateway's own rules (Purpose): at least 3 characters; a case number of letters, digits, . / : _ - and space.
      const problem = purpose.length < 3 ? 'error.purpose_required'
        : cn && !/^[A-Za-z0-9][A-Za-z0-9 ./:_-]{0,63}$/.test(cn) ? 'error.purpose_invalid' : null;
      if (problem) {
        event.preventDefault();
        setText(message, problem);
        message.hidden = false;
        text.focus();
        return;
      }
      resolve({ purpose, caseNumber: cn || null });
    };
    // Escape is not an answer: the view starts only with a purpose, stated or standard.
    dialog.oncancel = (event) => event.preventDefault();
    dialog.showModal();
    text.focus();
  });
}

function dialogElement() {
  let dialog = document.getElementById('purpose-dialog');
  if (dialog) return dialog;
  dialog = document.createElement('dialog');
  dialog.id = 'purpose-dialog';
  dialog.setAttribute('aria-labelledby', 'purpose-title');
  const form = document.createElement('form');
  form.method = 'dialog';
  const title = document.createElement('h2');
  title.id = 'purpose-title';
  setText(title, 'purpose.title');
  const intro = document.createElement('p');
  setText(intro, 'purpose.intro');
  const field = (id, key, max) => {
    const label = document.createElement('label');
    label.htmlFor = id;
    setText(label, key);
    const input = document.createElement('input');
    input.id = id;
    input.maxLength = max;
    input.autocomplete = 'off';
    return [label, input];
  };
  const message = document.createElement('p');
  message.id = 'purpose-message';
  message.className = 'message';
  message.setAttribute('role', 'alert');
  message.hidden = true;
  const start = document.createElement('button');
  start.type = 'submit';
  start.id = 'purpose-start';
  start.value = 'stated';
  setText(start, 'purpose.start');
  const standard = document.createElement('button');
  standard.type = 'submit';
  standard.id = 'purpose-default';
  standard.value = 'default';
  standard.className = 'secondary';
  const buttons = document.createElement('div');
  buttons.className = 'buttons-row';
  buttons.append(start, standard);
  form.append(title, intro, ...field('purpose-text', 'purpose.text', 500), ...field('purpose-case', 'purpose.case', 64),
    message, buttons);
  dialog.append(form);
  document.body.append(dialog);
  return dialog;
}

