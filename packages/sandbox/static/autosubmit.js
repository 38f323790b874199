/* global document */
// Sends the buyer back to the merchant's url_return: the hosted page's CSP forbids inline
// scripts, so the auto-submit lives here. The visible button is the fallback without script.
const form = document.querySelector('form[data-autosubmit]');
if (form) form.submit();
