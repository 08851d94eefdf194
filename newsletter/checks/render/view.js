// Show the loaded email in several modes in turn at the current window width, measuring
// each: put back the email as loaded, apply the mode's script, wait for its images.
// The modes' scripts, the measuring script and the Outlook.com selector probe are
// passed in as functions (see look.py); the first call after loading keeps a copy.
async (opts, steps, measure, unmatched) => {
    if (opts.fresh) {
        window.__nlLoaded = document.documentElement.cloneNode(true);
        window.__nlChanged = false;
    }
    // Every image settled (shown or failed), bounded so a stuck one cannot hang the check.
    const ready = (img) => img.complete ? null : new Promise((done) => {
        img.addEventListener('load', done, {once: true});
        img.addEventListener('error', done, {once: true});
    });
    // Waiting yields to the browser, so it is done only for images still loading.
    const settled = () => {
        const loading = Array.from(document.images, ready).filter(Boolean);
        if (!loading.length) return null;
        return Promise.race([
            Promise.all(loading),
            new Promise((done) => setTimeout(done, opts.waitMs)),
        ]);
    };
    const out = [];
    for (const [name, apply, images] of steps) {
        if (window.__nlChanged) {
            document.replaceChild(window.__nlLoaded.cloneNode(true), document.documentElement);
            window.__nlChanged = false;
        }
        if (apply) {
            apply();
            window.__nlChanged = true;
        }
        const waiting = settled();
        if (waiting) await waiting;
        const result = opts.measuring ? measure({...opts, images}) : {found: [], columns: {}};
        result.unmatched = name === opts.probeOutlook ? unmatched() : [];
        out.push(result);
    }
    return out;
}
