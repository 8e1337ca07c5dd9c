// Building the DOM from code. Text from the API is always set as text, never as HTML, so nothing a camera name or an
// error message holds can become markup.
import { t } from './i18n.js';

/**
 * el('button', { class: 'x', i18n: 'key', onclick: f }, child, ...): props are attributes, except class, text (as
 * text), i18n (a translation key, kept in data-i18n so a language switch updates it), dataset and on<event>.
 */
export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k === 'i18n') { e.dataset.i18n = v; e.textContent = t(v); }
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) e.append(c);
  }
  return e;
}

export const $ = (id) => document.getElementById(id);

/** A moment from the API as local date and time, in the page's language. */
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleString(document.documentElement.lang === 'en' ? 'en-GB' : 'nl-NL');
}

/** Shows a message in an element with role=alert or status (hidden when empty); kind 'ok', 'bad' or 'info' styles it. */
export function say(element, text, kind) {
  element.textContent = text || '';
  element.hidden = !text;
  element.classList.toggle('ok', kind === 'ok');
  element.classList.toggle('bad', kind === 'bad');
  element.classList.toggle('info', kind === 'info');
}

/** An id made from a name, as the gateway makes camera ids (CameraValidator.slug): a-z, 0-9 and '-'. */
export function slug(name) {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '').slice(0, 63);
}
