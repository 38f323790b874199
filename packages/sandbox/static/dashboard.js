/* global document, window, CSS */
// Dashboard actions go through the JSON control API (docs/sandbox.md); the page then reloads.
const api = async (method, path, body) => {
  const res = await fetch(`/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) window.alert(`${res.status}: ${await res.text()}`);
  window.location.reload();
};

const orderPath = (el) => `/orders/${encodeURIComponent(el.dataset.noOrder)}?oid_partner=${encodeURIComponent(el.dataset.oid)}`;

document.addEventListener('click', (event) => {
  const el = event.target.closest('[data-action]');
  if (!el) return;
  const action = el.dataset.action;
  if (action === 'reset') void api('POST', '/reset', {});
  if (action === 'delete-fault') void api('DELETE', `/faults?id=${encodeURIComponent(el.dataset.id)}`);
  if (action === 'resend') void api('POST', orderPath(el).replace('?', '/notify?'));
  if (action === 'set-result') {
    const select = document.querySelector(`select[data-result-for="${CSS.escape(el.dataset.noOrder)}"]`);
    void api('POST', orderPath(el).replace('?', '/result?'), { result_pay: select.value });
  }
});

const faultForm = document.getElementById('fault-form');
faultForm?.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(faultForm);
  const kind = data.get('kind');
  const fault = { kind };
  if (data.get('no_order')) fault.no_order = data.get('no_order');
  if (kind === 'duplicate_notify') Object.assign(fault, { count: Number(data.get('count')), concurrent: data.get('concurrent') === 'on' });
  if (kind === 'delay_notify') fault.delay_ms = Number(data.get('delay_ms'));
  if (kind === 'content_type') fault.content_type = data.get('content_type');
  if (kind === 'slow_answer') fault.threshold_ms = Number(data.get('threshold_ms'));
  void api('POST', '/faults', fault);
});

// Keeps the callback timeline live without a websocket; off while someone fills the form.
const auto = document.getElementById('auto-refresh');
window.setInterval(() => {
  if (auto?.checked && !faultForm?.contains(document.activeElement)) window.location.reload();
}, 3000);
