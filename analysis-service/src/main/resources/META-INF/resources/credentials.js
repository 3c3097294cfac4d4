// How the dashboard authenticates its API calls. A browser session (an OpenID Connect login's cookie) needs nothing:
// the calls are same-origin and send cookies. Otherwise, when the API answers 401, the page asks for an API key, keeps
// it in sessionStorage only (gone with the tab; never in localStorage, never in a URL) and sends it as X-CPA-Key on
// every call, the event stream included. "forget key" removes it.

const KEY_ITEM = 'cpa.apiKey';
const listeners = [];

export const storedKey = () => sessionStorage.getItem(KEY_ITEM) || '';

let waiters = [];

function changed() {
  renderKeyState();
  const waiting = waiters;
  waiters = [];
  waiting.forEach((resolve) => resolve());
  listeners.forEach((f) => f());
}

/** Resolves at the next key given or forgotten: what waits for credentials tries again then, not on a timer. */
export function nextCredentialsChange() {
  return new Promise((resolve) => waiters.push(resolve));
}

/** f() runs after a key was given or forgotten: the page reads its data again. */
export function onCredentialsChanged(f) {
  listeners.push(f);
}

/** The headers of an API call: the caller's, plus the key when there is one. */
export function withKey(headers = {}) {
  const key = storedKey();
  return key ? Object.assign({}, headers, {'X-CPA-Key': key}) : headers;
}

/** A credentials problem the page shows: 401 (a key is needed, or the one given is not accepted) or 403. */
export class CredentialsError extends Error {
  constructor(status, url, stale) {
    super(status === 403 ? 'this key may not view the dashboard' : 'an API key is needed');
    this.status = status;
    this.url = url;
    this.stale = stale;   // the key was replaced while the call was under way: try again with the new one
  }
}

/** Says what went wrong with the credentials and shows the key form. */
export function credentialsRefused(status) {
  const form = document.getElementById('key-form');
  const message = document.getElementById('key-message');
  if (status === 403) message.textContent = 'this key may not view the dashboard';
  else message.textContent = storedKey() ? 'this key was not accepted: give another' : 'this dashboard needs an API key';
  form.dataset.status = String(status);
  form.hidden = false;
}

/** fetch() of the API with the key and the session cookie; 401 and 403 show the form and throw a CredentialsError. */
export async function apiFetch(url, init = {}) {
  const key = storedKey();
  const r = await fetch(url, Object.assign({}, init, {headers: withKey(init.headers), credentials: 'same-origin'}));
  if (r.status === 401 || r.status === 403) {
    // a refusal of a key replaced meanwhile says nothing about the new one
    const stale = key !== storedKey();
    if (!stale) credentialsRefused(r.status);
    throw new CredentialsError(r.status, url, stale);
  }
  return r;
}

function renderKeyState() {
  document.getElementById('forget-key').hidden = !storedKey();
}

export function initKeyForm() {
  const form = document.getElementById('key-form');
  const input = document.getElementById('key-input');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    sessionStorage.setItem(KEY_ITEM, key);
    input.value = '';
    form.hidden = true;
    changed();
  });
  document.getElementById('forget-key').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_ITEM);
    changed();
  });
  renderKeyState();
}
