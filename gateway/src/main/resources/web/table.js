// Table rows that become cards on a phone: each cell carries its column's heading (data-label, shown by the CSS
// before the value on narrow screens), so that eleven columns never need a 390 px wide screen.
import { setText } from './i18n.js';

/**
 * Appends a row to {@code tbody}. A cell is text, a Node, or {key, vars} (a translation, renewed on a language
 * switch), optionally with {code} (shown small under it: the value as the API has it) and {className, title}.
 */
export function addRow(tbody, cells) {
  const headings = [...tbody.closest('table').querySelectorAll('thead th')].map((th) => th.textContent);
  const tr = document.createElement('tr');
  cells.forEach((c, i) => {
    const td = document.createElement('td');
    td.dataset.label = headings[i] || '';
    fill(td, c);
    tr.append(td);
  });
  tbody.append(tr);
  return tr;
}

function fill(td, c) {
  if (c == null || c === '') {
    td.classList.add('empty');
    return;
  }
  if (c instanceof Node) {
    td.append(c);
    return;
  }
  if (typeof c !== 'object') {
    td.textContent = String(c);
    return;
  }
  if (c.className) td.className = c.className;
  if (c.title) td.title = c.title;
  const main = document.createElement('span');
  if (c.key) setText(main, c.key, c.vars);
  else main.textContent = c.text ?? '';
  td.append(main);
  if (c.code && c.code !== main.textContent) {
    const code = document.createElement('code');
    code.textContent = c.code;
    td.append(document.createElement('br'), code);
  }
}

/** Text to translate when the language has it, else the value itself (codes the UI does not know yet). */
export function known(prefix, value, has) {
  return has(prefix + value) ? { key: prefix + value, code: value } : { text: value };
}
