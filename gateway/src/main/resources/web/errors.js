// Why the gateway said no, in the user's language: the one place where the API's error codes become sentences.
// Every page shows refusals through here. The API's own message (English, for scripts and logs) is kept as a
// technical detail beside the sentence where it adds something (which value, which limit), never instead of it.
import { has, setText, t } from './i18n.js';

/** Codes whose English message adds something the sentence cannot know. */
const DETAIL_CODES = new Set(['invalid_field', 'invalid_parameter', 'wrong_type', 'unknown_field', 'malformed_json',
  'range_not_satisfiable', 'conflict', 'file_too_large', 'discovery_refused', 'unreachable', 'timeout',
  'outside_networks', 'bad_response', 'url_refused', 'no_profile', 'no_stream']);

/**
 * What to say about an API answer that is not a success: a text key with its values, so that a language switch
 * can say it again, and the API's own message where it adds something.
 * @param status  the HTTP status (0: no answer at all)
 * @param body    the JSON error body {error, message, field, reason}, or null
 * @param context page-specific wording by code or status, e.g. {not_found: 'playback.noFootage'} (keys of i18n.js)
 * @returns {{key: string, vars: object, detail: string|null, code: string|null}}
 */
export function problem(status, body, context = {}) {
  const code = body && typeof body.error === 'string' ? body.error : null;
  const detail = code && DETAIL_CODES.has(code) && typeof body.message === 'string' ? body.message : null;
  const field = body && typeof body.field === 'string' ? body.field : '';
  const vars = { status: String(status), field: field ? { key: `field.${field}`, fallback: field } : '' };
  if (code === 'internal_error') {
    const id = typeof body.message === 'string' ? body.message.match(/under id (\S+)/) : null;
    vars.id = id ? id[1] : '—';
  }
  const say = (key, d = detail) => ({ key, vars, detail: d, code });
  if (status === 0) return say('error.network', null);
  if (code && context[code]) return say(context[code]);
  if (code && body.reason && has(`error.${code}.${body.reason}`)) return say(`error.${code}.${body.reason}`);
  if (code && has(`error.${code}`)) return say(`error.${code}`);
  if (context[status]) return say(context[status]);
  return say(has(`error.status.${status}`) ? `error.status.${status}` : 'error.status',
    body && typeof body.message === 'string' ? body.message : null);
}

/** As {@link problem}, for an api() result ({status, data}). */
export function problemOf(response, context) {
  return problem(response.status, response.data, context);
}

/**
 * As {@link problem}, for a request hls.js made: its error event carries the XMLHttpRequest (networkDetails),
 * whose body is text for playlists and an ArrayBuffer for media.
 */
export function problemOfXhr(xhr, context) {
  if (!xhr || typeof xhr.status !== 'number' || xhr.status === 0) return problem(0, null, context);
  let body = null;
  try {
    if ((xhr.getResponseHeader('Content-Type') || '').startsWith('application/json')) {
      const raw = xhr.responseType === 'arraybuffer' ? new TextDecoder().decode(xhr.response) : xhr.responseText;
      body = JSON.parse(raw);
    }
  } catch (e) {
    body = null; // not our JSON: the status alone says enough
  }
  return problem(xhr.status, body, context);
}

/** The problem as one sentence in the current language. */
export function problemText(p) {
  return t(p.key, p.vars);
}

/**
 * Shows a problem in an element (null clears it): the sentence, and the API's own words in a smaller line. Both are said again when the language changes (data-i18n, see i18n.js).
 */
export function showProblem(element, p) {
  element.replaceChildren();
  element.hidden = !p;
  if (!p) return;
  const sentence = document.createElement('span');
  setText(sentence, p.key, p.vars);
  element.append(sentence);
  if (p.detail) {
    const small = document.createElement('small');
    small.className = 'detail';
    setText(small, 'error.technical', { detail: p.detail });
    element.append(document.createElement('br'), small);
  }
}
