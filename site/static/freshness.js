// The freshness banner: with JavaScript on, every page reads /build.json and says how old the
// published site is; past twice the publish period it says the site may be stale. Without
// JavaScript the page reads the same, minus the banner.
(function () {
  // The overview's heartbeat, aged live: OK up to 600 s, WARN up to 900 s, CRIT past it (the
  // monitor's thresholds). Without JavaScript the page shows the age at the monitor's last sample.
  const heartbeat = document.getElementById('heartbeat');
  const beat = heartbeat && Date.parse(heartbeat.dataset.heartbeat || '');
  if (heartbeat && beat) {
    const seconds = Math.max(0, Math.round((Date.now() - beat) / 1000));
    const state = seconds > 900 ? 'CRIT' : seconds > 600 ? 'WARN' : 'OK';
    const age = seconds < 120 ? seconds + ' s' : seconds < 7200 ? Math.round(seconds / 60) + ' min' : seconds < 172800 ? Math.round(seconds / 3600) + ' h' : Math.round(seconds / 86400) + ' d';
    const value = heartbeat.querySelector('.value');
    const badge = Object.assign(document.createElement('span'), { className: 'badge state-' + state, textContent: state });
    badge.dataset.heartbeatState = '';
    value.replaceChildren(badge, ' ' + age + ' old');
    const note = heartbeat.querySelector('.muted');
    if (note) note.textContent = 'now';
  }
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
