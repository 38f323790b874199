/* global window */
// A hosted page restored from the back/forward cache (the buyer pressed Back after paying) would
// show the order as it was; reload it so the sandbox renders its state now, as LianLian's does.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) window.location.reload();
});
