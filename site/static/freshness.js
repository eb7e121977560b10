// The freshness banner: with JavaScript on, every page reads /build.json and says how old the
// published site is; past twice the publish period it says the site may be stale. Without
// JavaScript the page reads the same, minus the banner.
(function () {
  const banner = document.getElementById('freshness');
  if (!banner) return;
  // The site's root, base path included (JOURNEY_BASE_PATH): this script lives there.
  const root = new URL('.', document.currentScript ? document.currentScript.src : location.origin + '/');
  fetch(new URL('build.json', root), { cache: 'no-store' })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
    .then((build) => {
      const minutes = Math.max(0, Math.round((Date.now() - Date.parse(build.built_at)) / 60000));
      const every = Number(build.publish_every_seconds) || 900;
      const age = minutes < 120 ? minutes + ' min' : Math.round(minutes / 60) + ' h';
      const stale = minutes * 60 > 2 * every;
      banner.textContent = stale
        ? 'This site may be stale: the last publish was ' + age + ' ago (one is due every ' + Math.round(every / 60) + ' min).'
        : 'Published ' + age + ' ago.';
      banner.className = stale ? 'freshness stale' : 'freshness';
      banner.hidden = false;
      // The overview names the build and its snapshot (a page's own bytes never hold build facts).
      const facts = document.getElementById('build-facts');
      if (facts && build.snapshot) {
        facts.textContent = 'Built ' + String(build.built_at).replace('T', ' ').replace(/\.\d+/, '') + ', snapshot ';
        const link = document.createElement('a');
        link.href = new URL('snapshots/' + encodeURIComponent(build.snapshot) + '/site-data.json', root).href;
        link.textContent = build.snapshot;
        facts.append(link, ' (', Object.assign(document.createElement('a'), { href: new URL('history/', root).href, textContent: 'all snapshots' }), ').');
      }
    })
    .catch(() => {});
})();
