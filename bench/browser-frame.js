/*
 * Runs in every frame of a page the browser bench opens, before the frame's own scripts (a
 * Playwright init script). In an app frame (served under /app/) it wraps `fetch` to see the
 * bridge's calls (invoke, getContext, product requests) and watches the DOM for the surface's
 * first render and each later change; `__rcBenchState()` answers what it saw, with the frame's
 * resource timings and paint.
 */
(function () {
  'use strict';
  if (!location.pathname.startsWith('/app/')) return;
  var rc = {
    firstRender: null,
    changes: [],
    calls: [],
    pending: 0,
    lastActivity: performance.now(),
  };

  var realFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var call = null;
    var url = input instanceof Request ? input.url : String(input);
    if (/\/__forge\/bridge$/.test(url) && init && typeof init.body === 'string') {
      try {
        var body = JSON.parse(init.body);
        call = {
          cmd: String(body.cmd),
          functionKey: body.payload && body.payload.functionKey ? body.payload.functionKey : null,
          start: performance.now(),
          end: null,
        };
        rc.calls.push(call);
      } catch {
        call = null;
      }
    }
    rc.pending += 1;
    rc.lastActivity = performance.now();
    return realFetch(input, init).finally(function () {
      rc.pending -= 1;
      rc.lastActivity = performance.now();
      if (call) call.end = performance.now();
    });
  };

  // The surface's first render: the root holds something other than the entry's start-up
  // message (src/ui/components/StartupMessage.tsx, class `startup`).
  new MutationObserver(function () {
    var now = performance.now();
    rc.changes.push(now);
    rc.lastActivity = now;
    var root = document.getElementById('root');
    var first = root ? root.firstElementChild : null;
    if (rc.firstRender === null && first && !first.classList.contains('startup')) {
      rc.firstRender = now;
    }
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });

  window.__rcBenchState = function () {
    var navigation = performance.getEntriesByType('navigation')[0];
    var paint = performance.getEntriesByName('first-contentful-paint')[0];
    var resources = performance.getEntriesByType('resource').map(function (entry) {
      return { name: entry.name, startTime: entry.startTime };
    });
    if (navigation) resources.unshift({ name: navigation.name, startTime: 0 });
    return {
      url: location.href,
      origin: performance.timeOrigin,
      firstRender: rc.firstRender,
      changes: rc.changes.slice(),
      calls: rc.calls.slice(),
      pending: rc.pending,
      idleFor: performance.now() - rc.lastActivity,
      fcp: paint ? paint.startTime : null,
      resources: resources,
    };
  };
})();
