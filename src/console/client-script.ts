// The console's only script of its own (served as /static/console.js; the CSP allows no inline script): when the
// live refresh fails, say so instead of pretending — 连不上机器人 while the bot is down (polling goes on and the
// banner goes away when it answers again), 请重新登录 once the session is gone (polling stops, the figures stay).
export const CONSOLE_JS = `(function () {
  function banner(kind) {
    var b = document.getElementById('banner');
    var hint = document.getElementById('live-hint');
    if (!b) return;
    if (!kind) {
      if (b.hidden) return;
      b.hidden = true;
      b.className = 'banner';
      if (hint && hint.dataset.text) hint.textContent = hint.dataset.text;
      return;
    }
    b.hidden = false;
    b.className = 'banner ' + kind;
    if (hint) {
      if (!hint.dataset.text) hint.dataset.text = hint.textContent;
      hint.textContent = kind === 'gone' ? '已停止自动刷新' : '暂时无法刷新，稍后自动重试';
    }
    if (kind === 'gone') {
      // Polling stops, and what the page last showed (the table, the charts) stays on screen: each poller is
      // replaced by a copy htmx never processed (htmx stops a poll whose element left the page).
      var polls = document.querySelectorAll('[hx-trigger^="every"]');
      for (var i = 0; i < polls.length; i++) {
        var still = polls[i].cloneNode(true);
        still.removeAttribute('hx-trigger');
        still.removeAttribute('hx-get');
        polls[i].replaceWith(still);
      }
    }
  }
  document.addEventListener('htmx:sendError', function () { banner('down'); });
  document.addEventListener('htmx:responseError', function (e) {
    var s = e.detail.xhr ? e.detail.xhr.status : 0;
    banner(s === 401 || s === 403 ? 'gone' : 'down');
  });
  document.addEventListener('htmx:afterRequest', function (e) {
    if (e.detail.successful) banner(null);
  });
})();
`;
